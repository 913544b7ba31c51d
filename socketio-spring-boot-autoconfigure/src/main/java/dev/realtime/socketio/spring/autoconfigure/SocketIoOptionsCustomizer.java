package dev.realtime.socketio.spring.autoconfigure;

import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.server.SocketIoOptions;

/**
 * Callback to adjust the options built from {@code socketio.*} properties, for settings
 * that are code rather than configuration: a handshake gate (Node's {@code allowRequest},
 * synchronous or asynchronous), header hooks ({@code initial_headers}, {@code headers}),
 * a session id generator, an adapter factory, a parser. Applied in {@code @Order}.
 *
 * <pre>{@code
 * &#64;Bean
 * SocketIoOptionsCustomizer onlyFromOffice() {
 *     return (options, engine) -> engine.requestGate(request -> isOffice(request.remoteAddress()));
 * }
 *
 * &#64;Bean
 * SocketIoOptionsCustomizer tokenGate(TokenService tokens) {
 *     return (options, engine) -> engine.allowRequest(request -> tokens.check(request.queryParameter("token"))
 *             .thenApply(valid -> valid ? Decision.allow() : Decision.refuse("invalid token")));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SocketIoOptionsCustomizer {

	void customize(SocketIoOptions.Builder options, EngineOptions.Builder engine);

}
