package dev.realtime.socketio.spring.web.servlet;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import dev.realtime.socketio.engine.EngineEvent;
import dev.realtime.socketio.server.EventArgs;
import dev.realtime.socketio.server.Socket;
import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import dev.realtime.socketio.spring.testsupport.RawConnection;
import dev.realtime.socketio.spring.web.AbstractWebSocketWritesTests;
import dev.realtime.socketio.spring.web.ListenerOrderProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code socketio.servlet.inline-dispatch}: with it (the default) a WebSocket message's
 * listeners run on the Tomcat worker that read it; without it, on the listener executor.
 * Either way one connection's listeners run one at a time in arrival order, a connection
 * whose listeners fall behind stops being read, and acknowledgements reach the listener
 * that waits for them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServletInlineDispatchTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final String WEBSOCKET = "/socket.io/?EIO=4&transport=websocket";

	/** A Tomcat worker (Spring Boot's embedded Tomcat on a random port). */
	private static final Pattern TOMCAT_WORKER = Pattern.compile("http-nio-.+-exec-\\d+");

	private static final Pattern LISTENER_POOL = Pattern.compile("socketio-listener-\\d+");

	/** The server's bound on packets waiting for the listeners: reading pauses at 50. */
	private static final int MAX_QUEUED = 100;

	private ConfigurableApplicationContext inline;

	@BeforeAll
	void startApplication() {
		this.inline = new SpringApplicationBuilder(InlineDispatchConfiguration.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "spring.main.banner-mode=off",
					"socketio.inbound.max-queued-packets=" + MAX_QUEUED)
			.run();
	}

	@AfterAll
	void stopApplication() {
		if (inline != null) {
			inline.close();
		}
	}

	@BeforeEach
	void reset() {
		probe(inline).reset();
		mapping().setInlineDispatch(true);
	}

	/**
	 * Turns inline dispatch off for the WebSockets opened from now on (what
	 * {@code socketio.servlet.inline-dispatch=false} does from the start).
	 */
	private ConfigurableApplicationContext withoutInlineDispatch() {
		mapping().setInlineDispatch(false);
		return inline;
	}

	private EngineHandlerMapping mapping() {
		return inline.getBean(EngineHandlerMapping.class);
	}

	@Test
	void listenersRunOnTheTomcatWorkerThatReadTheMessageUnlessTurnedOff() throws Exception {
		try (RawConnection client = joined(inline)) {
			client.sendText("421[\"where\"]");
			assertThat(lastString(nextEvent(client))).matches(TOMCAT_WORKER);
		}
		try (RawConnection client = joined(withoutInlineDispatch())) {
			client.sendText("421[\"where\"]");
			assertThat(lastString(nextEvent(client))).matches(LISTENER_POOL);
		}
	}

	/**
	 * The CONNECT's answer is written at once on the worker that read the CONNECT, so the
	 * connection listeners run there too: no hand-over to the listener pool per connect.
	 */
	@Test
	void connectionListenersRunOnTheTomcatWorkerThatReadTheConnectUnlessTurnedOff() throws Exception {
		try (RawConnection client = joined(inline, WEBSOCKET + "&greet=1")) {
			String greeting = nextEvent(client);
			assertThat(greeting).startsWith("42[\"greeted\"");
			assertThat(lastString(greeting)).matches(TOMCAT_WORKER);
		}
		try (RawConnection client = joined(withoutInlineDispatch(), WEBSOCKET + "&greet=1")) {
			assertThat(lastString(nextEvent(client))).matches(LISTENER_POOL);
		}
	}

	@Test
	void disconnectionListenersOfAClientsCloseFrameRunOnTheTomcatWorkerThatReadItUnlessTurnedOff() throws Exception {
		Probe probe = probe(inline);
		try (RawConnection client = joined(inline, WEBSOCKET + "&closing=1")) {
			client.sendFrame(0x8, new byte[] { 0x03, (byte) 0xE8 }, true, false);
			assertThat(client.readCloseCode()).isEqualTo(1000);
		}
		await().atMost(TIMEOUT).until(() -> probe.disconnected.size() == 1);
		assertThat(probe.disconnected.get(0)).matches(TOMCAT_WORKER);
		try (RawConnection client = joined(withoutInlineDispatch(), WEBSOCKET + "&closing=1")) {
			client.sendFrame(0x8, new byte[] { 0x03, (byte) 0xE8 }, true, false);
			assertThat(client.readCloseCode()).isEqualTo(1000);
		}
		await().atMost(TIMEOUT).until(() -> probe.disconnected.size() == 2);
		assertThat(probe.disconnected.get(1)).matches(LISTENER_POOL);
	}

	@Test
	void eventsOfOneConnectionRunOneAtATimeInArrivalOrderOnTomcatWorkers() throws Exception {
		Probe probe = probe(inline);
		int events = 2000;
		try (RawConnection client = joined(inline)) {
			for (int i = 0; i < events; i++) {
				client.sendText("42[\"n\"," + i + "]");
			}
			await().atMost(TIMEOUT).until(() -> probe.order.size() == events);
		}
		assertThat(probe.order).containsExactlyElementsOf(IntStream.range(0, events).boxed().toList());
		assertThat(probe.overlapped).isFalse();
		assertThat(probe.threads).allMatch((name) -> TOMCAT_WORKER.matcher(name).matches());
	}

	@Test
	void aConnectionWhoseListenerRunsOnTheExecutorKeepsLaterMessagesBehindItAndIsPaused() throws Exception {
		// an engine event listener (always on the executor) holds the connection's
		// listeners
		// on a pool thread: later messages must queue behind it, up to the pause
		Probe probe = probe(inline);
		SocketIoServer io = inline.getBean(SocketIoServer.class);
		long pauses = io.inboundCounters().readPauses();
		int events = 3 * MAX_QUEUED;
		try (RawConnection client = joined(inline, WEBSOCKET + "&hold=1")) {
			client.sendText("42[\"hold\"]");
			assertThat(probe.holding.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			Thread writer = writer(client, events, "n");
			writer.start();
			await().atMost(TIMEOUT).until(() -> io.inboundCounters().readPauses() > pauses);
			assertThat(probe.order).isEmpty();
			releaseAndExpectEveryEvent(probe, client, writer, events);
		}
		assertThat(probe.overlapped).isFalse();
		assertThat(probe.threads).anyMatch((name) -> LISTENER_POOL.matcher(name).matches());
	}

	@Test
	void aSlowListenerStopsTheReadingOfItsConnectionWithNothingQueuedAndLosesNothing() throws Exception {
		Probe probe = probe(inline);
		SocketIoServer io = inline.getBean(SocketIoServer.class);
		long pauses = io.inboundCounters().readPauses();
		long memory = io.engine().memoryUsed();
		int events = 3 * MAX_QUEUED;
		try (RawConnection client = joined(inline)) {
			Thread writer = writer(client, events, "slow");
			writer.start();
			await().atMost(TIMEOUT).until(() -> probe.order.size() == 1);
			// the worker is in the first listener: the others wait in the socket, not in
			// the server (with the executor, 50 would queue and reading would pause)
			await().during(Duration.ofMillis(500)).atMost(TIMEOUT).untilAsserted(() -> {
				assertThat(probe.order).hasSize(1);
				assertThat(io.inboundCounters().readPauses()).isEqualTo(pauses);
				assertThat(io.engine().memoryUsed() - memory).isLessThan(4 * 1024);
			});
			releaseAndExpectEveryEvent(probe, client, writer, events);
		}
	}

	@Test
	void withoutInlineDispatchASlowListenerPausesTheReadingAsBefore() throws Exception {
		Probe probe = probe(inline);
		SocketIoServer io = inline.getBean(SocketIoServer.class);
		long pauses = io.inboundCounters().readPauses();
		int events = 3 * MAX_QUEUED;
		try (RawConnection client = joined(withoutInlineDispatch())) {
			Thread writer = writer(client, events, "slow");
			writer.start();
			await().atMost(TIMEOUT).until(() -> io.inboundCounters().readPauses() > pauses);
			releaseAndExpectEveryEvent(probe, client, writer, events);
		}
		assertThat(probe.threads).allMatch((name) -> LISTENER_POOL.matcher(name).matches());
	}

	@Test
	void anAckOfTheSameClientReachesTheCallbackOfTheListenerThatAsked() throws Exception {
		try (RawConnection client = joined(inline)) {
			client.sendText("42[\"ask\"]");
			String question = nextEvent(client);
			Matcher id = Pattern.compile("42(\\d+)\\[\"question\"\\]").matcher(question);
			assertThat(id.matches()).as(question).isTrue();
			client.sendText("43" + id.group(1) + "[\"yes\"]");
			String answered = nextEvent(client);
			assertThat(answered).startsWith("42[\"answered\",\"yes\",");
			assertThat(lastString(answered)).matches(TOMCAT_WORKER);
		}
	}

	@Test
	void aListenerMayBlockWaitingForTheAckOfAnotherClient() throws Exception {
		try (RawConnection asking = joined(inline); RawConnection asked = connect(inline)) {
			asked.sendText("40");
			String answer = asked.readFrame().text();
			Matcher sid = Pattern.compile("40\\{\"sid\":\"([^\"]+)\".*").matcher(answer);
			assertThat(sid.matches()).as(answer).isTrue();

			asking.sendText("421[\"askOther\",\"" + sid.group(1) + "\"]");
			String question = nextEvent(asked);
			Matcher id = Pattern.compile("42(\\d+)\\[\"question\"\\]").matcher(question);
			assertThat(id.matches()).as(question).isTrue();
			asked.sendText("43" + id.group(1) + "[\"from the other\"]");

			assertThat(nextEvent(asking)).isEqualTo("431[\"from the other\"]");
		}
	}

	/**
	 * Opens the gate, then every event arrives in order and the connection still answers.
	 */
	private static void releaseAndExpectEveryEvent(Probe probe, RawConnection client, Thread writer, int events)
			throws Exception {
		probe.gate.countDown();
		await().atMost(TIMEOUT).until(() -> probe.order.size() == events);
		writer.join(TIMEOUT.toMillis());
		client.sendText("421[\"where\"]");
		assertThat(nextEvent(client)).startsWith("431[");
		assertThat(probe.order).containsExactlyElementsOf(IntStream.range(0, events).boxed().toList());
	}

	private static Thread writer(RawConnection client, int events, String event) {
		return new Thread(() -> {
			try {
				for (int i = 0; i < events; i++) {
					client.sendText("42[\"" + event + "\"," + i + "]");
				}
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}, "fast-sender");
	}

	/** The last string an ack or event carries (a thread name). */
	private static String lastString(String frame) {
		int end = frame.lastIndexOf('"');
		return frame.substring(frame.lastIndexOf('"', end - 1) + 1, end);
	}

	private static Probe probe(ConfigurableApplicationContext context) {
		return context.getBean(Probe.class);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static RawConnection connect(ConfigurableApplicationContext context) throws IOException {
		RawConnection client = RawConnection.open(port(context), TIMEOUT);
		assertThat(client.upgrade(WEBSOCKET)).isEqualTo(101);
		assertThat(client.readFrame().text()).startsWith("0{");
		return client;
	}

	private static RawConnection joined(ConfigurableApplicationContext context) throws IOException {
		return joined(context, WEBSOCKET);
	}

	private static RawConnection joined(ConfigurableApplicationContext context, String path) throws IOException {
		return AbstractWebSocketWritesTests.joined(RawConnection.open(port(context), TIMEOUT), path);
	}

	private static String nextEvent(RawConnection client) throws IOException {
		return AbstractWebSocketWritesTests.nextEvent(client);
	}

	/** What the listeners of one application saw. */
	static final class Probe extends ListenerOrderProbe {

		/** Holds the slow listener and the holding engine event listener. */
		volatile CountDownLatch gate = new CountDownLatch(1);

		volatile CountDownLatch holding = new CountDownLatch(1);

		@Override
		public void reset() {
			gate.countDown();
			super.reset();
			gate = new CountDownLatch(1);
			holding = new CountDownLatch(1);
		}

		void await(CountDownLatch latch) throws InterruptedException {
			latch.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}

	}

	/** The application: the probe's listeners on the main namespace. */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class InlineDispatchConfiguration {

		@Bean
		Probe probe() {
			return new Probe();
		}

		@Bean
		SocketIoServerCustomizer inlineDispatchListeners(Probe probe) {
			return (SocketIoServer io) -> io.on((socket) -> {
				if (socket.handshake().queryParameter("hold") != null) {
					// each packet's engine event is a task on the executor: messages
					// queue
					holdOnTheExecutor(socket, probe);
				}
				if (socket.handshake().queryParameter("greet") != null) {
					socket.emit("greeted", Thread.currentThread().getName());
				}
				socket.on("where", (args, ack) -> ack.send(Thread.currentThread().getName()));
				if (socket.handshake().queryParameter("closing") != null) {
					socket.onDisconnect((reason) -> probe.disconnected.add(Thread.currentThread().getName()));
				}
				socket.on("n", (args, ack) -> probe.record(args));
				socket.on("slow", (args, ack) -> {
					probe.record(args);
					probe.await(probe.gate);
				});
				// the ack completes the future on the thread that handles it, which the
				// callback tells
				socket.on("ask",
						(args, ack) -> socket.emitWithAck("question")
							.thenAccept((answer) -> socket.emit("answered", answer.get(0).asString(),
									Thread.currentThread().getName())));
				socket.on("askOther", (args, ack) -> {
					Socket other = io.sockets().socket(args.get(0).asString());
					EventArgs answer = other.timeout(TIMEOUT).emitWithAck("question").get();
					ack.send(answer.get(0).asString());
				});
			});
		}

		private static void holdOnTheExecutor(Socket socket, Probe probe) {
			socket.conn().on(EngineEvent.PACKET, (packet) -> {
				if ("2[\"hold\"]".equals(packet.content())) {
					probe.holding.countDown();
					try {
						probe.await(probe.gate);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
			});
		}

	}

}
