package dev.realtime.socketio.benchmarks.load;

import org.HdrHistogram.Histogram;

/**
 * {@code handshake}: C loops, each opening a WebSocket, answering the open packet with
 * {@code 40}, waiting for {@code 40{"sid":…}}, then closing, and starting over once the connection
 * is gone. Counts the completed connects.
 */
final class HandshakeScenario implements ConnListener {

	final Histogram connectTime = new Histogram(3);

	private final WsClient client;

	long completed;

	long failed;

	int active;

	boolean running = true;

	HandshakeScenario(WsClient client) {
		this.client = client;
	}

	/** Opens one more loop. */
	void openOne() {
		active++;
		client.open(this);
	}

	@Override
	public void onConnected(Conn conn) {
		completed++;
		connectTime.recordValue(System.nanoTime() - conn.openedAt);
		conn.close();
	}

	@Override
	public void onClosed(Conn conn) {
		active--;
		if (!conn.connected) {
			failed++;
		}
		if (running) {
			openOne();
		}
	}
}
