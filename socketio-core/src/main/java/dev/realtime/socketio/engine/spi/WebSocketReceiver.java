package dev.realtime.socketio.engine.spi;

import org.jspecify.annotations.Nullable;

/**
 * The receiving side of one accepted WebSocket, returned by
 * {@code EngineServer.onWebSocketOpen}: the binding calls it for every frame received and
 * once when the socket is gone (the sending side is the binding's
 * {@link WebSocketConnection}). Calls for one connection must not overlap (stacks deliver
 * the frames of one socket one at a time), and they must not block.
 */
public interface WebSocketReceiver {

	/** A text frame arrived. */
	void onText(String text);

	/** A binary frame arrived; the array belongs to the server from now on. */
	void onBinary(byte[] data);

	/** The socket closed, by either side. Called once. */
	void onClose(int code, @Nullable String reason);

	/** A transport error; {@link #onClose} follows. */
	default void onError(Throwable error) {
	}

	/**
	 * A receiver that ignores everything: for a socket that is closed or not yet handed
	 * over.
	 */
	static WebSocketReceiver ignoring() {
		return IgnoringReceiver.INSTANCE;
	}

}

/** The handler behind {@link WebSocketReceiver#ignoring()}. */
enum IgnoringReceiver implements WebSocketReceiver {

	INSTANCE;

	@Override
	public void onText(String text) {
	}

	@Override
	public void onBinary(byte[] data) {
	}

	@Override
	public void onClose(int code, @Nullable String reason) {
	}

}
