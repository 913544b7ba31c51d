package dev.realtime.socketio.spring.autoconfigure;

/**
 * Startup failure when {@code socketio.enabled=true} is set but no web stack can serve
 * Socket.IO; its message says what is missing and {@link #getAction()} what to add.
 */
public class SocketIoNotServedException extends IllegalStateException {

	private final String action;

	SocketIoNotServedException(String description, String action) {
		super(description);
		this.action = action;
	}

	/** What to change so that Socket.IO is served. */
	public String getAction() {
		return action;
	}

}
