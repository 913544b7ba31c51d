package dev.realtime.socketio.server;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a {@link Middleware} to refuse a connection with a message and optional data,
 * both sent to the client in the CONNECT_ERROR packet ({@code {"message": …, "data":
 * …}}).
 */
public class ConnectionRefusedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient @Nullable Object data;

	public ConnectionRefusedException(String message) {
		this(message, null);
	}

	public ConnectionRefusedException(String message, @Nullable Object data) {
		super(message);
		this.data = data;
	}

	/** Extra data for the client, or {@code null} to leave {@code data} out. */
	public @Nullable Object data() {
		return data;
	}

}
