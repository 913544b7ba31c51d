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

/**
 * The attacks of issue 13 against the hardening application in a JVM of its own with
 * {@code -Xmx512m} (one per web stack, started once per class): each leaves the server
 * answering other clients, and its log free of stack traces and out-of-memory errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class AbstractForkedAttackTests {

	private static final String PH = "{\"_placeholder\":true,\"num\":%d}";

	private Process server;

	/** Everything the server printed (its log). */
	private final StringBuffer log = new StringBuffer();

	private int port;

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
	 * Polling clients POST batches of tiny acked events and never GET: the acks pile up
	 * until each client is cut off at its outbound limit ("outbound buffer overflow").
	 */
	@Test
	void bufferedTinyAcksWithoutGet() throws Exception {
		String batch = String.join("\u001e", Collections.nCopies(4000, "421[\"echo\"]"));
		ExecutorService clients = Executors.newFixedThreadPool(4);
		try {
			List<Future<Integer>> cutAfter = new ArrayList<>();
			for (int c = 0; c < 4; c++) {
				cutAfter.add(clients.submit(() -> {
					String query = "/socket.io/?EIO=4&transport=polling&sid=" + pollingHandshake();
					assertThat(post(query, "40")).isEqualTo("200 ok");
					// 8 MB at 134 bytes per ack: cut off within 16 batches
					for (int i = 1; i <= 25; i++) {
						if (!post(query, batch).equals("200 ok")) {
							return i;
						}
					}
					return -1;
				}));
			}
			assertServerAnswers();
			for (Future<Integer> client : cutAfter) {
				assertThat(client.get(60, TimeUnit.SECONDS)).isBetween(2, 25);
			}
			assertHeapWithinBudget();
		}
		finally {
			clients.shutdownNow();
		}
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
	 * The forked server's heap after a full GC stays under half of its 512 MB: the memory
	 * budget (a quarter) and the application itself. Measured with {@code jcmd}.
	 */
	private void assertHeapWithinBudget() throws Exception {
		String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
		String pid = String.valueOf(server.pid());
		Process gc = new ProcessBuilder(jcmd, pid, "GC.run").redirectErrorStream(true).start();
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
		assertThat(usedKilobytes * 1024).as("heap used after GC: %s", heap).isLessThan(256L * 1024 * 1024);
	}

	private void assertCleanLog() {
		assertThat(log.toString()).as("the forked server's log")
			.doesNotContain("OutOfMemoryError")
			.doesNotContainPattern("(?m)^\\s+at ");
	}

	private RawConnection joined() throws IOException {
		return RawClients.joined(port);
	}

	private void assertServerAnswers() throws IOException {
		RawClients.assertServerAnswers(port);
	}

	private String pollingHandshake() throws IOException {
		return RawClients.pollingHandshake(port);
	}

	private String post(String pathAndQuery, String body) throws IOException {
		return RawClients.post(port, pathAndQuery, body);
	}

}
