package dev.realtime.socketio.spring.hardening;

import java.time.Duration;

import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import dev.realtime.socketio.spring.testsupport.RawConnection;
import dev.realtime.socketio.spring.web.AbstractEngineWireTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Attacks of issue 13 against a Socket.IO application with the starter's defaults, over
 * raw connections, the same tests for every web stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
public abstract class AbstractHardeningTests {

	protected static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String WEBSOCKET = "/socket.io/?EIO=4&transport=websocket";

	/**
	 * Tomcat's worker threads in these tests: few, so that holding them all takes few
	 * connections.
	 */
	private static final int WORKERS = 10;

	private ConfigurableApplicationContext context;

	private int port;

	protected abstract WebApplicationType webApplicationType();

	/**
	 * Whether a WebSocket message's listeners run on the thread that read it (Tomcat with
	 * {@code socketio.servlet.inline-dispatch}), so that a slow one stops the reading by
	 * itself rather than through a pause.
	 */
	protected boolean listenersBlockTheirReader() {
		return false;
	}

	/** Properties of the application besides the port. */
	protected String[] properties() {
		return new String[0];
	}

	@BeforeAll
	void startApplication() {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(HardeningTestConfiguration.class);
		if (webApplicationType() == WebApplicationType.REACTIVE) {
			builder.sources(AbstractEngineWireTests.NettyServerConfiguration.class);
		}
		this.context = builder.web(webApplicationType())
			.properties("server.port=0", "spring.main.banner-mode=off", "server.tomcat.threads.max=" + WORKERS)
			.properties(properties())
			.run();
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@AfterAll
	void stopApplication() {
		if (context != null) {
			context.close();
		}
	}

	protected int port() {
		return port;
	}

	protected RawConnection connect() throws Exception {
		return RawConnection.open(port, TIMEOUT);
	}

	// ---------------------------------------------------------------- cross-site
	// WebSocket hijacking

	@Test
	void crossSiteWebSocketCarryingASessionCookieIsRefused() throws Exception {
		try (RawConnection connection = connect()) {
			assertThat(connection.upgrade(WEBSOCKET, "Origin", "http://evil.example", "Cookie", "SESSION=victim"))
				.isEqualTo(403);
		}
	}

	@Test
	void sameOriginPagesAndClientsWithoutOriginMayOpenAWebSocket() throws Exception {
		try (RawConnection page = connect(); RawConnection nonBrowser = connect()) {
			assertThat(page.upgrade(WEBSOCKET, "Origin", "http://127.0.0.1:" + port, "Cookie", "SESSION=mine"))
				.isEqualTo(101);
			assertThat(page.readFrame().text()).startsWith("0{\"sid\":");
			assertThat(nonBrowser.upgrade(WEBSOCKET)).isEqualTo(101);
			assertThat(nonBrowser.readFrame().text()).startsWith("0{\"sid\":");
		}
	}

	// ---------------------------------------------------------------- WebSocket frames

	@Test
	void twentyMegabyteMessageIsClosedWith1009() throws Exception {
		for (int attempt = 0; attempt < 3; attempt++) {
			try (RawConnection connection = connect()) {
				assertThat(connection.upgrade(WEBSOCKET)).isEqualTo(101);
				connection.readFrame();
				byte[] huge = new byte[20 * 1024 * 1024];
				java.util.Arrays.fill(huge, (byte) 'a');
				huge[0] = '4';
				Thread writer = new Thread(() -> {
					try {
						connection.sendFrame(1, huge, true, false);
					}
					catch (java.io.IOException ex) {
						// the server may stop reading: what counts is the close code
					}
				}, "huge-message-writer");
				writer.start();
				assertThat(connection.readCloseCode()).as("attempt %d", attempt).isEqualTo(1009);
				writer.join(TIMEOUT.toMillis());
			}
		}
		assertServerAnswers();
	}

	// ---------------------------------------------------------------- backpressure

	@Test
	void aFastSenderToASlowHandlerIsPausedNotClosedAndLosesNoEvent() throws Exception {
		SocketIoServer io = context.getBean(SocketIoServer.class);
		long pauses = io.inboundCounters().readPauses();
		int events = 6000; // more than socketio.inbound.max-queued-packets (5000)
		HardeningTestConfiguration.slowSeen.clear();
		HardeningTestConfiguration.slowGate = new java.util.concurrent.CountDownLatch(1);
		HardeningTestConfiguration.slowEntered = new java.util.concurrent.CountDownLatch(1);
		try (RawConnection client = RawClients.joined(port)) {
			long before = io.engine().memoryUsed();
			// the server stops reading: the writes may block until it reads again
			Thread writer = new Thread(() -> {
				try {
					for (int i = 0; i < events; i++) {
						client.sendText("42[\"slow\"," + i + "]");
					}
				}
				catch (java.io.IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			}, "fast-sender");
			writer.start();

			if (listenersBlockTheirReader()) {
				// the slow listener holds the thread that reads its connection: the rest
				// waits in the socket
				assertThat(HardeningTestConfiguration.slowEntered.await(TIMEOUT.toSeconds(),
						java.util.concurrent.TimeUnit.SECONDS))
					.isTrue();
			}
			else {
				await().atMost(TIMEOUT).until(() -> io.inboundCounters().readPauses() > pauses);
			}
			// 2500 events wait (half the bound), each counting its bytes and 128; 6000
			// would
			// pin more than twice that
			assertThat(io.engine().memoryUsed() - before).isLessThan(2600L * 160);
			HardeningTestConfiguration.slowGate.countDown();
			writer.join(TIMEOUT.toMillis());
			await().atMost(Duration.ofSeconds(30)).until(() -> HardeningTestConfiguration.slowSeen.size() >= events);
			assertThat(HardeningTestConfiguration.slowSeen)
				.isEqualTo(java.util.stream.IntStream.range(0, events).boxed().toList());
			client.sendText("421[\"echo\",\"after\"]");
			assertThat(RawClients.nextEvent(client, TIMEOUT)).isEqualTo("431[\"after\"]");
		}
		finally {
			HardeningTestConfiguration.slowGate.countDown();
		}
	}

	// ---------------------------------------------------------------- memory budget

	@Test
	void nearTheMemoryBudgetHandshakesGet503AndOverItTheLargestConsumerIsShed(CapturedOutput output) throws Exception {
		EngineServer engine = context.getBean(SocketIoServer.class).engine();
		long budget = engine.maxMemory();
		assertThat(budget).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
		try {
			// a polling client that sends acked events and never GETs: the acks pile up
			String sid = pollingHandshake();
			String query = "/socket.io/?EIO=4&transport=polling&sid=" + sid;
			assertThat(post(query, "40")).isEqualTo("200 ok");
			long before = engine.memoryUsed();
			assertThat(post(query, String.join("\u001e", java.util.Collections.nCopies(2000, "421[\"echo\"]"))))
				.isEqualTo("200 ok");
			long used = engine.memoryUsed();
			assertThat(used - before).as("2000 queued acks, each with its overhead").isGreaterThan(2000L * 128);

			engine.setMaxMemory(used * 100 / 95);
			try (RawConnection connection = connect()) {
				connection
					.write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n");
				assertThat(connection.readResponse()).isEqualTo(
						"503 {\"code\":3,\"message\":\"Server unavailable: its memory budget for clients is used up, retry later\"}");
			}
			try (RawConnection connection = connect()) {
				assertThat(connection.upgrade(WEBSOCKET)).isEqualTo(503);
			}

			engine.setMaxMemory(used / 2);
			await().atMost(TIMEOUT).until(() -> engine.session(sid) == null);
			assertThat(getPoll(query)).startsWith("400 ");
			engine.setMaxMemory(budget);
			assertServerAnswers();
			assertThat(output.getAll()).contains("Socket.IO memory budget exceeded")
				.doesNotContainPattern("(?m)^\\s+at ");
		}
		finally {
			engine.setMaxMemory(budget);
		}
	}

	@Test
	void frameWithRsv1AndNoNegotiatedExtensionIsClosedWith1002() throws Exception {
		try (RawConnection connection = connect()) {
			assertThat(connection.upgrade(WEBSOCKET)).isEqualTo(101);
			connection.readFrame();
			connection.sendFrame(1, "40".getBytes(java.nio.charset.StandardCharsets.UTF_8), true, true);

			assertThat(connection.readCloseCode()).isEqualTo(1002);
		}
		assertServerAnswers();
	}

	// ---------------------------------------------------------------- polling

	@Test
	void clientAbortingAPollingPostLeavesNoErrorInTheLog(CapturedOutput output) throws Exception {
		String sid = pollingHandshake();
		String query = "/socket.io/?EIO=4&transport=polling&sid=" + sid;
		for (int i = 0; i < 3; i++) {
			try (RawConnection connection = connect()) {
				connection.write("POST " + query + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
						+ "\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: 1000\r\n\r\n40");
			}
		}
		// the session still works: a complete POST after the aborted ones
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(post(query, "40")).isEqualTo("200 ok"));
		await().during(Duration.ofSeconds(1))
			.atMost(TIMEOUT)
			.untilAsserted(
					() -> assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContainPattern("(?m)^\\s+at "));
	}

	@Test
	void slowPollingBodiesHoldNoWorker() throws Exception {
		java.util.List<RawConnection> slow = new java.util.ArrayList<>();
		try {
			String sid = pollingHandshake();
			// three times as many as Tomcat has workers, each sending one byte of its
			// body
			// and then nothing: for unknown sessions and for a known one
			for (int i = 0; i < 3 * WORKERS; i++) {
				RawConnection connection = connect();
				slow.add(connection);
				connection.write("POST /socket.io/?EIO=4&transport=polling&sid=" + ((i == 0) ? sid : "slow" + i)
						+ " HTTP/1.1\r\nHost: 127.0.0.1:" + port
						+ "\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: 100\r\n\r\n4");
			}

			assertThat(pollingHandshake()).isNotEmpty();
			assertServerAnswers();
			pollingRound();
		}
		finally {
			slow.forEach(RawConnection::close);
		}
	}

	// ---------------------------------------------------------------- soak

	@Test
	void churnOfPollingAndWebSocketClientsLeavesNothingBehind() throws Exception {
		SocketIoServer io = context.getBean(SocketIoServer.class);
		// sessions other tests left open (they end on their ping timeout) may be counted
		int before = io.engine().clientsCount();
		churn(Duration.ofSeconds(2));
		await().atMost(TIMEOUT).until(() -> io.engine().clientsCount() <= before);
		long baseline = usedHeapAfterGc();

		int rounds = churn(Duration.ofSeconds(15));

		await().atMost(TIMEOUT).until(() -> io.engine().clientsCount() <= before);
		assertThat(io.sockets().sockets().size()).isLessThanOrEqualTo(before);
		assertThat(rounds).isGreaterThan(20);
		// what thousands of sessions left behind would show; noise of a shared JVM stays
		// well under it
		assertThat(usedHeapAfterGc()).isLessThan(baseline + 48L * 1024 * 1024);
		assertServerAnswers();
	}

	/**
	 * WebSocket and polling clients joining, exchanging an event and leaving, in
	 * parallel, for {@code duration}.
	 */
	private int churn(Duration duration) throws Exception {
		long deadline = System.nanoTime() + duration.toNanos();
		java.util.concurrent.atomic.AtomicInteger rounds = new java.util.concurrent.atomic.AtomicInteger();
		java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(8);
		try {
			java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
			for (int i = 0; i < 8; i++) {
				boolean polling = i % 4 == 0;
				done.add(clients.submit(() -> {
					while (System.nanoTime() < deadline) {
						if (polling) {
							pollingRound();
						}
						else {
							assertServerAnswers();
						}
						rounds.incrementAndGet();
					}
					return null;
				}));
			}
			for (java.util.concurrent.Future<?> future : done) {
				future.get(duration.toSeconds() + 60, java.util.concurrent.TimeUnit.SECONDS);
			}
		}
		finally {
			clients.shutdownNow();
		}
		return rounds.get();
	}

	/** A polling client: handshake, join, an event with its ack, and a close packet. */
	private void pollingRound() throws Exception {
		RawClients.pollingRound(port);
	}

	private String post(String pathAndQuery, String body) throws Exception {
		return RawClients.post(port, pathAndQuery, body);
	}

	private String getPoll(String pathAndQuery) throws Exception {
		return RawClients.get(port, pathAndQuery);
	}

	private static long usedHeapAfterGc() {
		long least = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			Runtime runtime = Runtime.getRuntime();
			least = Math.min(least, runtime.totalMemory() - runtime.freeMemory());
		}
		return least;
	}

	/** A polling handshake; returns the sid. */
	protected String pollingHandshake() throws Exception {
		return RawClients.pollingHandshake(port);
	}

	/**
	 * Another client still handshakes, joins and gets its event echoed, over WebSocket.
	 */
	protected void assertServerAnswers() throws Exception {
		RawClients.assertServerAnswers(port);
	}

	/** The application: an echo on the main namespace. */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	public static class HardeningTestConfiguration {

		/** What the slow handler received, in order. */
		static final java.util.List<Integer> slowSeen = new java.util.concurrent.CopyOnWriteArrayList<>();

		/** Counted down when the slow handler starts waiting. */
		static volatile java.util.concurrent.CountDownLatch slowEntered = new java.util.concurrent.CountDownLatch(1);

		/** Holds the slow handler until a test opens it. */
		static volatile java.util.concurrent.CountDownLatch slowGate = new java.util.concurrent.CountDownLatch(0);

		@Bean
		SocketIoServerCustomizer echo() {
			return (SocketIoServer io) -> io.on((socket) -> {
				socket.on("echo", (args, ack) -> {
					if (ack != null) {
						ack.send(args.toArray());
					}
					else {
						socket.emit("echo", args.toArray());
					}
				});
				// a tenth of a millisecond per event
				socket.on("lag", (args, ack) -> java.util.concurrent.locks.LockSupport.parkNanos(100_000));
				socket.on("slow", (args, ack) -> {
					slowEntered.countDown();
					try {
						slowGate.await(30, java.util.concurrent.TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					slowSeen.add(args.get(0).asInt());
				});
			});
		}

	}

}
