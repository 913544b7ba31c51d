package dev.realtime.socketio.adapter;

/**
 * What a distributed adapter reports for metrics: the messages it exchanges with the
 * other servers of the cluster and the requests they did not answer in time. The
 * in-memory adapter has nothing to report.
 *
 * <p>
 * An adapter finds the observers registered on its server with
 * {@code namespace.server().observer()} (non-null only when one is registered, so the
 * check costs nothing otherwise) and calls, for example:
 *
 * <pre>{@code
 * ServerObserver observer = namespace.server().observer();
 * if (observer != null) {
 *     observer.adapterMessagePublished(namespace.name(), "BROADCAST");
 * }
 * }</pre>
 *
 * <p>
 * {@code type} names the kind of message with a small fixed vocabulary (Node's request
 * types: {@code BROADCAST}, {@code SOCKETS_JOIN}, {@code FETCH_SOCKETS},
 * {@code SERVER_SIDE_EMIT}…): it becomes a metric tag. Implementations must be
 * thread-safe and must not block.
 */
public interface AdapterObserver {

	/** A message was published to the other servers. */
	default void adapterMessagePublished(String namespace, String type) {
	}

	/** A message from another server was received. */
	default void adapterMessageReceived(String namespace, String type) {
	}

	/**
	 * A request to the other servers (fetchSockets, serverSideEmit with ack…) timed out.
	 */
	default void adapterRequestTimedOut(String namespace, String type) {
	}

}
