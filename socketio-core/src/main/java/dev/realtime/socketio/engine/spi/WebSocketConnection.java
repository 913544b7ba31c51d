package dev.realtime.socketio.engine.spi;

import org.jspecify.annotations.Nullable;

/**
 * The server's side of an open WebSocket, implemented by each web stack binding. Frames
 * are sent asynchronously and in call order; the binding must serialize them (one frame
 * in flight at a time, or a queue) and report each completion. Calls come from any
 * thread.
 */
public interface WebSocketConnection {

	/**
	 * Sends one frame: a text frame for {@link Frame#binary()} false, a binary frame
	 * otherwise. {@code callback} runs once the frame was written or failed; it must not
	 * block.
	 */
	void send(Frame frame, SendCallback callback);

	/**
	 * Sends one frame as {@link #send} does, for a caller that holds a lock the frame's
	 * completion needs (the session's monitor) and calls {@link #handOver()} once it
	 * released it: the binding may keep the frame from its I/O thread until then, so that
	 * the thread, woken by the send, does not wait for that lock to complete the write
	 * (on a single core it would run at once and block). Order is as for {@code send}.
	 * The default sends at once.
	 */
	default void sendLater(Frame frame, SendCallback callback) {
		send(frame, callback);
	}

	/**
	 * Hands over the frames {@link #sendLater} kept back, from the thread that sent them,
	 * without the lock. The default has none.
	 */
	default void handOver() {
	}

	/** Closes the WebSocket with a close code and an optional reason. Idempotent. */
	void close(int code, @Nullable String reason);

	/**
	 * Whether the binding can take more frames without growing its own buffer: the server
	 * stops sending (and drops volatile packets) while this is false. Bindings without
	 * such a signal return true; the server also bounds the bytes it has in flight
	 * itself.
	 */
	default boolean isWritable() {
		return true;
	}

	/**
	 * Stops reading frames from the client until {@link #resumeReading()}: the server's
	 * backpressure when the frames already received wait for slow listeners. Frames the
	 * binding already decoded may still be delivered. Called from any thread.
	 * @return whether the binding can pause (the default cannot)
	 */
	default boolean pauseReading() {
		return false;
	}

	/** Reads frames again after {@link #pauseReading()}. Idempotent; any thread. */
	default void resumeReading() {
	}

	/**
	 * Whether the thread that delivers this connection's frames may run the session's
	 * listeners itself: a thread of a pool made to block (a servlet container's worker),
	 * or an event loop only when the application declared that its listeners never block.
	 * When true, a message whose connection has no listener running is handled on that
	 * thread, saving the hand-over to the listener executor; the binding delivers the
	 * connection's next frame only after. The default is false.
	 */
	default boolean runsListenersInline() {
		return false;
	}

	/** Completion of one {@link #send(Frame, SendCallback)}. */
	@FunctionalInterface
	interface SendCallback {

		/** Called once: {@code failure} is null when the frame was written. */
		void completed(@Nullable Throwable failure);

	}

}
