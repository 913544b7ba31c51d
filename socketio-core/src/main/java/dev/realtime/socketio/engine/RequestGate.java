package dev.realtime.socketio.engine;

import dev.realtime.socketio.engine.spi.EngineRequest;

/**
 * Decides synchronously whether a handshake may open a session, like Node's
 * {@code allowRequest}. A refused handshake gets HTTP 403 with error code 4
 * ("Forbidden"). An {@link AsyncRequestGate} may decide later and give its own message.
 */
@FunctionalInterface
public interface RequestGate {

	/** Whether the handshake may go on. Runs on the I/O thread: keep it quick. */
	boolean allow(EngineRequest request);

}
