package dev.realtime.socketio.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool listeners run on when no executor is configured (the server's own
 * default, and the Spring Boot default without virtual threads): daemon threads named
 * {@code socketio-listener-N}, idle ones let go after a minute. Each connection wraps it
 * in a {@link SerialExecutor} to keep its events in order.
 */
public final class ListenerPool {

	private ListenerPool() {
	}

	/** Two threads per core, at least four. */
	public static int defaultThreads() {
		return Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
	}

	/** A pool of {@code threads} threads (see the class description). */
	public static ExecutorService create(int threads) {
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (runnable) -> {
					Thread thread = new Thread(runnable, "socketio-listener-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		pool.allowCoreThreadTimeOut(true);
		return pool;
	}

}
