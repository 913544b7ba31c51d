package dev.realtime.socketio.spring.autoconfigure.servlet;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.ProtocolHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.threads.TaskThreadFactory;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;

/**
 * Gives Tomcat's connectors a worker pool that hands each task to the most recently idle
 * worker ({@link LifoTaskQueue}) instead of Tomcat's own pool, which wakes the worker
 * idle longest ({@code socketio.servlet.tomcat-lifo-workers}). Sized like Tomcat's own
 * ({@code server.tomcat.threads.max}, {@code min-spare}, {@code max-queue-capacity}, 60 s
 * keep-alive, daemon threads named after the connector), so HTTP requests are queued and
 * the pool grows exactly as before; only which idle thread runs the next task changes.
 * Not applied to a connector that already has an executor (virtual threads, an
 * application's own), and the pools it made are shut down with the application context.
 */
final class TomcatLifoWorkers implements TomcatProtocolHandlerCustomizer<ProtocolHandler>, DisposableBean {

	private static final Log logger = LogFactory.getLog(TomcatLifoWorkers.class);

	/** Tomcat's keep-alive of idle workers beyond the minimum. */
	private static final long KEEP_ALIVE_SECONDS = 60;

	private final int maxThreads;

	private final int minSpareThreads;

	private final int maxQueueCapacity;

	private final List<ThreadPoolExecutor> executors = new ArrayList<>();

	TomcatLifoWorkers(int maxThreads, int minSpareThreads, int maxQueueCapacity) {
		if (maxThreads < 1 || minSpareThreads < 0 || maxQueueCapacity < 1) {
			throw new IllegalArgumentException("socketio.servlet.tomcat-lifo-workers needs server.tomcat.threads.max"
					+ " >= 1, min-spare >= 0 and max-queue-capacity >= 1, got " + maxThreads + ", " + minSpareThreads
					+ ", " + maxQueueCapacity);
		}
		this.maxThreads = maxThreads;
		this.minSpareThreads = Math.min(minSpareThreads, maxThreads);
		this.maxQueueCapacity = maxQueueCapacity;
	}

	@Override
	public void customize(ProtocolHandler protocol) {
		if (protocol.getExecutor() != null) {
			logger.info(
					"Tomcat's connector has an executor of its own: socketio.servlet.tomcat-lifo-workers not applied");
			return;
		}
		String name = (protocol instanceof AbstractProtocol<?> abstractProtocol)
				? abstractProtocol.getName().replace("\"", "") : "http";
		protocol.setExecutor(newExecutor(name + "-exec-"));
	}

	/** A pool as Tomcat's own, on a {@link LifoTaskQueue}. */
	ThreadPoolExecutor newExecutor(String namePrefix) {
		LifoTaskQueue queue = new LifoTaskQueue(maxQueueCapacity);
		ThreadPoolExecutor executor = new ThreadPoolExecutor(minSpareThreads, maxThreads, KEEP_ALIVE_SECONDS,
				TimeUnit.SECONDS, queue, new TaskThreadFactory(namePrefix, true, Thread.NORM_PRIORITY));
		queue.setParent(executor);
		synchronized (executors) {
			executors.add(executor);
		}
		return executor;
	}

	@Override
	public void destroy() {
		List<ThreadPoolExecutor> made;
		synchronized (executors) {
			made = new ArrayList<>(executors);
			executors.clear();
		}
		// Tomcat does not shut down an executor it was given
		made.forEach(ThreadPoolExecutor::shutdown);
	}

}
