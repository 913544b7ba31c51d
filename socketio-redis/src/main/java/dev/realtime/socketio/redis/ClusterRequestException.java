package dev.realtime.socketio.redis;

import java.util.Collections;
import java.util.List;

/**
 * Fails a request to the other nodes of the cluster ({@code fetchSockets},
 * {@code serverSideEmit} with acknowledgements) that did not get every answer in time, or
 * could not be sent. It carries what did arrive: remote sockets, or server-side answers.
 */
public class ClusterRequestException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient List<Object> partialResults;

	public ClusterRequestException(String message, List<Object> partialResults) {
		super(message);
		this.partialResults = Collections.unmodifiableList(partialResults);
	}

	/**
	 * The answers that arrived before the request failed (this node's own part included).
	 */
	public List<Object> partialResults() {
		return partialResults;
	}

}
