package dev.realtime.socketio.engine;

/** Why an Engine.IO session closed, with the wording of the Node.js server. */
public enum CloseReason {

	/** The client did not answer a ping within {@code pingTimeout}. */
	PING_TIMEOUT("ping timeout"),
	/** The client closed the connection or sent a close packet. */
	TRANSPORT_CLOSE("transport close"),
	/** The connection failed, or the client broke a transport rule. */
	TRANSPORT_ERROR("transport error"),
	/** The client sent a packet that could not be decoded. */
	PARSE_ERROR("parse error"),
	/** The server closed the session. */
	FORCED_CLOSE("forced close"),
	/** The server is shutting down. */
	SERVER_SHUTTING_DOWN("server shutting down"),
	/**
	 * The client read too slowly and its outbound buffer went over the configured limit.
	 */
	BUFFER_OVERFLOW("outbound buffer overflow"),
	/**
	 * The client sent more than its limits allow: too many waiting packets, or too fast.
	 */
	INBOUND_LIMIT("inbound limit exceeded"),
	/**
	 * The server went over its memory budget and this session was among those that pin
	 * the most.
	 */
	MEMORY_BUDGET("server memory budget exceeded");

	private final String text;

	CloseReason(String text) {
		this.text = text;
	}

	/** The reason as Node's server words it. */
	public String text() {
		return text;
	}

}
