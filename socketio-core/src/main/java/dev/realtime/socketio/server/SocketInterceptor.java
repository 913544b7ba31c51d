package dev.realtime.socketio.server;

import org.jspecify.annotations.Nullable;

/**
 * Wraps what a socket runs on the connection's executor: each incoming event's dispatch,
 * and the connection, disconnection and acknowledgement listeners. Integrations use it to
 * set a security context around user code, to authorize events, or to observe them.
 * Interceptors are applied in the order of {@link SocketIoOptions#interceptors()}, the
 * first one outermost.
 *
 * <pre>{@code
 * SocketInterceptor onlyAdmins = new SocketInterceptor() {
 *     public void aroundEvent(Socket socket, String event, EventArgs args, Ack ack, Runnable dispatch) {
 *         if (event.startsWith("admin:") && !isAdmin(socket.principal())) {
 *             if (ack != null) ack.send(Map.of("error", "forbidden"));
 *             return;                                   // not dispatched
 *         }
 *         dispatch.run();
 *     }
 * };
 * }</pre>
 */
public interface SocketInterceptor {

	/**
	 * Around the dispatch of one incoming event: packet middlewares, catch-all and event
	 * listeners. Call {@code dispatch.run()} to go on; not calling it drops the event.
	 */
	default void aroundEvent(Socket socket, String event, EventArgs args, @Nullable Ack ack, Runnable dispatch) {
		dispatch.run();
	}

	/** Around a connection, disconnection or acknowledgement listener of the socket. */
	default void aroundListener(Socket socket, Runnable listener) {
		listener.run();
	}

}
