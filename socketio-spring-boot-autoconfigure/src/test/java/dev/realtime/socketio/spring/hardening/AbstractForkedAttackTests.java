package dev.realtime.socketio.spring.hardening;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.spring.testsupport.RawConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The attacks of issue 13 against the hardening application in a JVM of its own with
 * {@code -Xmx512m} and a memory budget ({@code socketio.memory.max-total}) of
 * {@value ForkedAttackServer#MEMORY_BUDGET_MB} MB (one per web stack, started once per
 * class): each leaves the server answering other clients, its heap after a full GC within
 * what it used after startup plus the budget (and {@link #SLACK_MB} MB for what the
 * budget does not count), and its log free of errors, stack traces and out-of-memory
 * errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class AbstractForkedAttackTests {

	private static final String PH = "{\"_placeholder\":true,\"num\":%d}";

	private static final long MB = 1024 * 1024;

	/**
	 * Heap the memory budget does not count, allowed on top of it: what the web stacks
	 * buffer (Tomcat's processors and read buffers for the attack's connections, Netty's
	 * frames decoded before a pause), polling bodies being read, received JSON decoded
	 * beyond its wire bytes, and the caches the application fills after startup (see
	 * docs/known-gaps.md, "Hardening").
	 */
	static final int SLACK_MB = 16;

	private Process server;

	/** Everything the server printed (its log). */
	private final StringBuffer log = new StringBuffer();

	private int port;

	/** The server's heap after a full GC once it started and served a client. */
	private long baseline;

	/** {@code servlet} or {@code reactive}. */
	protected abstract String stack();

	@BeforeAll
	void fork() throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		this.server = new ProcessBuilder(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp",
				System.getProperty("java.class.path"), ForkedAttackServer.class.getName(), stack())
			.redirectErrorStream(true)
			.start();
		CompletableFuture<Integer> started = new CompletableFuture<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null) {
					log.append(line).append('\n');
					if (line.startsWith(ForkedAttackServer.PORT_LINE)) {
						started.complete(Integer.parseInt(line.substring(ForkedAttackServer.PORT_LINE.length())));
					}
				}
			}
			catch (IOException ex) {
				// the server is gone
			}
			started.completeExceptionally(new IllegalStateException("the forked server ended:\n" + log));
		}, "forked-server-log");
		reader.setDaemon(true);
		reader.start();
		this.port = started.get(90, TimeUnit.SECONDS);
		// what serving a client initializes lazily belongs to the baseline
		assertServerAnswers();
		RawClients.pollingRound(port);
		this.baseline = usedHeapAfterGc();
	}

	@AfterAll
	void stop() throws InterruptedException {
		if (server != null) {
			server.destroy();
			if (!server.waitFor(10, TimeUnit.SECONDS)) {
				server.destroyForcibly();
			}
		}
	}

	/**
	 * A polling client POSTs batches of tiny acked events and never GETs: the acks pile
	 * up until it is cut off at its outbound limit ("outbound buffer overflow"). Then
	 * more clients, each staying under that limit, together offer more than the budget
	 * and its slack: the server closes those that pin the most, and those left pin no
	 * more heap than the budget allows.
	 */
	@Test
	void bufferedAcksWithoutGet() throws Exception {
		// 4,000 acks of 133 bytes each (their 5 bytes and 128 for what they pin)
		String tiny = String.join("\u001e", Collections.nCopies(4000, "421[\"echo\"]"));
		// 700 acks of 1,134 bytes each
		String large = String.join("\u001e", Collections.nCopies(700, "421[\"echo\",\"" + "x".repeat(1000) + "\"]"));
		int holders = 14;
		ExecutorService clients = Executors.newFixedThreadPool(holders);
		List<String> held = new ArrayList<>();
		try {
			Future<Integer> cutAfter = clients.submit(() -> {
				String query = joinedPollingQuery();
				// socketio.outbound.max-buffered-bytes (8 MB): cut off by the 16th batch
				for (int i = 1; i <= 25; i++) {
					if (!post(query, tiny).equals("200 ok")) {
						return i;
					}
				}
				return -1;
			});
			assertServerAnswers();
			assertThat(cutAfter.get(60, TimeUnit.SECONDS)).isBetween(15, 17);

			// 9 batches each (7 MB, under the outbound limit): 99 MB offered in all
			for (int c = 0; c < holders; c++) {
				held.add(joinedPollingQuery());
			}
			List<Future<Integer>> accepted = new ArrayList<>();
			for (String query : held) {
				accepted.add(clients.submit(() -> {
					for (int i = 1; i <= 9; i++) {
						if (!post(query, large).equals("200 ok")) {
							return i - 1;
						}
					}
					return 9;
				}));
			}
			for (Future<Integer> client : accepted) {
				assertThat(client.get(90, TimeUnit.SECONDS)).isBetween(0, 9);
			}
			await().atMost(RawClients.TIMEOUT).until(() -> log.toString().contains("Socket.IO memory budget exceeded"));
			// those left pin what the budget allows
			assertHeapWithinBudget();
		}
		finally {
			clients.shutdownNow();
		}
		int closed = 0;
		for (String query : held) {
			// a close packet, or a 400 for a session the server closed
			if (!post(query, "1").equals("200 ok")) {
				closed++;
			}
		}
		assertThat(closed).as("clients closed over the budget").isBetween(1, holders - 1);
		assertServerAnswers();
		assertCleanLog();
	}

	/**
	 * WebSocket clients announce ten attachments and send nine (held until the attachment
	 * timeout), others send attachments adding up beyond the limit (closed).
	 */
	@Test
	void halfReceivedBinaryPackets() throws Exception {
		StringBuilder header = new StringBuilder("4510-[\"echo\"");
		for (int i = 0; i < 10; i++) {
			header.append(',').append(String.format(PH, i));
		}
		String announce = header.append(']').toString();
		List<RawConnection> pending = new ArrayList<>();
		try {
			for (int c = 0; c < 30; c++) {
				RawConnection client = joined();
				pending.add(client);
				client.sendText(announce);
				for (int i = 0; i < 9; i++) {
					client.sendFrame(2, new byte[100_000], true, false);
				}
			}
			assertServerAnswers();
			for (int c = 0; c < 10; c++) {
				try (RawConnection client = joined()) {
					client.sendText(announce);
					try {
						for (int i = 0; i < 3; i++) {
							client.sendFrame(2, new byte[999_000], true, false);
						}
					}
					catch (IOException ex) {
						// closed while sending: what counts is that it is closed
					}
					// closed (a parse error): with its close frame, or reset while still
					// sending
					assertThat(client.readCloseCode()).isIn(1000, RawConnection.NO_CLOSE_FRAME);
				}
			}
			assertServerAnswers();
			// the 30 pending packets still held
			assertHeapWithinBudget();
		}
		finally {
			pending.forEach(RawConnection::close);
		}
		assertCleanLog();
	}

	/**
	 * A WebSocket client sends 10,000 events (twice the bound of waiting packets) as fast
	 * as it can to a handler that takes a tenth of a millisecond each: reading pauses,
	 * the client is slowed down, not cut off, and others are served meanwhile.
	 */
	@Test
	void fastEventsToASlowHandler() throws Exception {
		try (RawConnection flood = joined()) {
			Thread writer = new Thread(() -> {
				try {
					for (int i = 0; i < 10_000; i++) {
						flood.sendText("42[\"lag\"," + i + "]");
					}
					flood.sendText("421[\"echo\",\"done\"]");
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			}, "flood");
			writer.start();
			assertServerAnswers();
			writer.join(TimeUnit.SECONDS.toMillis(60));
			assertThat(RawClients.nextEvent(flood, Duration.ofSeconds(60))).isEqualTo("431[\"done\"]");
		}
		assertServerAnswers();
		assertCleanLog();
	}

	/**
	 * Three times as many connections as Tomcat has workers each send the start of a
	 * polling POST body and then nothing (for unknown sessions and a known one), and a
	 * few go away in the middle of their body: new handshakes and other clients' events
	 * are served meanwhile, and the aborted bodies leave no error in the log.
	 */
	@Test
	void slowPollingBodies() throws Exception {
		List<RawConnection> slow = new ArrayList<>();
		try {
			String sid = pollingHandshake();
			for (int i = 0; i < 3 * ForkedAttackServer.WORKERS; i++) {
				RawConnection connection = RawClients.connect(port);
				slow.add(connection);
				connection.write("POST /socket.io/?EIO=4&transport=polling&sid=" + ((i == 0) ? sid : "slow" + i)
						+ " HTTP/1.1\r\nHost: 127.0.0.1:" + port
						+ "\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: 100\r\n\r\n4");
			}
			String aborting = joinedPollingQuery();
			for (int i = 0; i < 3; i++) {
				try (RawConnection connection = RawClients.connect(port)) {
					connection.write("POST " + aborting + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
							+ "\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: 1000\r\n\r\n42");
				}
			}

			assertThat(pollingHandshake()).isNotEmpty();
			assertServerAnswers();
			RawClients.pollingRound(port);
			// the session of the aborted bodies still works
			await().atMost(RawClients.TIMEOUT)
				.untilAsserted(() -> assertThat(post(aborting, "421[\"echo\",\"y\"]")).isEqualTo("200 ok"));
			assertHeapWithinBudget();
		}
		finally {
			slow.forEach(RawConnection::close);
		}
		assertServerAnswers();
		// the server may notice the closed connections a little later
		await().during(Duration.ofSeconds(1)).atMost(RawClients.TIMEOUT).untilAsserted(this::assertCleanLog);
	}

	/**
	 * A WebSocket upgrade from another site carrying the user's cookie is refused (403);
	 * the application's own pages may still open one.
	 */
	@Test
	void crossSiteWebSocketUpgrade() throws Exception {
		try (RawConnection evil = RawClients.connect(port); RawConnection page = RawClients.connect(port)) {
			assertThat(evil.upgrade(RawClients.WEBSOCKET, "Origin", "http://evil.example", "Cookie", "SESSION=victim"))
				.isEqualTo(403);
			assertThat(
					page.upgrade(RawClients.WEBSOCKET, "Origin", "http://127.0.0.1:" + port, "Cookie", "SESSION=mine"))
				.isEqualTo(101);
			assertThat(page.readFrame().text()).startsWith("0{\"sid\":");
		}
		assertServerAnswers();
		assertCleanLog();
	}

	/**
	 * A client sends an object of 16,384 names that collide in jackson-core's symbol
	 * table (closed: over {@code socketio.parser.max-object-properties}), another one of
	 * 9,000 (echoed); afterwards other clients' objects with thousands of new names are
	 * still read and echoed.
	 */
	@Test
	void collidingFieldNames() throws Exception {
		List<String> colliding = new ArrayList<>(1 << 14);
		for (int i = 0; i < (1 << 14); i++) {
			// "Aa" and "B@" hash alike: every name of 14 of them has the same hash
			StringBuilder name = new StringBuilder();
			for (int bit = 0; bit < 14; bit++) {
				name.append(((i >> bit) & 1) == 0 ? "Aa" : "B@");
			}
			colliding.add(name.toString());
		}
		try (RawConnection attacker = joined()) {
			attacker.sendText("42[\"echo\"," + object(colliding) + "]");
			assertThat(attacker.readCloseCode()).isIn(1000, RawConnection.NO_CLOSE_FRAME);
		}
		List<String> fewer = colliding.subList(0, 9_000);
		try (RawConnection attacker = joined()) {
			attacker.sendText("421[\"echo\"," + object(fewer) + "]");
			assertThat(RawClients.nextEvent(attacker, RawClients.TIMEOUT)).startsWith("431[{")
				.contains("\"" + fewer.get(8_999) + "\":8999}");
		}
		for (int c = 0; c < 3; c++) {
			List<String> names = new ArrayList<>();
			for (int i = 0; i < 5_000; i++) {
				names.add("c" + c + "-field-" + i);
			}
			try (RawConnection client = joined()) {
				client.sendText("421[\"echo\"," + object(names) + "]");
				assertThat(RawClients.nextEvent(client, RawClients.TIMEOUT))
					.startsWith("431[{\"c" + c + "-field-0\":0,")
					.endsWith("\"c" + c + "-field-4999\":4999}]");
			}
		}
		assertHeapWithinBudget();
		assertServerAnswers();
		assertCleanLog();
	}

	/** A JSON object of these names, each with its index. */
	private static String object(List<String> names) {
		StringBuilder json = new StringBuilder("{");
		for (int i = 0; i < names.size(); i++) {
			json.append((i == 0) ? "\"" : ",\"").append(names.get(i)).append("\":").append(i);
		}
		return json.append('}').toString();
	}

	/**
	 * The forked server's heap after a full GC stays within what it used after startup,
	 * plus its memory budget and {@link #SLACK_MB}.
	 */
	private void assertHeapWithinBudget() throws Exception {
		long used = usedHeapAfterGc();
		System.out.printf("forked %s server: heap after GC %d MB, %d MB after startup%n", stack(), used / MB,
				baseline / MB);
		assertThat(used).as("heap used after GC (%d MB after startup)", baseline / MB)
			.isLessThan(baseline + (ForkedAttackServer.MEMORY_BUDGET_MB + SLACK_MB) * MB);
	}

	/** The forked server's heap after a full GC, measured with {@code jcmd}. */
	private long usedHeapAfterGc() throws Exception {
		String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
		String pid = String.valueOf(server.pid());
		Process gc = new ProcessBuilder(jcmd, pid, "GC.run").redirectErrorStream(true).start();
		gc.getInputStream().readAllBytes();
		assertThat(gc.waitFor(30, TimeUnit.SECONDS)).isTrue();
		Process info = new ProcessBuilder(jcmd, pid, "GC.heap_info").redirectErrorStream(true).start();
		String heap = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(info.waitFor(30, TimeUnit.SECONDS)).isTrue();
		// the heap's lines (G1's one, or one per generation), not the metaspace's
		long usedKilobytes = 0;
		java.util.regex.Pattern used = java.util.regex.Pattern.compile("used (\\d+)K");
		for (String line : heap.split("\n")) {
			java.util.regex.Matcher matcher = used.matcher(line);
			if (!line.contains("Metaspace") && !line.contains("class space") && matcher.find()) {
				usedKilobytes += Long.parseLong(matcher.group(1));
			}
		}
		assertThat(usedKilobytes).as("heap info: %s", heap).isPositive();
		return usedKilobytes * 1024;
	}

	/**
	 * No out-of-memory error, no stack trace and no ERROR line (Spring Boot's console
	 * format: the level after the time stamp) in what the server printed.
	 */
	private void assertCleanLog() {
		assertThat(log.toString()).as("the forked server's log")
			.doesNotContain("OutOfMemoryError")
			.doesNotContainPattern("(?m)^\\s+at ")
			.doesNotContainPattern("(?m)^Caused by: ")
			.doesNotContainPattern("(?m)^\\S+\\s+ERROR ");
	}

	private RawConnection joined() throws IOException {
		return RawClients.joined(port);
	}

	private void assertServerAnswers() throws IOException {
		RawClients.assertServerAnswers(port);
	}

	/** A polling client that joined the main namespace: the query of its requests. */
	private String joinedPollingQuery() throws IOException {
		String query = "/socket.io/?EIO=4&transport=polling&sid=" + pollingHandshake();
		assertThat(post(query, "40")).isEqualTo("200 ok");
		return query;
	}

	private String pollingHandshake() throws IOException {
		return RawClients.pollingHandshake(port);
	}

	private String post(String pathAndQuery, String body) throws IOException {
		return RawClients.post(port, pathAndQuery, body);
	}

}
