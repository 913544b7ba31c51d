package dev.realtime.socketio.benchmarks.load;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * {@code broadcast}: R connected receivers; one of them sends {@code 42["broadcast",{seq,
 * t}]} and the server re-emits it to the whole namespace. The sender keeps at most
 * {@code window} messages not yet received by everyone (a closed loop), and every
 * delivery records {@code now - t}: both ends are this process, so the clocks agree.
 */
final class BroadcastScenario implements ConnListener {

	private static final int RING = 4096;

	final Histogram latency = new Histogram(3);

	private final int window;

	private final int[] remaining = new int[RING];

	@Nullable Conn sender;

	int connected;

	int closed;

	/** Connections closed after they had connected: they no longer receive. */
	int lost;

	long sent;

	long completed;

	long deliveries;

	long malformed;

	boolean running;

	BroadcastScenario(int window) {
		if (window >= RING) {
			throw new IllegalArgumentException("window must be below " + RING);
		}
		this.window = window;
	}

	@Override
	public void onConnected(Conn conn) {
		connected++;
	}

	/** Starts sending; call on the event loop once every receiver is connected. */
	void start(Conn from) {
		sender = from;
		running = true;
		fill();
	}

	private void fill() {
		Conn from = sender;
		while (running && from != null && sent - completed < window) {
			remaining[(int) (sent % RING)] = connected - lost;
			from.send(Wire.broadcast(sent, System.nanoTime()));
			sent++;
		}
	}

	@Override
	public void onMessage(Conn conn, String frame) {
		if (!Wire.isBroadcast(frame)) {
			return;
		}
		long seq = Wire.longField(frame, "seq");
		long t = Wire.longField(frame, "t");
		if (seq < 0 || t < 0) {
			malformed++;
			return;
		}
		deliveries++;
		latency.recordValue(Math.max(0, System.nanoTime() - t));
		int slot = (int) (seq % RING);
		if (--remaining[slot] == 0) {
			completed++;
			fill();
		}
	}

	@Override
	public void onClosed(Conn conn) {
		closed++;
		if (conn.connected) {
			lost++;
		}
	}

}
