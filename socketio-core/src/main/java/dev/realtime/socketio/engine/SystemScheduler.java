package dev.realtime.socketio.engine;

import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The default {@link Scheduler}: one daemon thread over a
 * {@link ScheduledThreadPoolExecutor} (millisecond precision, cancelled tasks removed at
 * once so idle sessions cost one entry each).
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {

	private final ScheduledThreadPoolExecutor executor;

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
		Task scheduled = new Task(task);
		scheduled.future = executor.schedule(scheduled, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
		return scheduled;
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
			try {
				task.run();
			}
			catch (Throwable ex) {
				// whatever a task throws (an OutOfMemoryError included), the shared timer
				// thread goes on; logging may fail too when memory is short
				try {
					System.getLogger(SystemScheduler.class.getName())
						.log(System.Logger.Level.WARNING, "Timer task failed", ex);
				}
				catch (Throwable ignored) {
					// nothing more can be done
				}
			}
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
