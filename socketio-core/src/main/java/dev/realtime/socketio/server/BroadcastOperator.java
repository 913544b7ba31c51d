package dev.realtime.socketio.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.realtime.socketio.adapter.AckCollector;
import dev.realtime.socketio.adapter.BroadcastOptions;
import dev.realtime.socketio.adapter.SocketDescription;
import dev.realtime.socketio.engine.Scheduler;
import dev.realtime.socketio.protocol.SocketPacket;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * An immutable description of a broadcast: which rooms to reach, which to leave out, and
 * flags. Every method returns a new operator; {@link #emit(String, Object...)} sends.
 *
 * <pre>{@code
 * io.to("room1").to("room2").except("room3").emit("news", item);   // union of rooms, minus room3
 * io.timeout(Duration.ofSeconds(5)).emitWithAck("poll")
 *         .thenAccept(answers -> log.info("{} clients answered", answers.size()));
 * }</pre>
 */
public final class BroadcastOperator {

	private final Namespace namespace;

	private final Set<String> rooms;

	private final Set<String> except;

	private final boolean volatilePacket;

	private final boolean compress;

	private final boolean local;

	private final @Nullable Duration timeout;

	BroadcastOperator(Namespace namespace) {
		this(namespace, Set.of(), Set.of(), false, true, false, null);
	}

	private BroadcastOperator(Namespace namespace, Set<String> rooms, Set<String> except, boolean volatilePacket,
			boolean compress, boolean local, @Nullable Duration timeout) {
		this.namespace = namespace;
		this.rooms = rooms;
		this.except = except;
		this.volatilePacket = volatilePacket;
		this.compress = compress;
		this.local = local;
		this.timeout = timeout;
	}

	private static Set<String> plus(Set<String> set, Collection<String> more) {
		Set<String> result = new HashSet<>(set);
		result.addAll(more);
		return Collections.unmodifiableSet(result);
	}

	/** Targets the sockets in these rooms too (union). */
	public BroadcastOperator to(String... rooms) {
		return to(Arrays.asList(rooms));
	}

	/** Targets the sockets in these rooms too (union). */
	public BroadcastOperator to(Collection<String> rooms) {
		return new BroadcastOperator(namespace, plus(this.rooms, rooms), except, volatilePacket, compress, local,
				timeout);
	}

	/** Same as {@link #to(String...)}. */
	public BroadcastOperator in(String... rooms) {
		return to(rooms);
	}

	/** Leaves out the sockets in these rooms (socket ids are rooms too). */
	public BroadcastOperator except(String... rooms) {
		return except(Arrays.asList(rooms));
	}

	/** Leaves out the sockets in these rooms (socket ids are rooms too). */
	public BroadcastOperator except(Collection<String> rooms) {
		return new BroadcastOperator(namespace, this.rooms, plus(except, rooms), volatilePacket, compress, local,
				timeout);
	}

	/**
	 * Lets the packet be dropped for clients that cannot take it right now (Node's
	 * {@code volatile}).
	 */
	public BroadcastOperator volatile_() {
		return new BroadcastOperator(namespace, rooms, except, true, compress, local, timeout);
	}

	/**
	 * Whether the packet may be compressed: advisory, as Node's flag is for WebSocket:
	 * compression is negotiated per connection ({@code EngineOptions.perMessageDeflate})
	 * and applied per polling response ({@code EngineOptions.compressionThreshold}); the
	 * flag is carried in {@link BroadcastOptions} so that a distributed adapter forwards
	 * it.
	 */
	public BroadcastOperator compress(boolean compress) {
		return new BroadcastOperator(namespace, rooms, except, volatilePacket, compress, local, timeout);
	}

	/** Targets this server's sockets only, not the other nodes of a cluster. */
	public BroadcastOperator local() {
		return new BroadcastOperator(namespace, rooms, except, volatilePacket, compress, true, timeout);
	}

	/** Sets the acknowledgement timeout of {@link #emitWithAck(String, Object...)}. */
	public BroadcastOperator timeout(Duration timeout) {
		return new BroadcastOperator(namespace, rooms, except, volatilePacket, compress, local, timeout);
	}

	BroadcastOptions options() {
		return new BroadcastOptions(rooms, except, volatilePacket, compress, local, timeout);
	}

	/**
	 * Emits an event to every targeted socket. The packet is encoded once and the same
	 * frames are written to all of them.
	 * @throws IllegalArgumentException for a reserved event name
	 */
	public void emit(String event, Object... args) {
		namespace.adapter()
			.broadcast(SocketPacket.event(namespace.name(), SocketPacket.NO_ACK, event, args), options());
	}

	/** Emits the {@code message} event. */
	public void send(Object... args) {
		emit("message", args);
	}

	/**
	 * Emits an event and gathers every targeted client's acknowledgement. The future
	 * completes with all answers once every client answered, or fails with an
	 * {@link AckTimeoutException} holding the answers received when the
	 * {@link #timeout(Duration)} is up.
	 */
	public CompletableFuture<List<EventArgs>> emitWithAck(String event, Object... args) {
		SocketPacket packet = SocketPacket.event(namespace.name(), namespace.nextAckId(), event, args);
		BroadcastAck gather = new BroadcastAck(namespace.server().engine().scheduler(), timeout,
				namespace.server().mapper());
		namespace.adapter()
			.serverCount()
			.whenComplete((count, failure) -> gather.expectServers((count != null) ? count : 1));
		namespace.adapter().broadcastWithAck(packet, options(), gather::addClients, gather);
		return gather.future;
	}

	/** The targeted sockets, on every server unless {@link #local()}. */
	public CompletableFuture<List<RemoteSocket>> fetchSockets() {
		return namespace.adapter().fetchSockets(options()).thenApply((found) -> {
			List<RemoteSocket> sockets = new ArrayList<>(found.size());
			for (SocketDescription description : found) {
				sockets.add((description instanceof AdapterSocketView local) ? RemoteSocket.of(local.socket())
						: ClusterRemoteSocket.of(namespace, description));
			}
			return sockets;
		});
	}

	/** Makes the targeted sockets join rooms. */
	public void socketsJoin(String... rooms) {
		namespace.adapter().addSockets(options(), Set.of(rooms));
	}

	/** Makes the targeted sockets leave rooms. */
	public void socketsLeave(String... rooms) {
		namespace.adapter().delSockets(options(), Set.of(rooms));
	}

	/**
	 * Disconnects the targeted sockets; with {@code close} their connections are closed
	 * too.
	 */
	public void disconnectSockets(boolean close) {
		namespace.adapter().disconnectSockets(options(), close);
	}

	/** Gathers the answers of a broadcast with acknowledgements. */
	private static final class BroadcastAck implements AckCollector {

		final CompletableFuture<List<EventArgs>> future = new CompletableFuture<>();

		private final List<EventArgs> responses = new ArrayList<>();

		private int expectedServers = -1;

		private int reportedServers;

		private int expectedClients;

		private int goneClients;

		private Scheduler.@Nullable Cancellable timer;

		private final ObjectMapper mapper;

		BroadcastAck(Scheduler scheduler, @Nullable Duration timeout, ObjectMapper mapper) {
			this.mapper = mapper;
			if (timeout != null) {
				timer = scheduler.schedule(this::timedOut, timeout.toMillis());
			}
		}

		synchronized void expectServers(int count) {
			expectedServers = count;
			check();
		}

		synchronized void addClients(int count) {
			reportedServers++;
			expectedClients += count;
			check();
		}

		@Override
		public synchronized void accept(List<?> response) {
			responses.add(EventArgs.ofValues(response, mapper));
			check();
		}

		/**
		 * A target disconnected without answering. With a timeout it still counts as
		 * missing until the timeout, as in Node; without one it no longer counts, and the
		 * future fails once the others answered (or left), so that it never waits
		 * forever.
		 */
		@Override
		public synchronized void clientGone() {
			if (timer == null) {
				goneClients++;
				check();
			}
		}

		private void check() {
			if (expectedServers >= 0 && reportedServers >= expectedServers
					&& responses.size() + goneClients >= expectedClients) {
				if (timer != null) {
					timer.cancel();
				}
				if (goneClients > 0) {
					future.completeExceptionally(new AckDisconnectedException(
							goneClients + " of " + expectedClients + " clients disconnected without answering",
							responses));
				}
				else {
					future.complete(List.copyOf(responses));
				}
			}
		}

		private synchronized void timedOut() {
			future.completeExceptionally(new AckTimeoutException(
					"operation has timed out: " + responses.size() + " of " + expectedClients + " clients answered",
					responses));
		}

	}

}
