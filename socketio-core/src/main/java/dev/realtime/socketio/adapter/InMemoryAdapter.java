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
import dev.realtime.socketio.protocol.SocketPacket;
import org.jspecify.annotations.Nullable;

/**
 * The adapter of a single server: rooms in memory, broadcasts encoded once and the same
 * frames written to every target. Distributed adapters extend it and forward operations
 * to the other servers.
 */
public class InMemoryAdapter implements Adapter {

	private final AdapterNamespace namespace;

	/** room → socket ids. */
	private final Map<String, Set<String>> rooms = new ConcurrentHashMap<>();

	/** socket id → rooms. */
	private final Map<String, Set<String>> sids = new ConcurrentHashMap<>();

	private final List<RoomListener> roomListeners = new CopyOnWriteArrayList<>();

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
		Set<String> socketRooms = sids.computeIfAbsent(socketId, (id) -> ConcurrentHashMap.newKeySet());
		for (String room : roomsToJoin) {
			if (!socketRooms.add(room)) {
				continue;
			}
			boolean[] created = new boolean[1];
			rooms.compute(room, (name, members) -> {
				Set<String> set = members;
				if (set == null) {
					set = ConcurrentHashMap.newKeySet();
					created[0] = true;
				}
				set.add(socketId);
				return set;
			});
			if (created[0]) {
				roomListeners.forEach((listener) -> listener.onCreateRoom(room));
			}
			roomListeners.forEach((listener) -> listener.onJoinRoom(room, socketId));
		}
	}

	@Override
	public void del(String socketId, String room) {
		Set<String> socketRooms = sids.get(socketId);
		if (socketRooms != null) {
			socketRooms.remove(room);
		}
		removeFromRoom(socketId, room);
	}

	private void removeFromRoom(String socketId, String room) {
		boolean[] removed = new boolean[2];
		rooms.computeIfPresent(room, (name, members) -> {
			removed[0] = members.remove(socketId);
			if (members.isEmpty()) {
				removed[1] = true;
				return null;
			}
			return members;
		});
		if (removed[0]) {
			roomListeners.forEach((listener) -> listener.onLeaveRoom(room, socketId));
		}
		if (removed[1]) {
			roomListeners.forEach((listener) -> listener.onDeleteRoom(room));
		}
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
		apply(options, (socket) -> socket.deliver(packet, frames, options.volatilePacket()));
	}

	@Override
	public void broadcastWithAck(SocketPacket packet, BroadcastOptions options, IntConsumer clientCount,
			Consumer<List<?>> ack) {
		Runnable clientGone = (ack instanceof AckCollector collector) ? collector::clientGone : null;
		List<EnginePacket> frames = namespace.encode(packet);
		int[] count = new int[1];
		apply(options, (socket) -> {
			count[0]++;
			socket.expectAck(packet.ackId(), ack, options.timeout(), clientGone);
			socket.deliver(packet, frames, options.volatilePacket());
		});
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

}
