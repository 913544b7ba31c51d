package dev.realtime.socketio.server;

/**
 * A namespace middleware, run for every socket before it joins the namespace (Node's
 * {@code namespace.use}). Throwing refuses the connection: the client gets a
 * CONNECT_ERROR with the exception's message, and with
 * {@link ConnectionRefusedException#data()} when it is one. Runs on the connection's
 * ordered executor, so blocking work is allowed.
 *
 * <pre>{@code
 * io.of("/admin").use(socket -> {
 *     if (socket.handshake().auth().get("token") == null) {
 *         throw new ConnectionRefusedException("not authorized", Map.of("reason", "no token"));
 *     }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface Middleware {

	void handle(Socket socket) throws Exception;

}
