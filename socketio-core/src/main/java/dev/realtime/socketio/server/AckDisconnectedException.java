package dev.realtime.socketio.server;

import java.util.List;

/**
 * Fails an acknowledgement future whose target disconnected without answering: an
 * {@code emitWithAck} never waits forever, with or without a timeout. For a broadcast it
 * completes once every other target answered or left, and carries the answers that did
 * arrive.
 */
public class AckDisconnectedException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final transient List<EventArgs> responses;

	public AckDisconnectedException(String message, List<EventArgs> responses) {
		super(message);
		this.responses = List.copyOf(responses);
	}

	/**
	 * Answers received from the targets that did answer (broadcasts), in arrival order.
	 */
	public List<EventArgs> responses() {
		return responses;
	}

}
