package dev.realtime.socketio.server;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A view of a socket that may live on another server of the cluster, as
 * {@code fetchSockets()} returns it: its id, handshake, rooms and data, and the
 * operations that work from anywhere.
 */
public interface RemoteSocket {

	String id();

	Handshake handshake();

	Set<String> rooms();

	Map<String, Object> data();

	/** Emits an event to this socket. */
	void emit(String event, Object... args);

	/** Makes this socket join rooms. */
	void join(String... rooms);

	/** Makes this socket leave a room. */
	void leave(String room);

	/** Disconnects this socket; {@code close} closes its connection too. */
	void disconnect(boolean close);

	/**
	 * Emits with an acknowledgement timeout, like Node's
	 * {@code remoteSocket.timeout(ms)}:
	 * {@code remote.timeout(Duration.ofSeconds(5)).emitWithAck("ping")} completes with
	 * this socket's one answer, or fails with an {@link AckTimeoutException} when it does
	 * not answer in time (an {@link AckDisconnectedException} when it is gone).
	 */
	AckEmitter timeout(Duration timeout);

	/** Emits to one socket and waits for its one answer. */
	@FunctionalInterface
	interface AckEmitter {

		CompletableFuture<EventArgs> emitWithAck(String event, Object... args);

	}

	/** A view of a local socket. */
	static RemoteSocket of(Socket socket) {
		return new LocalRemoteSocket(socket, Set.copyOf(socket.rooms()), Map.copyOf(socket.data()));
	}

	/** The view of a socket of this server. */
	record LocalRemoteSocket(Socket socket, Set<String> rooms, Map<String, Object> data) implements RemoteSocket {

		@Override
		public String id() {
			return socket.id();
		}

		@Override
		public Handshake handshake() {
			return socket.handshake();
		}

		@Override
		public void emit(String event, Object... args) {
			socket.emit(event, args);
		}

		@Override
		public void join(String... rooms) {
			socket.join(rooms);
		}

		@Override
		public void leave(String room) {
			socket.leave(room);
		}

		@Override
		public void disconnect(boolean close) {
			socket.disconnect(close);
		}

		@Override
		public AckEmitter timeout(Duration timeout) {
			return (event, args) -> socket.timeout(timeout).emitWithAck(event, args);
		}
	}

}
