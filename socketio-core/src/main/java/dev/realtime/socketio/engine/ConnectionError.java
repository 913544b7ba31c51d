package dev.realtime.socketio.engine;

import java.util.Map;

import dev.realtime.socketio.engine.transport.EngineError;

/**
 * A request the server refused with an error of the Engine.IO table, as Node's
 * {@code io.engine.on("connection_error", err => …)} reports it. Listen with
 * {@link EngineServer#onConnectionError(java.util.function.Consumer)}.
 *
 * @param request a snapshot of the refused request
 * @param code the error code: 0 unknown transport, 1 unknown session id, 2 bad handshake
 * method, 3 bad request, 4 forbidden, 5 unsupported protocol version
 * @param message the table's message for the code ({@code "Forbidden"}…)
 * @param context what was wrong, with Node's keys: {@code transport} (code 0),
 * {@code sid} (1), {@code method} (2), {@code name} (3: {@code TRANSPORT_MISMATCH},
 * {@code TRANSPORT_HANDSHAKE_ERROR}, {@code INVALID_ORIGIN}…), {@code message} (4: the
 * request gate's own message, when it gave one), {@code protocol} (5)
 */
public record ConnectionError(RequestSnapshot request, int code, String message, Map<String, Object> context) {

	public ConnectionError {
		context = Map.copyOf(context);
	}

	static ConnectionError of(RequestSnapshot request, EngineError error, Map<String, Object> context) {
		return new ConnectionError(request, error.code(), error.message(), context);
	}

}
