package dev.realtime.socketio.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.realtime.socketio.testsupport.TestExecutors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listener threading with a real pool: ordered per connection, parallel across
 * connections.
 */
class SocketIoConcurrencyTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ExecutorService pool = TestExecutors.pool(8);

	private final SocketIoFixture fixture = new SocketIoFixture((options) -> options, pool);

	@AfterEach
	void shutdown() {
		fixture.close();
		pool.shutdownNow();
	}

	private String connect(TestClient client) {
		client.send("0");
		await().atMost(WAIT).until(() -> client.received().stream().anyMatch((frame) -> frame.startsWith("40{")));
		String answer = client.received().stream().filter((frame) -> frame.startsWith("40{")).findFirst().orElseThrow();
		return TestClient.group(Pattern.compile("\"sid\":\"([^\"]+)\""), answer);
	}

	@Test
	void eventsOfOneConnectionAreHandledOneAtATimeInArrivalOrder() {
		List<Integer> order = new CopyOnWriteArrayList<>();
		AtomicInteger active = new AtomicInteger();
		AtomicBoolean overlapped = new AtomicBoolean();
		Map<String, String> threads = new java.util.concurrent.ConcurrentHashMap<>();
		fixture.io.on((socket) -> socket.on("n", (args, ack) -> {
			if (active.incrementAndGet() != 1) {
				overlapped.set(true);
			}
			threads.put(Thread.currentThread().getName(), "");
			order.add(args.get(0).asInt());
			active.decrementAndGet();
		}));
		TestClient client = fixture.open();
		connect(client);

		for (int i = 0; i < 1000; i++) {
			client.send("2[\"n\"," + i + "]");
		}

		await().atMost(WAIT).until(() -> order.size() == 1000);
		List<Integer> expected = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			expected.add(i);
		}
		assertThat(order).containsExactlyElementsOf(expected);
		assertThat(overlapped).isFalse();
		assertThat(threads.keySet()).allMatch((name) -> name.startsWith("test-listener-"));
	}

	@Test
	void differentConnectionsAreHandledInParallel() throws InterruptedException {
		CountDownLatch bothStarted = new CountDownLatch(2);
		CountDownLatch release = new CountDownLatch(1);
		List<Boolean> sawTheOther = new CopyOnWriteArrayList<>();
		fixture.io.on((socket) -> socket.on("block", (args, ack) -> {
			bothStarted.countDown();
			sawTheOther.add(bothStarted.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
			release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}));
		TestClient first = fixture.open();
		TestClient second = fixture.open();
		connect(first);
		connect(second);

		first.send("2[\"block\"]");
		second.send("2[\"block\"]");

		assertThat(bothStarted.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		release.countDown();
		await().atMost(WAIT).until(() -> sawTheOther.size() == 2);
		assertThat(sawTheOther).containsExactly(true, true);
	}

	@Test
	void aBlockedConnectionDoesNotHoldBackAnotherOne() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		List<String> handled = new CopyOnWriteArrayList<>();
		fixture.io.on((socket) -> {
			socket.on("block", (args, ack) -> release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
			socket.on("quick", (args, ack) -> handled.add("quick"));
		});
		TestClient slow = fixture.open();
		TestClient fast = fixture.open();
		connect(slow);
		connect(fast);

		slow.send("2[\"block\"]");
		slow.send("2[\"quick\"]");
		fast.send("2[\"quick\"]");

		await().atMost(WAIT).until(() -> handled.size() == 1);
		assertThat(handled).containsExactly("quick");
		release.countDown();
		await().atMost(WAIT).until(() -> handled.size() == 2);
	}

	@Test
	void emitsFromEightThreadsToOneSocketLoseNothingAndKeepEachThreadsOrder() throws InterruptedException {
		TestClient client = fixture.open();
		Socket socket = fixture.socket("/", connect(client));
		int threads = 8;
		int perThread = 500;
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> emitters = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			Thread emitter = new Thread(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				for (int i = 0; i < perThread; i++) {
					socket.emit("e", thread, i);
				}
			});
			emitter.start();
			emitters.add(emitter);
		}

		start.countDown();
		for (Thread emitter : emitters) {
			emitter.join(WAIT.toMillis());
		}

		Pattern event = Pattern.compile("^42\\[\"e\",(\\d+),(\\d+)\\]$");
		await().atMost(WAIT)
			.until(() -> client.received().stream().filter((f) -> f.startsWith("42[\"e\"")).count() == threads
					* perThread);
		Map<Integer, Integer> next = new HashMap<>();
		for (String frame : client.received()) {
			Matcher matcher = event.matcher(frame);
			if (!matcher.matches()) {
				continue;
			}
			int thread = Integer.parseInt(matcher.group(1));
			int seq = Integer.parseInt(matcher.group(2));
			assertThat(seq).as("thread %d order", thread).isEqualTo(next.getOrDefault(thread, 0));
			next.put(thread, seq + 1);
		}
		assertThat(next).hasSize(threads).allSatisfy((thread, count) -> assertThat(count).isEqualTo(perThread));
	}

	@Test
	void acksFromManyThreadsEachCompleteTheirOwnFuture() throws InterruptedException {
		TestClient client = fixture.open();
		Socket socket = fixture.socket("/", connect(client));
		List<java.util.concurrent.CompletableFuture<EventArgs>> futures = new CopyOnWriteArrayList<>();
		CountDownLatch done = new CountDownLatch(4);
		for (int t = 0; t < 4; t++) {
			new Thread(() -> {
				for (int i = 0; i < 50; i++) {
					futures.add(socket.emitWithAck("q"));
				}
				done.countDown();
			}).start();
		}
		assertThat(done.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

		Pattern withId = Pattern.compile("^42(\\d+)\\[\"q\"\\]$");
		for (String frame : client.received()) {
			Matcher matcher = withId.matcher(frame);
			if (matcher.matches()) {
				client.send("3" + matcher.group(1) + "[" + matcher.group(1) + "]");
			}
		}

		await().atMost(WAIT).until(() -> futures.stream().allMatch(java.util.concurrent.CompletableFuture::isDone));
		assertThat(futures).hasSize(200);
		assertThat(futures).allMatch((future) -> !future.isCompletedExceptionally());
		assertThat(futures.stream().map((future) -> future.join().get(0).asLong()).distinct().count()).isEqualTo(200);
	}

}
