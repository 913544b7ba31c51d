package dev.realtime.socketio.server;

import org.jspecify.annotations.Nullable;

/**
 * Listens to one event of every socket of a namespace ({@link Namespace#onEvent}): one
 * entry in the namespace's table, instead of an {@link EventListener} registered on each
 * socket as it connects. Runs on the connection's ordered executor, never on an I/O
 * thread.
 */
@FunctionalInterface
public interface NamespaceEventListener {

	/**
	 * @param socket the socket that received the event
	 * @param ack non-null when the client asked for an acknowledgement
	 */
	void onEvent(Socket socket, EventArgs args, @Nullable Ack ack) throws Exception;

}
