package dev.realtime.socketio.adapter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.engine.spi.FanOut;
import dev.realtime.socketio.protocol.SocketPacket;
import org.jspecify.annotations.Nullable;

/**
 * The adapter of a single server: rooms in memory, broadcasts encoded once and the same
 * frames written to every target. Distributed adapters extend it and forward operations
 * to the other servers.
 */
public class InMemoryAdapter implements Adapter {

	private final AdapterNamespace namespace;

	/** room → socket ids (small sets immutable, see {@link #with}). */
	private final Map<String, Set<String>> rooms = new ConcurrentHashMap<>();

	/** socket id → rooms (the same). */
	private final Map<String, Set<String>> sids = new ConcurrentHashMap<>();

	private final List<RoomListener> roomListeners = new CopyOnWriteArrayList<>();

	/** Largest room set kept immutable (see {@link #with}). */
	private static final int SMALL_SET = 4;

	public InMemoryAdapter(AdapterNamespace namespace) {
		this.namespace = namespace;
	}

	/** The namespace this adapter serves. */
	public AdapterNamespace namespace() {
		return namespace;
	}

	@Override
	public CompletableFuture<Integer> serverCount() {
		return CompletableFuture.completedFuture(1);
	}

	@Override
	public void addAll(String socketId, Set<String> roomsToJoin) {
		if (roomsToJoin.isEmpty()) {
			sids.putIfAbsent(socketId, Set.of());
			return;
		}
		for (String room : roomsToJoin) {
			boolean[] added = new boolean[1];
			Set<String> joined = sids.compute(socketId, (id, socketRooms) -> {
				added[0] = socketRooms == null || !socketRooms.contains(room);
				return added[0] ? with(socketRooms, room) : socketRooms;
			});
			if (!added[0]) {
				continue;
			}
			// a socket alone in its own room (every socket is, at first): the room's
			// members and the socket's rooms are the same one-element set, shared
			Set<String> alone = (room.equals(socketId) && joined != null && joined.size() == 1) ? joined : null;
			boolean[] created = new boolean[1];
			rooms.compute(room, (name, members) -> {
				created[0] = members == null;
				return (members == null && alone != null) ? alone : with(members, socketId);
			});
			if (created[0]) {
				roomListeners.forEach((listener) -> listener.onCreateRoom(room));
			}
			roomListeners.forEach((listener) -> listener.onJoinRoom(room, socketId));
		}
	}

	@Override
	public void del(String socketId, String room) {
		sids.computeIfPresent(socketId, (id, socketRooms) -> without(socketRooms, room));
		removeFromRoom(socketId, room);
	}

	private void removeFromRoom(String socketId, String room) {
		boolean[] removed = new boolean[2];
		rooms.computeIfPresent(room, (name, members) -> {
			removed[0] = members.contains(socketId);
			Set<String> rest = without(members, socketId);
			if (rest.isEmpty()) {
				removed[1] = true;
				return null;
			}
			return rest;
		});
		if (removed[0]) {
			roomListeners.forEach((listener) -> listener.onLeaveRoom(room, socketId));
		}
		if (removed[1]) {
			roomListeners.forEach((listener) -> listener.onDeleteRoom(room));
		}
	}

	/**
	 * {@code set} with {@code value}. Every socket has a room of its own and most are in
	 * a few rooms, so sets of up to {@value #SMALL_SET} stay immutable and are replaced
	 * on change (a one-element set costs 24 bytes, a concurrent one about 200); larger
	 * ones become concurrent sets, changed in place. Called inside the map's
	 * {@code compute} for the set's key, so changes to one set never race.
	 */
	private static Set<String> with(@Nullable Set<String> set, String value) {
		if (set == null || set.isEmpty()) {
			return Set.of(value);
		}
		if (set instanceof ConcurrentHashMap.KeySetView<?, ?>) {
			set.add(value);
			return set;
		}
		if (set.contains(value)) {
			return set;
		}
		if (set.size() < SMALL_SET) {
			String[] values = set.toArray(new String[set.size() + 1]);
			values[values.length - 1] = value;
			return Set.of(values);
		}
		Set<String> concurrent = ConcurrentHashMap.newKeySet();
		concurrent.addAll(set);
		concurrent.add(value);
		return concurrent;
	}

	/** {@code set} without {@code value} (see {@link #with}). */
	private static Set<String> without(Set<String> set, String value) {
		if (set instanceof ConcurrentHashMap.KeySetView<?, ?>) {
			set.remove(value);
			return set;
		}
		if (!set.contains(value)) {
			return set;
		}
		if (set.size() == 1) {
			return Set.of();
		}
		return Set.of(set.stream().filter((member) -> !member.equals(value)).toArray(String[]::new));
	}

	@Override
	public void delAll(String socketId) {
		Set<String> socketRooms = sids.remove(socketId);
		if (socketRooms == null) {
			return;
		}
		for (String room : socketRooms) {
			removeFromRoom(socketId, room);
		}
	}

	@Override
	public void broadcast(SocketPacket packet, BroadcastOptions options) {
		List<EnginePacket> frames = namespace.encode(packet);
		// the bindings may queue the frames and write them after the loop, several per
		// write
		FanOut fanOut = FanOut.begin();
		try {
			apply(options, (socket) -> socket.deliver(packet, frames, options.volatilePacket()));
		}
		finally {
			fanOut.end();
		}
	}

	@Override
	public void broadcastWithAck(SocketPacket packet, BroadcastOptions options, IntConsumer clientCount,
			Consumer<List<?>> ack) {
		Runnable clientGone = (ack instanceof AckCollector collector) ? collector::clientGone : null;
		List<EnginePacket> frames = namespace.encode(packet);
		int[] count = new int[1];
		FanOut fanOut = FanOut.begin();
		try {
			apply(options, (socket) -> {
				count[0]++;
				socket.expectAck(packet.ackId(), ack, options.timeout(), clientGone);
				socket.deliver(packet, frames, options.volatilePacket());
			});
		}
		finally {
			fanOut.end();
		}
		clientCount.accept(count[0]);
	}

	/** Runs {@code action} for every local socket the options target. */
	protected void apply(BroadcastOptions options, Consumer<AdapterSocket> action) {
		Set<String> except = computeExceptSids(options.except());
		if (options.rooms().isEmpty()) {
			// the live key set: weakly consistent, no copy of every id per broadcast
			for (String id : sids.keySet()) {
				if (except.contains(id)) {
					continue;
				}
				AdapterSocket socket = namespace.socket(id);
				if (socket != null) {
					action.accept(socket);
				}
			}
			return;
		}
		Set<String> seen = new HashSet<>();
		for (String room : options.rooms()) {
			Set<String> members = rooms.get(room);
			if (members == null) {
				continue;
			}
			for (String id : members) {
				if (except.contains(id) || !seen.add(id)) {
					continue;
				}
				AdapterSocket socket = namespace.socket(id);
				if (socket != null) {
					action.accept(socket);
				}
			}
		}
	}

	/** Ids of the sockets in any of the {@code except} rooms. */
	protected Set<String> computeExceptSids(Set<String> exceptRooms) {
		if (exceptRooms.isEmpty()) {
			return Set.of();
		}
		Set<String> except = new HashSet<>();
		for (String room : exceptRooms) {
			Set<String> members = rooms.get(room);
			if (members != null) {
				except.addAll(members);
			}
		}
		return except;
	}

	@Override
	public Set<String> sockets(Set<String> roomNames) {
		Set<String> result = new HashSet<>();
		apply(new BroadcastOptions(roomNames, Set.of(), false, false, true, null), (socket) -> result.add(socket.id()));
		return result;
	}

	@Override
	public @Nullable Set<String> socketRooms(String socketId) {
		Set<String> socketRooms = sids.get(socketId);
		return (socketRooms != null) ? Collections.unmodifiableSet(new HashSet<>(socketRooms)) : null;
	}

	/** Whether a room has local members (no copy, unlike {@link #rooms()}). */
	protected boolean hasRoom(String room) {
		return rooms.containsKey(room);
	}

	@Override
	public Set<String> rooms() {
		return Collections.unmodifiableSet(new HashSet<>(rooms.keySet()));
	}

	@Override
	public CompletableFuture<List<SocketDescription>> fetchSockets(BroadcastOptions options) {
		List<SocketDescription> result = new ArrayList<>();
		apply(options, result::add);
		return CompletableFuture.completedFuture(result);
	}

	@Override
	public void addSockets(BroadcastOptions options, Set<String> roomsToJoin) {
		apply(options, (socket) -> socket.join(roomsToJoin));
	}

	@Override
	public void delSockets(BroadcastOptions options, Set<String> roomsToLeave) {
		apply(options, (socket) -> roomsToLeave.forEach(socket::leave));
	}

	@Override
	public void disconnectSockets(BroadcastOptions options, boolean close) {
		List<AdapterSocket> targets = new ArrayList<>();
		apply(options, targets::add);
		targets.forEach((socket) -> socket.disconnect(close));
	}

	@Override
	public CompletableFuture<List<Object>> serverSideEmit(List<Object> eventAndArgs, @Nullable Duration timeout) {
		// a single server has no other server to talk to
		return CompletableFuture.completedFuture(List.of());
	}

	@Override
	public void addRoomListener(RoomListener listener) {
		roomListeners.add(listener);
	}

	/**
	 * Whether anything listens to room changes: joining a room then runs no code of the
	 * application.
	 * @return whether room listeners were added
	 */
	public boolean hasRoomListeners() {
		return !roomListeners.isEmpty();
	}

}
