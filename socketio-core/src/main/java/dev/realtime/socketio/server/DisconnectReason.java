package dev.realtime.socketio.server;

import dev.realtime.socketio.engine.CloseReason;

/** Why a socket left its namespace, worded like Node's server. */
public enum DisconnectReason {

	/** The server called {@code socket.disconnect()}. */
	SERVER_NAMESPACE_DISCONNECT("server namespace disconnect", "the server disconnected the socket", false),
	/** The client called {@code socket.disconnect()}. */
	CLIENT_NAMESPACE_DISCONNECT("client namespace disconnect", "the client disconnected the socket", false),
	/** The client stopped answering pings. */
	PING_TIMEOUT("ping timeout", "the client did not answer a ping within pingTimeout", true),
	/** The connection was closed (user left the page, network change). */
	TRANSPORT_CLOSE("transport close", "the connection was closed by the client or the network", true),
	/** The connection failed or broke a transport rule. */
	TRANSPORT_ERROR("transport error", "the connection encountered an error", true),
	/** The client sent a packet the server could not decode. */
	PARSE_ERROR("parse error", "the client sent a malformed packet", false),
	/** The connection was closed by the server at the Engine.IO level. */
	FORCED_CLOSE("forced close", "the server closed the connection", true),
	/** The server closed the connection with {@code disconnect(true)}. */
	FORCED_SERVER_CLOSE("forced server close", "the server closed the connection with disconnect(true)", true),
	/** The server is shutting down. */
	SERVER_SHUTTING_DOWN("server shutting down", "the server is shutting down", true),
	/** The client read too slowly: its outbound buffer went over the limit. */
	OUTBOUND_BUFFER_OVERFLOW("outbound buffer overflow",
			"the client did not read fast enough and its outbound buffer exceeded socketio.outbound.max-buffered-bytes",
			false),
	/**
	 * The client sent more than its limits allow (rate, or packets waiting for a slow
	 * listener).
	 */
	INBOUND_LIMIT_EXCEEDED("inbound limit exceeded", "the client sent faster than socketio.inbound.* allows", false),
	/**
	 * The server went over its memory budget and the connection was among those that
	 * pinned the most.
	 */
	SERVER_MEMORY_BUDGET_EXCEEDED("server memory budget exceeded",
			"the server went over socketio.memory.max-total and this connection pinned the most", true);

	private final String text;

	private final String description;

	private final boolean recoverable;

	DisconnectReason(String text, String description, boolean recoverable) {
		this.text = text;
		this.description = description;
		this.recoverable = recoverable;
	}

	/** The reason as Node words it, e.g. {@code "ping timeout"}. */
	public String text() {
		return text;
	}

	/** A sentence for logs and users. */
	public String description() {
		return description;
	}

	/** Whether connection state recovery keeps the session for a reconnect. */
	public boolean recoverable() {
		return recoverable;
	}

	static DisconnectReason of(CloseReason reason) {
		return switch (reason) {
			case PING_TIMEOUT -> PING_TIMEOUT;
			case TRANSPORT_CLOSE -> TRANSPORT_CLOSE;
			case TRANSPORT_ERROR -> TRANSPORT_ERROR;
			case PARSE_ERROR -> PARSE_ERROR;
			case FORCED_CLOSE -> FORCED_CLOSE;
			case SERVER_SHUTTING_DOWN -> SERVER_SHUTTING_DOWN;
			case BUFFER_OVERFLOW -> OUTBOUND_BUFFER_OVERFLOW;
			case INBOUND_LIMIT -> INBOUND_LIMIT_EXCEEDED;
			case MEMORY_BUDGET -> SERVER_MEMORY_BUDGET_EXCEEDED;
		};
	}

}
