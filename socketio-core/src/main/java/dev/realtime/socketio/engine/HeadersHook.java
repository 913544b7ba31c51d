package dev.realtime.socketio.engine;

import java.util.Map;

import dev.realtime.socketio.engine.spi.EngineRequest;

/**
 * Adds or changes response headers, like Node's {@code initial_headers} (the handshake
 * response: the first polling response, or the 101 of a WebSocket opened directly) and
 * {@code headers} (every polling response of a session and every 101, upgrades included)
 * events. Set them with {@link EngineOptions.Builder#initialHeaders(HeadersHook)} and
 * {@link EngineOptions.Builder#headers(HeadersHook)}. Runs on the I/O thread.
 */
@FunctionalInterface
public interface HeadersHook {

	void apply(EngineRequest request, Map<String, String> headers);

}
