package dev.realtime.socketio.spring.autoconfigure.servlet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import dev.realtime.socketio.spring.autoconfigure.SocketIoAutoConfiguration;
import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.threads.TaskQueue;
import org.apache.tomcat.util.threads.TaskThreadFactory;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code socketio.servlet.tomcat-lifo-workers}: Tomcat's workers taken most recently idle
 * first ({@link LifoTaskQueue}), with Tomcat's sizing, growth and queuing kept, on a real
 * embedded Tomcat and on the pool alone.
 */
class TomcatLifoWorkersTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner(
			AnnotationConfigServletWebServerApplicationContext::new)
		.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
				SocketIoAutoConfiguration.class, SocketIoServletAutoConfiguration.class))
		.withPropertyValues("server.port=0", "server.address=127.0.0.1");

	@Test
	void offByDefaultTomcatKeepsItsOwnPool() {
		runner.run((context) -> {
			assertThat(context).doesNotHaveBean(TomcatLifoWorkers.class);
			Executor executor = connector(context).getProtocolHandler().getExecutor();
			assertThat(executor).isInstanceOf(ThreadPoolExecutor.class);
			assertThat(((ThreadPoolExecutor) executor).getQueue()).isNotInstanceOf(LifoTaskQueue.class);
		});
	}

	@Test
	void onTomcatServesHttpFromTheLifoPoolSizedByTomcatsProperties() {
		runner
			.withPropertyValues("socketio.servlet.tomcat-lifo-workers=true", "server.tomcat.threads.max=7",
					"server.tomcat.threads.min-spare=3")
			.run((context) -> {
				assertThat(context).hasSingleBean(TomcatLifoWorkers.class);
				Executor executor = connector(context).getProtocolHandler().getExecutor();
				assertThat(executor).isInstanceOf(ThreadPoolExecutor.class);
				ThreadPoolExecutor pool = (ThreadPoolExecutor) executor;
				assertThat(pool.getQueue()).isInstanceOf(LifoTaskQueue.class);
				assertThat(pool.getMaximumPoolSize()).isEqualTo(7);
				assertThat(pool.getCorePoolSize()).isEqualTo(3);
				// HTTP requests, several at once, are served by it (no servlet in this
				// context: Tomcat answers 404 itself)
				int port = ((ServletWebServerApplicationContext) context.getSourceApplicationContext()).getWebServer()
					.getPort();
				HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
				List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					responses
						.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/any"))
							.timeout(Duration.ofSeconds(20))
							.build(), HttpResponse.BodyHandlers.ofString()));
				}
				for (CompletableFuture<HttpResponse<String>> response : responses) {
					HttpResponse<String> answer = response.get(30, TimeUnit.SECONDS);
					assertThat(answer.statusCode()).isEqualTo(404);
				}
				assertThat(pool.getCompletedTaskCount()).isGreaterThanOrEqualTo(20);
				assertThat(pool.getLargestPoolSize()).isLessThanOrEqualTo(7);
				context.close();
				assertThat(pool.isShutdown()).isTrue();
			});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadsKeepTheirExecutor() {
		runner.withPropertyValues("socketio.servlet.tomcat-lifo-workers=true", "spring.threads.virtual.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(TomcatLifoWorkers.class));
	}

	@Test
	void connectorWithAnExecutorOfItsOwnIsLeftAlone() {
		TomcatLifoWorkers workers = new TomcatLifoWorkers(4, 1, Integer.MAX_VALUE);
		Connector connector = new Connector("HTTP/1.1");
		Executor own = Runnable::run;
		connector.getProtocolHandler().setExecutor(own);
		workers.customize(connector.getProtocolHandler());
		assertThat(connector.getProtocolHandler().getExecutor()).isSameAs(own);
		workers.destroy();
	}

	@Test
	void badSizesFailWithTheProperty() {
		runner.withPropertyValues("socketio.servlet.tomcat-lifo-workers=true", "server.tomcat.threads.max=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("socketio.servlet.tomcat-lifo-workers"));
	}

	@Test
	void theWorkerIdleLastRunsTheNextTask() throws Exception {
		TomcatLifoWorkers workers = new TomcatLifoWorkers(4, 4, Integer.MAX_VALUE);
		ThreadPoolExecutor pool = workers.newExecutor("lifo-");
		try {
			LifoTaskQueue queue = (LifoTaskQueue) pool.getQueue();
			assertThat(threadsOfSequentialTasks(pool, queue::idleWorkers)).hasSize(1);
		}
		finally {
			workers.destroy();
		}
		assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	/** What the test above would see with Tomcat's own queue: every worker in turn. */
	@Test
	void tomcatsOwnQueueRotatesOverItsIdleWorkers() throws Exception {
		TaskQueue queue = new TaskQueue();
		ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, queue,
				new TaskThreadFactory("fifo-", true, Thread.NORM_PRIORITY));
		queue.setParent(pool);
		try {
			// a worker parked in the queue's take() is idle
			IntSupplier idle = () -> (int) Thread.getAllStackTraces()
				.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().getName().startsWith("fifo-")
						&& entry.getKey().getState() == Thread.State.WAITING)
				.count();
			assertThat(threadsOfSequentialTasks(pool, idle)).hasSize(4);
		}
		finally {
			pool.shutdown();
		}
	}

	/**
	 * Runs 40 tasks one after the other, each once every worker is idle again, and
	 * returns the threads that ran them.
	 */
	private static Set<String> threadsOfSequentialTasks(ThreadPoolExecutor pool, IntSupplier idleWorkers)
			throws Exception {
		// every worker started and idle
		CountDownLatch started = new CountDownLatch(4);
		CountDownLatch release = new CountDownLatch(1);
		for (int i = 0; i < 4; i++) {
			pool.execute(() -> {
				started.countDown();
				awaitQuietly(release);
			});
		}
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		release.countDown();
		Set<String> threads = new HashSet<>();
		for (int i = 0; i < 40; i++) {
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(1))
				.until(() -> idleWorkers.getAsInt() == 4);
			CompletableFuture<String> ran = new CompletableFuture<>();
			pool.execute(() -> ran.complete(Thread.currentThread().getName()));
			threads.add(ran.get(10, TimeUnit.SECONDS));
		}
		return threads;
	}

	@Test
	void growsWhileItMayThenQueuesAndIdleWorkersBeyondTheMinimumEnd() throws Exception {
		TomcatLifoWorkers workers = new TomcatLifoWorkers(3, 1, Integer.MAX_VALUE);
		ThreadPoolExecutor pool = workers.newExecutor("grow-");
		pool.setKeepAliveTime(100, TimeUnit.MILLISECONDS);
		try {
			CountDownLatch release = new CountDownLatch(1);
			AtomicInteger ran = new AtomicInteger();
			for (int i = 0; i < 5; i++) {
				pool.execute(() -> {
					awaitQuietly(release);
					ran.incrementAndGet();
				});
			}
			// a busy pool grows to its maximum (Tomcat's rule) before it queues
			assertThat(pool.getPoolSize()).isEqualTo(3);
			BlockingQueue<Runnable> queue = pool.getQueue();
			await().atMost(Duration.ofSeconds(10)).until(() -> queue.size() == 2);
			release.countDown();
			await().atMost(Duration.ofSeconds(10)).until(() -> ran.get() == 5);
			await().atMost(Duration.ofSeconds(10)).until(() -> pool.getPoolSize() == 1);
		}
		finally {
			workers.destroy();
		}
		assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void manySubmittersLoseNoTask() throws Exception {
		TomcatLifoWorkers workers = new TomcatLifoWorkers(6, 2, Integer.MAX_VALUE);
		ThreadPoolExecutor pool = workers.newExecutor("many-");
		// idle workers beyond the minimum end often, so waits time out while tasks come
		pool.setKeepAliveTime(1, TimeUnit.MILLISECONDS);
		int submitters = 4;
		int tasks = 5000;
		CountDownLatch done = new CountDownLatch(submitters * tasks);
		List<Future<?>> sending = new ArrayList<>();
		java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(submitters);
		try {
			for (int s = 0; s < submitters; s++) {
				sending.add(senders.submit(() -> {
					for (int i = 0; i < tasks; i++) {
						pool.execute(done::countDown);
						if (i % 100 == 0) {
							Thread.yield();
						}
					}
				}));
			}
			for (Future<?> future : sending) {
				future.get(30, TimeUnit.SECONDS);
			}
			assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
			assertThat(pool.getLargestPoolSize()).isLessThanOrEqualTo(6);
		}
		finally {
			senders.shutdownNow();
			workers.destroy();
		}
		assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Connector connector(AssertableWebApplicationContext context) {
		return ((TomcatWebServer) ((ServletWebServerApplicationContext) context.getSourceApplicationContext())
			.getWebServer()).getTomcat().getConnector();
	}

}
