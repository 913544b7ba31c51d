package dev.realtime.socketio.server;

/**
 * A per-socket middleware run for every incoming event before its listeners (Node's
 * {@code socket.use}). Throwing stops the event and reports the exception to the socket's
 * error listeners.
 */
@FunctionalInterface
public interface PacketMiddleware {

	void handle(String event, EventArgs args) throws Exception;

}
