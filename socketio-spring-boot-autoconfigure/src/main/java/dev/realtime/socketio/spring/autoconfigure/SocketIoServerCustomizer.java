package dev.realtime.socketio.spring.autoconfigure;

import dev.realtime.socketio.server.SocketIoServer;

/**
 * Callback to configure the auto-configured {@link SocketIoServer} once it is created:
 * add namespaces, middlewares and listeners. Customizer beans are applied in
 * {@code @Order}.
 *
 * <pre>{@code
 * &#64;Bean
 * SocketIoServerCustomizer chat() {
 *     return io -> io.of("/chat").on(socket -> socket.join("lobby"));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SocketIoServerCustomizer {

	void customize(SocketIoServer server);

}
