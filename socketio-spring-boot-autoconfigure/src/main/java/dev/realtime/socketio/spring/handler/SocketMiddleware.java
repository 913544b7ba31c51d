package dev.realtime.socketio.spring.handler;

import dev.realtime.socketio.server.Middleware;

/**
 * A namespace {@link Middleware} declared as a bean: applied at startup to the namespace
 * its {@link dev.realtime.socketio.spring.annotation.SocketNamespace @SocketNamespace}
 * names (on the class or the {@code @Bean} method; the main namespace {@code "/"} without
 * it), in {@code @Order}. Throwing refuses the connection with a CONNECT_ERROR.
 *
 * <pre>{@code
 * &#64;Bean
 * &#64;Order(1)
 * &#64;SocketNamespace("/admin")
 * SocketMiddleware adminsOnly() {
 *     return socket -> {
 *         if (!"secret".equals(socket.handshake().auth().get("token"))) {
 *             throw new ConnectionRefusedException("not authorized");
 *         }
 *     };
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SocketMiddleware extends Middleware {

}
