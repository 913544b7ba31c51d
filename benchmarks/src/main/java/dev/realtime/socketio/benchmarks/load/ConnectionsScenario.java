package dev.realtime.socketio.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code connections}: N idle sockets, opened at most {@code concurrency} at a time, each
 * connected to the main namespace and answering the server's pings. Counts those that
 * drop while held.
 */
final class ConnectionsScenario implements ConnListener {

	private final WsClient client;

	private final int target;

	private final int concurrency;

	final List<Conn> conns = new ArrayList<>();

	int opened;

	int pending;

	int connected;

	int failed;

	int dropped;

	int closed;

	boolean closing;

	ConnectionsScenario(WsClient client, int target, int concurrency) {
		this.client = client;
		this.target = target;
		this.concurrency = concurrency;
	}

	/**
	 * Opens connections up to the target, keeping at most {@code concurrency} handshakes
	 * in flight.
	 */
	void openMore() {
		while (!closing && opened < target && pending < concurrency) {
			opened++;
			pending++;
			conns.add(client.open(this));
		}
	}

	@Override
	public void onConnected(Conn conn) {
		connected++;
		pending--;
		openMore();
	}

	@Override
	public void onClosed(Conn conn) {
		closed++;
		if (conn.connected) {
			if (!closing) {
				dropped++;
			}
		}
		else {
			failed++;
			pending--;
			openMore();
		}
	}

}
