package dev.realtime.socketio.engine;

import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The default {@link Scheduler}: one daemon thread over a
 * {@link ScheduledThreadPoolExecutor} (millisecond precision, cancelled tasks removed at
 * once). Delays of {@link #WHEEL_MIN_DELAY_MILLIS} and more (heartbeats, timeouts) go to
 * a {@link TimerWheel} the same thread advances every 10 ms: each idle session's
 * heartbeat costs one 40-byte entry there instead of an executor task (~100 bytes), and
 * runs at most ~10 ms late, never early.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {

	/** Shorter delays keep the executor's millisecond precision. */
	static final long WHEEL_MIN_DELAY_MILLIS = 1_000;

	private final ScheduledThreadPoolExecutor executor;

	private final TimerWheel wheel = new TimerWheel(nowMillis());

	/** The wheel's ticking task, started with the first long timer. */
	private volatile @Nullable ScheduledFuture<?> ticking;

	public SystemScheduler() {
		this("socketio-timer");
	}

	public SystemScheduler(String threadName) {
		this.executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, threadName);
			thread.setDaemon(true);
			return thread;
		});
		this.executor.setRemoveOnCancelPolicy(true);
		this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
	}

	@Override
	public Cancellable schedule(Runnable task, long delayMillis) {
		if (executor.isShutdown()) {
			return () -> {
			};
		}
		if (delayMillis >= WHEEL_MIN_DELAY_MILLIS) {
			startTicking();
			return wheel.add(task, nowMillis() + delayMillis);
		}
		Task scheduled = new Task(task);
		scheduled.future = executor.schedule(scheduled, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
		return scheduled;
	}

	private void startTicking() {
		if (ticking == null) {
			synchronized (wheel) {
				if (ticking == null) {
					ticking = executor.scheduleAtFixedRate(() -> wheel.expire(nowMillis()), TimerWheel.TICK_MILLIS,
							TimerWheel.TICK_MILLIS, TimeUnit.MILLISECONDS);
				}
			}
		}
	}

	/**
	 * Runs a timer task: whatever it throws (an {@code OutOfMemoryError} included), the
	 * shared timer thread goes on; logging may fail too when memory is short.
	 */
	static void runGuarded(Runnable task) {
		try {
			task.run();
		}
		catch (Throwable ex) {
			try {
				System.getLogger(SystemScheduler.class.getName())
					.log(System.Logger.Level.WARNING, "Timer task failed", ex);
			}
			catch (Throwable ignored) {
				// nothing more can be done
			}
		}
	}

	/**
	 * A scheduled task and the way to cancel it, in one object: scheduled as a
	 * {@code Callable} (no adapter), so a pending task costs the executor's entry and
	 * this (every idle session has one: its heartbeat).
	 */
	private static final class Task implements Callable<Void>, Cancellable {

		private final Runnable task;

		private volatile @Nullable ScheduledFuture<?> future;

		Task(Runnable task) {
			this.task = task;
		}

		@Override
		public @Nullable Void call() {
			runGuarded(task);
			return null;
		}

		@Override
		public void cancel() {
			ScheduledFuture<?> scheduled = future;
			if (scheduled != null) {
				scheduled.cancel(false);
			}
		}

	}

	@Override
	public long nowMillis() {
		return System.nanoTime() / 1_000_000L;
	}

	@Override
	public void close() {
		executor.shutdownNow();
	}

}
