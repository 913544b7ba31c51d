package dev.realtime.socketio.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import dev.realtime.socketio.adapter.Adapter;
import dev.realtime.socketio.adapter.BroadcastOptions;
import dev.realtime.socketio.adapter.RoomListener;
import dev.realtime.socketio.adapter.SocketDescription;
import dev.realtime.socketio.protocol.SocketPacket;
import org.jspecify.annotations.Nullable;

/**
 * A dynamic namespace: every namespace name its matcher accepts becomes a child namespace
 * created on first use, which inherits the parent's middlewares and connection, event and
 * disconnection listeners. Broadcasting on the parent reaches every child.
 *
 * <pre>{@code
 * io.of(Pattern.compile("^/workspace-\\d+$")).on(socket -> socket.emit("hello", socket.namespace().name()));
 * }</pre>
 */
public final class ParentNamespace extends Namespace {

	private final BiPredicate<String, Map<String, Object>> matcher;

	private final Set<Namespace> children = new CopyOnWriteArraySet<>();

	private final String label;

	ParentNamespace(SocketIoServer server, String name, BiPredicate<String, Map<String, Object>> matcher,
			@Nullable String label) {
		super(server, name);
		this.matcher = matcher;
		this.label = (label != null) ? label : name;
	}

	/**
	 * What this parent matches, for humans and metric tags: the regular expression of
	 * {@code io.of(Pattern)}, else the parent's internal name.
	 */
	public String label() {
		return label;
	}

	@Override
	Adapter createAdapter(SocketIoServer server) {
		return new ChildrenAdapter();
	}

	boolean matches(String name, Map<String, Object> auth) {
		return matcher.test(name, auth);
	}

	/** The child namespaces created so far. */
	public Set<Namespace> children() {
		return Set.copyOf(children);
	}

	Namespace createChild(String name) {
		Namespace child = new Namespace(server(), name);
		child.middlewares.addAll(middlewares);
		child.connectionListeners.addAll(connectionListeners);
		child.eventListeners.putAll(eventListeners);
		child.disconnectListeners.addAll(disconnectListeners);
		child.setParent(this);
		children.add(child);
		return child;
	}

	void removeChild(Namespace child) {
		if (children.remove(child)) {
			server().removeNamespace(child);
			child.adapter().close();
		}
	}

	/** Forwards broadcasts and utility operations to every child. */
	private final class ChildrenAdapter implements Adapter {

		@Override
		public CompletableFuture<Integer> serverCount() {
			return CompletableFuture.completedFuture(1);
		}

		@Override
		public void addAll(String socketId, Set<String> rooms) {
			throw new UnsupportedOperationException("a parent namespace has no sockets of its own");
		}

		@Override
		public void del(String socketId, String room) {
		}

		@Override
		public void delAll(String socketId) {
		}

		@Override
		public void broadcast(SocketPacket packet, BroadcastOptions options) {
			for (Namespace child : children) {
				child.adapter()
					.broadcast(new SocketPacket(packet.type(), child.name(), packet.ackId(), packet.data()), options);
			}
		}

		@Override
		public void broadcastWithAck(SocketPacket packet, BroadcastOptions options, IntConsumer clientCount,
				Consumer<List<?>> ack) {
			int[] total = new int[1];
			for (Namespace child : children) {
				child.adapter()
					.broadcastWithAck(new SocketPacket(packet.type(), child.name(), packet.ackId(), packet.data()),
							options, (count) -> total[0] += count, ack);
			}
			clientCount.accept(total[0]);
		}

		@Override
		public Set<String> sockets(Set<String> rooms) {
			Set<String> all = new java.util.HashSet<>();
			children.forEach((child) -> all.addAll(child.adapter().sockets(rooms)));
			return all;
		}

		@Override
		public @Nullable Set<String> socketRooms(String socketId) {
			return null;
		}

		@Override
		public Set<String> rooms() {
			Set<String> all = new java.util.HashSet<>();
			children.forEach((child) -> all.addAll(child.adapter().rooms()));
			return all;
		}

		@Override
		public CompletableFuture<List<SocketDescription>> fetchSockets(BroadcastOptions options) {
			List<CompletableFuture<List<SocketDescription>>> parts = new ArrayList<>();
			children.forEach((child) -> parts.add(child.adapter().fetchSockets(options)));
			return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply((done) -> {
				List<SocketDescription> all = new ArrayList<>();
				parts.forEach((part) -> all.addAll(part.join()));
				return all;
			});
		}

		@Override
		public void addSockets(BroadcastOptions options, Set<String> rooms) {
			children.forEach((child) -> child.adapter().addSockets(options, rooms));
		}

		@Override
		public void delSockets(BroadcastOptions options, Set<String> rooms) {
			children.forEach((child) -> child.adapter().delSockets(options, rooms));
		}

		@Override
		public void disconnectSockets(BroadcastOptions options, boolean close) {
			children.forEach((child) -> child.adapter().disconnectSockets(options, close));
		}

		@Override
		public CompletableFuture<List<Object>> serverSideEmit(List<Object> eventAndArgs, @Nullable Duration timeout) {
			return CompletableFuture.completedFuture(List.of());
		}

		@Override
		public void addRoomListener(RoomListener listener) {
		}

	}

}
