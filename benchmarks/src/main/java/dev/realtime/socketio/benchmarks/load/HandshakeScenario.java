package dev.realtime.socketio.benchmarks.load;

import org.HdrHistogram.Histogram;

/**
 * {@code handshake}: C loops, each opening a WebSocket, answering the open packet with
 * {@code 40}, waiting for {@code 40{"sid":…}}, then closing, and starting over once the
 * connection is gone. Counts the completed connects.
 *
 * <p>
 * With {@code waitForClose} (the default) a loop sends its close frame and waits for the
 * server's close frame and TCP close; without, it sends the close frame, drops the TCP
 * connection at once and starts over (what a browser tab that navigates away does): the
 * server's side of the closing handshake then runs while the next connects are already
 * coming in.
 */
final class HandshakeScenario implements ConnListener {

	final Histogram connectTime = new Histogram(3);

	private final WsClient client;

	long completed;

	long failed;

	int active;

	boolean running = true;

	private final boolean waitForClose;

	HandshakeScenario(WsClient client) {
		this(client, true);
	}

	HandshakeScenario(WsClient client, boolean waitForClose) {
		this.client = client;
		this.waitForClose = waitForClose;
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
		if (waitForClose) {
			conn.close();
		}
		else {
			conn.abandon();
		}
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
