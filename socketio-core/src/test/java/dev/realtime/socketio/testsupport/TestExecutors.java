package dev.realtime.socketio.testsupport;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Executors for tests: same-thread, hand-cranked, and a real pool. */
public final class TestExecutors {

	private TestExecutors() {
	}

	/**
	 * Runs every task at once on the calling thread: listeners run before the call that
	 * triggered them returns.
	 */
	public static Executor direct() {
		return Runnable::run;
	}

	/**
	 * A real pool of daemon threads, for concurrency tests. Shut it down after the test.
	 */
	public static ExecutorService pool(int threads) {
		AtomicInteger count = new AtomicInteger();
		ThreadFactory factory = (runnable) -> {
			Thread thread = new Thread(runnable, "test-listener-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
		return Executors.newFixedThreadPool(threads, factory);
	}

	/** An executor that only queues tasks until the test runs them. */
	public static ManualExecutor manual() {
		return new ManualExecutor();
	}

	/**
	 * Queues tasks; {@link #runAll()} runs them (and the tasks they submit) on the
	 * calling thread.
	 */
	public static final class ManualExecutor implements Executor {

		private final Queue<Runnable> tasks = new ArrayDeque<>();

		@Override
		public synchronized void execute(Runnable task) {
			tasks.add(task);
		}

		public synchronized int queued() {
			return tasks.size();
		}

		/** Runs queued tasks until none is left. */
		public void runAll() {
			while (true) {
				Runnable task;
				synchronized (this) {
					task = tasks.poll();
				}
				if (task == null) {
					return;
				}
				task.run();
			}
		}

	}

}
