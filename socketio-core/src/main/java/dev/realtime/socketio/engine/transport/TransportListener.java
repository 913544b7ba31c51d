package dev.realtime.socketio.engine.transport;

import dev.realtime.socketio.engine.codec.EnginePacket;

/**
 * What a transport raises to its session. Called without the session's monitor held; over
 * WebSocket on the connection's I/O thread, one call at a time per connection.
 */
public interface TransportListener {

	/** A packet arrived. */
	void onPacket(Transport source, EnginePacket packet);

	/** A frame or a polling payload could not be decoded. */
	void onMalformed(Transport source);

	/** A WebSocket message was larger than {@code maxHttpBufferSize}. */
	void onTooBig(Transport source);

	/**
	 * A frame was written: the WebSocket may take more. The session releases its bytes
	 * with {@link WebSocketTransport#sentLocked(int)}.
	 */
	void onDrain(WebSocketTransport source, int bytes);

	/**
	 * The transport is gone or broke a rule.
	 * @param error whether it failed (a transport error) rather than closed normally
	 * @param description what happened, for logs
	 */
	void onClose(Transport source, boolean error, String description);

}
