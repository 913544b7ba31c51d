package dev.realtime.socketio.server;

import dev.realtime.socketio.adapter.AdapterObserver;
import dev.realtime.socketio.engine.EngineObserver;
import org.jspecify.annotations.Nullable;

/**
 * Observes a Socket.IO server for metrics, tracing and admin tools: what
 * {@link EngineObserver} sees of the connections, plus namespace connects and
 * disconnects, connect errors, event handler executions, acknowledgements, and what
 * distributed adapters report ({@link AdapterObserver}). Every method has a no-op
 * default. Register it with {@link SocketIoServer#addObserver(ServerObserver)} before the
 * server accepts connections.
 *
 * <p>
 * Without an observer the server pays one null check per call site and allocates nothing.
 * Observers run on the connection's ordered executor (the socket methods), I/O threads or
 * the scheduler thread (acknowledgement timeouts): they must be thread-safe, fast, must
 * not block, and what they throw is logged and ignored.
 */
public interface ServerObserver extends EngineObserver, AdapterObserver {

	/** How an incoming event's dispatch ended. */
	enum EventOutcome {

		/** Every listener returned normally. */
		SUCCESS,
		/** A packet middleware or a listener threw. */
		ERROR,
		/** An interceptor (authorization) refused the event: no listener ran. */
		DENIED

	}

	/** How an acknowledgement the server waited for ended. */
	enum AckOutcome {

		/** The client answered. */
		ANSWERED,
		/** The timeout passed first. */
		TIMEOUT,
		/** The socket disconnected first. */
		DISCONNECTED

	}

	/**
	 * A client asks to join a namespace; its middlewares are about to run on this thread.
	 * Exactly one of {@link #socketConnected} and {@link #connectError} follows on the
	 * same thread.
	 */
	default void socketConnecting(Socket socket) {
	}

	/** A socket joined its namespace (the CONNECT answer was sent). */
	default void socketConnected(Socket socket) {
	}

	/**
	 * A CONNECT was refused. {@code socket} is {@code null} for an unknown namespace
	 * ({@code message} "Invalid namespace"); for a middleware's refusal {@code data} is
	 * what it attached (the security integration attaches {@code {"code": …}});
	 * {@code error} is what the middleware threw. A connection that closed while its
	 * CONNECT was processed ends with the message {@code "connection closed"} and no
	 * CONNECT_ERROR is sent.
	 */
	default void connectError(String namespace, @Nullable Socket socket, String message, @Nullable Object data,
			@Nullable Throwable error) {
	}

	/** A socket left its namespace, with the reason its disconnect listeners get. */
	default void socketDisconnected(Socket socket, DisconnectReason reason) {
	}

	/**
	 * An incoming event was dispatched (packet middlewares, catch-all and event
	 * listeners), or refused by an interceptor. Called on the listener thread, inside the
	 * interceptors for {@code SUCCESS}/{@code ERROR} (so a tracing interceptor's scope is
	 * still open), after them for {@code DENIED}.
	 * @param declared whether the socket has listeners for this event (an application's
	 * event, not a name a client made up): the only event names worth a metric tag
	 * @param error the first exception a middleware or listener threw, for {@code ERROR}
	 */
	default void eventHandled(Socket socket, String event, boolean declared, EventOutcome outcome, long durationNanos,
			@Nullable Throwable error) {
	}

	/**
	 * An acknowledgement the server asked for ({@code emitWithAck}, broadcasts with acks)
	 * ended.
	 */
	default void ackCompleted(Socket socket, AckOutcome outcome, long durationNanos) {
	}

}
