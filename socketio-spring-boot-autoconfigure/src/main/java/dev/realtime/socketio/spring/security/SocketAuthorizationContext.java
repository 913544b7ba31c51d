package dev.realtime.socketio.spring.security;

import dev.realtime.socketio.server.EventArgs;
import dev.realtime.socketio.server.Socket;
import org.jspecify.annotations.Nullable;

/**
 * What is being authorized: a socket joining its namespace, or an event it sent.
 *
 * @param socket the socket (its namespace, handshake and principal)
 * @param event the event name, or {@code null} for the CONNECT
 * @param args the event's arguments, or {@code null} for the CONNECT
 */
public record SocketAuthorizationContext(Socket socket, @Nullable String event, @Nullable EventArgs args) {

	/** The CONNECT of a socket to its namespace. */
	public static SocketAuthorizationContext connect(Socket socket) {
		return new SocketAuthorizationContext(socket, null, null);
	}

	/** An event a socket sent. */
	public static SocketAuthorizationContext event(Socket socket, String event, EventArgs args) {
		return new SocketAuthorizationContext(socket, event, args);
	}

	/** The namespace's name, e.g. {@code "/chat"}. */
	public String namespace() {
		return socket.namespace().name();
	}

	/** Whether this is the CONNECT rather than an event. */
	public boolean isConnect() {
		return event == null;
	}
}
