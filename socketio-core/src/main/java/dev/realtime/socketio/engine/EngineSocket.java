package dev.realtime.socketio.engine;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.engine.spi.EngineRequest;
import org.jspecify.annotations.Nullable;

/**
 * One Engine.IO session, seen from the application: what Node's {@code engine.io} calls a
 * socket. It survives the upgrade from polling to WebSocket. Sending is thread-safe and
 * never blocks.
 *
 * <pre>{@code
 * engine.onConnection(socket -> socket.onMessage(data -> socket.send(data)));   // an echo server
 * }</pre>
 */
public interface EngineSocket {

	/** The session id ({@code sid}). */
	String id();

	/** A snapshot of the handshake request. */
	EngineRequest request();

	/** Name of the current transport: {@code polling} or {@code websocket}. */
	String transport();

	/** Whether the session is open (not closing or closed). */
	boolean isOpen();

	/**
	 * The Engine.IO protocol revision the client speaks: 4, or 3 for a
	 * {@code socket.io-client} 2.x client the server allowed ({@code allowEio3}).
	 */
	default int protocol() {
		return 4;
	}

	/** Sends a text message. */
	default void send(String text) {
		send(List.of(EnginePacket.message(text)), false);
	}

	/** Sends a binary message. */
	default void send(byte[] data) {
		send(List.of(EnginePacket.binaryMessage(data)), false);
	}

	/** Sends a message given as a {@code String} (text) or a {@code byte[]} (binary). */
	default void sendContent(Object data) {
		if (data instanceof byte[] bytes) {
			send(bytes);
		}
		else {
			send(data.toString());
		}
	}

	/**
	 * Sends packets in order, atomically with respect to other sends. Volatile packets
	 * are dropped when the transport cannot take them right now.
	 * @return whether the packets were accepted (false when dropped or the session is
	 * closed)
	 */
	boolean send(List<EnginePacket> packets, boolean volatilePackets);

	/**
	 * Whether everything sent so far has been written by the transport: always over
	 * polling (a payload carries whatever is buffered), on WebSocket once no frame is
	 * queued or in flight.
	 */
	boolean allWritten();

	/**
	 * Runs {@code action} once everything sent so far has been written (see
	 * {@link #allWritten()}), or when the session closes. It runs on the thread that
	 * completed the last write, or on the caller's when nothing is pending: keep it
	 * short.
	 */
	void whenWritten(Runnable action);

	/**
	 * Bytes waiting for this client: queued and in flight (0 when the implementation does
	 * not buffer).
	 */
	default long bufferedBytes() {
		return 0;
	}

	/**
	 * Counts bytes the layer above holds for this session (received packets waiting for
	 * their listeners, the attachments of a binary packet not yet complete) in the
	 * server's memory budget; negative to release them. Ignored once the session is
	 * closed (its bytes are released with it).
	 */
	default void accountInbound(long bytes) {
	}

	/**
	 * Asks the transport to stop reading from the client until {@link #resumeReading()},
	 * because what it sent waits for slow listeners.
	 * @return whether reading is paused; {@code false} when the transport cannot pause
	 * (polling, whose next POST waits for the listeners anyway, or a binding without the
	 * means)
	 */
	default boolean pauseReading() {
		return false;
	}

	/** Reads from the client again after {@link #pauseReading()}. */
	default void resumeReading() {
	}

	/** Closes the session after the buffered packets were written. */
	void close();

	/** Closes the session at once with a reason. */
	void close(CloseReason reason);

	/** The executor that runs this session's listeners one at a time, in order. */
	Executor executor();

	/**
	 * Listens to messages: a {@code String} or a {@code byte[]}; runs on
	 * {@link #executor()}.
	 */
	void onMessage(Consumer<Object> listener);

	/** Listens to the close of the session; runs on {@link #executor()}. */
	void onClose(Consumer<CloseReason> listener);

	/**
	 * Listens to an event of this connection, like Node's {@code socket.conn.on(…)}: see
	 * {@link EngineEvent} for the events. Listeners run on {@link #executor()}, in order
	 * with the connection's messages.
	 */
	default <T> void on(EngineEvent<T> event, Consumer<? super T> listener) {
		throw new UnsupportedOperationException(getClass().getName() + " fires no connection events");
	}

	/** Removes a listener registered with {@link #on(EngineEvent, Consumer)}. */
	default <T> void off(EngineEvent<T> event, Consumer<? super T> listener) {
	}

	/**
	 * Replaces message and close delivery by a low-level handler called on the I/O thread
	 * (the Socket.IO layer decodes there and dispatches itself). Must be set before the
	 * first message.
	 */
	void setHandler(Handler handler);

	/**
	 * Low-level session events, called on the I/O thread; implementations must not block.
	 */
	interface Handler {

		/** A message arrived: a {@code String} or a {@code byte[]}. */
		void onMessage(Object data);

		/** The session closed. Called once. */
		void onClose(CloseReason reason, @Nullable String description);

	}

}
