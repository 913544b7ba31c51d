package dev.realtime.socketio.server;

import java.util.List;

/**
 * Completes an acknowledgement future when the answer did not come in time. For a
 * broadcast it carries the answers that did arrive.
 */
public class AckTimeoutException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient List<EventArgs> responses;

	public AckTimeoutException(String message, List<EventArgs> responses) {
		super(message);
		this.responses = List.copyOf(responses);
	}

	/** Answers received before the timeout (broadcasts), in arrival order. */
	public List<EventArgs> responses() {
		return responses;
	}

}
