package dev.realtime.socketio.spring.autoconfigure;

import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.server.SocketIoOptions;

/**
 * Callback to adjust the options built from {@code socketio.*} properties, for settings
 * that are code rather than configuration: a handshake gate, header hooks, a session id
 * generator, an adapter factory, a parser. Applied in {@code @Order}.
 *
 * <pre>{@code
 * &#64;Bean
 * SocketIoOptionsCustomizer onlyFromOffice() {
 *     return (options, engine) -> engine.requestGate(request -> isOffice(request.remoteAddress()));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SocketIoOptionsCustomizer {

	void customize(SocketIoOptions.Builder options, EngineOptions.Builder engine);

}
