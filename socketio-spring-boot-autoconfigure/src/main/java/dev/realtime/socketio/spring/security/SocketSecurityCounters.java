package dev.realtime.socketio.spring.security;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what security refused since startup, for health pages and alerts. A bean of the
 * auto-configuration; read it, or bind it to a meter registry.
 */
public final class SocketSecurityCounters {

	private final LongAdder failedAuthentications = new LongAdder();

	private final LongAdder deniedConnections = new LongAdder();

	private final LongAdder deniedEvents = new LongAdder();

	/** CONNECTs whose {@code auth} payload failed to authenticate. */
	public long failedAuthentications() {
		return failedAuthentications.sum();
	}

	/** CONNECTs the rules refused. */
	public long deniedConnections() {
		return deniedConnections.sum();
	}

	/** Events the rules refused (not dispatched). */
	public long deniedEvents() {
		return deniedEvents.sum();
	}

	void authenticationFailed() {
		failedAuthentications.increment();
	}

	void connectionDenied() {
		deniedConnections.increment();
	}

	void eventDenied() {
		deniedEvents.increment();
	}

	@Override
	public String toString() {
		return "SocketSecurityCounters[failedAuthentications=" + failedAuthentications() + ", deniedConnections="
				+ deniedConnections() + ", deniedEvents=" + deniedEvents() + "]";
	}

}
