package dev.realtime.socketio.engine.transport;

/**
 * One way of carrying a session's packets: {@link PollingTransport} or
 * {@link WebSocketTransport}. A transport raises what happens on it to its
 * {@link TransportListener} (the session), with itself as the source, so that the session
 * can tell its current transport from an upgrade candidate.
 */
public sealed interface Transport permits PollingTransport, WebSocketTransport {

	/** The transport's name in the protocol: {@code polling} or {@code websocket}. */
	String name();

	/**
	 * Whether packets sent now go out now: a GET is parked (polling), or the connection
	 * is under its write high-water mark (WebSocket). Caller holds the session's monitor.
	 */
	boolean writableLocked();

}
