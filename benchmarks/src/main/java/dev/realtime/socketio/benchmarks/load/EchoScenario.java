package dev.realtime.socketio.benchmarks.load;

import org.HdrHistogram.Histogram;

/**
 * {@code echo}: C clients in closed loops, each sending {@code 42<id>["echo",{…}]} and
 * the next one as soon as {@code 43<id>[…]} comes back (from a bare echo server: the
 * frame itself). Counts acks and records round-trip times.
 */
final class EchoScenario implements ConnListener {

	final Histogram rtt = new Histogram(3);

	long acks;

	long unexpected;

	int connected;

	int closed;

	/** Connections on which the server accepted permessage-deflate. */
	int deflated;

	boolean running = true;

	/** A bare echo server: the answer is our own frame back, {@code 42<id>[…]}. */
	private final boolean raw;

	EchoScenario() {
		this(false);
	}

	EchoScenario(boolean raw) {
		this.raw = raw;
	}

	@Override
	public void onConnected(Conn conn) {
		connected++;
		if (conn.deflate) {
			deflated++;
		}
		sendNext(conn);
	}

	private void sendNext(Conn conn) {
		if (!running) {
			return;
		}
		conn.sentAt = System.nanoTime();
		conn.send(Wire.echo(conn.nextId));
	}

	@Override
	public void onMessage(Conn conn, String frame) {
		long id = raw ? Wire.echoedId(frame) : Wire.ackId(frame);
		if (id != conn.nextId) {
			unexpected++;
			return;
		}
		rtt.recordValue(System.nanoTime() - conn.sentAt);
		acks++;
		conn.nextId++;
		sendNext(conn);
	}

	@Override
	public void onClosed(Conn conn) {
		closed++;
	}

}
