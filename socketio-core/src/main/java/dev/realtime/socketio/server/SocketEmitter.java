package dev.realtime.socketio.server;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * Emits to one socket with flags:
 * {@code socket.timeout(Duration.ofSeconds(5)).emitWithAck("ping")} or
 * {@code socket.volatile_().emit("position", x, y)}.
 */
public final class SocketEmitter {

	private final Socket socket;

	private final boolean volatilePacket;

	private final @Nullable Duration timeout;

	SocketEmitter(Socket socket, boolean volatilePacket, @Nullable Duration timeout) {
		this.socket = socket;
		this.volatilePacket = volatilePacket;
		this.timeout = timeout;
	}

	/** Sets the acknowledgement timeout. */
	public SocketEmitter timeout(Duration timeout) {
		return new SocketEmitter(socket, volatilePacket, timeout);
	}

	/** Lets the packet be dropped when the client cannot take it right now. */
	public SocketEmitter volatile_() {
		return new SocketEmitter(socket, true, timeout);
	}

	/** Emits an event. */
	public boolean emit(String event, Object... args) {
		return socket.emit(event, args, volatilePacket);
	}

	/**
	 * Emits an event and waits for the acknowledgement; with a timeout the future fails
	 * with an {@link AckTimeoutException} when the client does not answer in time.
	 */
	public CompletableFuture<EventArgs> emitWithAck(String event, Object... args) {
		return socket.emitWithAck(event, args, timeout);
	}

}
