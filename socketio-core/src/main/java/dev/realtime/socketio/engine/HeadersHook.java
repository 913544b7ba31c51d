package dev.realtime.socketio.engine;

import java.util.Map;

import dev.realtime.socketio.engine.spi.EngineRequest;

/**
 * Adds or changes response headers, like Node's {@code initial_headers} (handshake only)
 * and {@code headers} (every polling response) events.
 */
@FunctionalInterface
public interface HeadersHook {

	void apply(EngineRequest request, Map<String, String> headers);

}
