package dev.realtime.socketio.spring.handler;

import dev.realtime.socketio.server.Ack;
import dev.realtime.socketio.server.DisconnectReason;
import dev.realtime.socketio.server.EventArgs;
import dev.realtime.socketio.server.Socket;
import org.jspecify.annotations.Nullable;

/**
 * What one call of an annotated handler method is about, for
 * {@link SocketArgumentResolver}s.
 *
 * @param socket the socket the call concerns
 * @param event the event name, or {@code null} outside {@code @SocketEvent} methods
 * @param args the event's arguments, or {@code null} outside {@code @SocketEvent} methods
 * @param ack the client's acknowledgement callback, or {@code null} when it asked for
 * none
 * @param reason why the socket left, for {@code @OnDisconnect} methods only
 * @param exception the exception being handled, for {@code @SocketExceptionHandler}
 * methods only
 */
public record SocketInvocation(Socket socket, @Nullable String event, @Nullable EventArgs args, @Nullable Ack ack,
		@Nullable DisconnectReason reason, @Nullable Throwable exception) {

	/** The call of an event method. */
	public static SocketInvocation event(Socket socket, String event, EventArgs args, @Nullable Ack ack) {
		return new SocketInvocation(socket, event, args, ack, null, null);
	}

	/** The call of an {@code @OnConnect} method. */
	public static SocketInvocation connect(Socket socket) {
		return new SocketInvocation(socket, null, null, null, null, null);
	}

	/** The call of an {@code @OnDisconnect} method. */
	public static SocketInvocation disconnect(Socket socket, DisconnectReason reason) {
		return new SocketInvocation(socket, null, null, null, reason, null);
	}

	/** The same call, handing this exception to an exception handler. */
	public SocketInvocation withException(Throwable exception) {
		return new SocketInvocation(socket, event, args, ack, reason, exception);
	}
}
