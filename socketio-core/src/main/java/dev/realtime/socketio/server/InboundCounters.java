package dev.realtime.socketio.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How often clients ran into the inbound limits ({@link SocketIoOptions.InboundLimits}),
 * since the server started: for metrics and alerts. Thread-safe.
 */
public final class InboundCounters {

	private final AtomicLong rateLimitedEvents = new AtomicLong();

	private final AtomicLong rateLimitDisconnects = new AtomicLong();

	private final AtomicLong queueOverflows = new AtomicLong();

	private final AtomicLong attachmentRejections = new AtomicLong();

	private final AtomicLong readPauses = new AtomicLong();

	InboundCounters() {
	}

	/** Events over a rate limit (dropped, or whose connection was closed). */
	public long rateLimitedEvents() {
		return rateLimitedEvents.get();
	}

	/** Connections closed for going over a rate limit. */
	public long rateLimitDisconnects() {
		return rateLimitDisconnects.get();
	}

	/**
	 * Connections closed because their packets waiting for a slow listener went over the
	 * bound.
	 */
	public long queueOverflows() {
		return queueOverflows.get();
	}

	/** Connections closed for binary attachments too large or too slow to arrive. */
	public long attachmentRejections() {
		return attachmentRejections.get();
	}

	/**
	 * Times a connection's reading was paused because its received packets waited for
	 * slow listeners (backpressure; it reads again once they caught up).
	 */
	public long readPauses() {
		return readPauses.get();
	}

	void readPaused() {
		readPauses.incrementAndGet();
	}

	void rateLimited(boolean disconnected) {
		rateLimitedEvents.incrementAndGet();
		if (disconnected) {
			rateLimitDisconnects.incrementAndGet();
		}
	}

	void queueOverflow() {
		queueOverflows.incrementAndGet();
	}

	void attachmentRejected() {
		attachmentRejections.incrementAndGet();
	}

}
