package dev.realtime.socketio.benchmarks.load;

/**
 * What a scenario hears from its connections, always on the client's event loop thread.
 */
interface ConnListener {

	/** The namespace CONNECT was answered: the socket may emit. */
	default void onConnected(Conn conn) {
	}

	/**
	 * A Socket.IO frame other than the CONNECT answer, for example an ACK or an event.
	 */
	default void onMessage(Conn conn, String frame) {
	}

	/** The connection closed, by either side, or could not be opened. */
	default void onClosed(Conn conn) {
	}

}
