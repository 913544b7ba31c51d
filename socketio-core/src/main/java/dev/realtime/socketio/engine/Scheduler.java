package dev.realtime.socketio.engine;

/**
 * The one timer service of a server: heartbeats, upgrade, connect and acknowledgement
 * timeouts all go through it. The default runs on a single daemon thread with millisecond
 * precision; tests plug in a manual clock.
 */
public interface Scheduler {

	/**
	 * Runs {@code task} after {@code delayMillis}. The task must be short and must not
	 * block: it runs on the timer thread.
	 */
	Cancellable schedule(Runnable task, long delayMillis);

	/** The current time of this scheduler's clock, in milliseconds. */
	long nowMillis();

	/** A scheduled task that can be cancelled. */
	@FunctionalInterface
	interface Cancellable {

		/** Cancels the task if it has not run yet. Idempotent. */
		void cancel();

	}

}
