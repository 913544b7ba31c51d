package dev.realtime.socketio.spring.actuate;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.realtime.socketio.engine.CloseReason;
import dev.realtime.socketio.engine.EngineObserver;
import dev.realtime.socketio.engine.EngineSocket;
import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.server.SocketIoOptions;
import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import dev.realtime.socketio.spring.web.AbstractEngineWireTests;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The meters that end-to-end traffic rarely reaches: overflows, volatile drops, adapter
 * figures, and rate limits (those with a real client on both stacks).
 */
class SocketIoMetersTests {

	private final SocketIoServer server = new SocketIoServer(SocketIoOptions.builder().build());

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final SocketIoMeters meters = new SocketIoMeters(server);

	@AfterEach
	void close() {
		server.close();
	}

	@Test
	void countsOverflowsVolatileDropsAndRefusedHandshakes() {
		meters.bindTo(registry);
		EngineSocket session = null; // the meters do not look at it
		meters.sessionClosed(session, "websocket", CloseReason.BUFFER_OVERFLOW);
		meters.sessionClosed(session, "websocket", CloseReason.TRANSPORT_CLOSE);
		meters.volatileDropped(session, List.of(EnginePacket.message("a"), EnginePacket.message("b")));
		meters.handshakeRefused(null, "max_connections");
		meters.handshakeRefused(null, "shutting_down");
		meters.upgradeFailed(session, "upgrade timeout");
		meters.upgradeFailed(session, "closed");
		assertThat(registry.get("socketio.outbound.overflows").counter().count()).isEqualTo(1);
		assertThat(registry.get("socketio.outbound.volatile.drops").counter().count()).isEqualTo(2);
		assertThat(registry.get("socketio.connections.refused").tag("reason", "max_connections").counter().count())
			.isEqualTo(1);
		assertThat(registry.get("socketio.connections.refused").tag("reason", "shutting_down").counter().count())
			.isEqualTo(1);
		assertThat(registry.get("socketio.upgrades").tag("outcome", "timeout").counter().count()).isEqualTo(1);
		assertThat(registry.get("socketio.upgrades").tag("outcome", "failed").counter().count()).isEqualTo(1);
	}

	@Test
	void countsShedConnectionsAndShowsTheMemoryTheyPin() {
		meters.bindTo(registry);
		meters.sessionClosed(null, "polling", CloseReason.MEMORY_BUDGET);
		assertThat(registry.get("socketio.memory.sheds").counter().count()).isEqualTo(1);
		assertThat(registry.get("socketio.memory.used").gauge().value()).isEqualTo(server.engine().memoryUsed());
	}

	@Test
	void countsWhatAdaptersReport() {
		meters.bindTo(registry);
		server.observer().adapterMessagePublished("/", "BROADCAST");
		server.observer().adapterMessageReceived("/", "BROADCAST");
		server.observer().adapterMessageReceived("/", "FETCH_SOCKETS");
		server.observer().adapterRequestTimedOut("/", "FETCH_SOCKETS");
		assertThat(registry.get("socketio.adapter.messages")
			.tags("direction", "out", "type", "BROADCAST")
			.counter()
			.count()).isEqualTo(1);
		assertThat(registry.get("socketio.adapter.messages").tags("direction", "in").counters()).hasSize(2);
		assertThat(registry.get("socketio.adapter.request.timeouts").tag("type", "FETCH_SOCKETS").counter().count())
			.isEqualTo(1);
		assertThat(registry.get("socketio.cluster.servers").gauge().value()).isEqualTo(1);
	}

	@Test
	void connectErrorCodesComeFromTheRefusal() {
		assertThat(SocketIoMeters.code(false, "Invalid namespace", null)).isEqualTo("invalid_namespace");
		assertThat(SocketIoMeters.code(true, "forbidden", Map.of("code", "access_denied"))).isEqualTo("access_denied");
		assertThat(SocketIoMeters.code(true, "connection closed", null)).isEqualTo("connection_closed");
		assertThat(SocketIoMeters.code(true, "no", "text")).isEqualTo("refused");
	}

	/**
	 * The Java client sends events faster than
	 * {@code socketio.rate-limit.events-per-second} allows: the meters count exactly what
	 * the server dropped (each answered with a {@code rate_limited} ack), or the one
	 * connection it closed. One application per stack (the action is the server's; both
	 * actions are tested in the core, {@code SocketIoInboundLimitsTests}).
	 */
	@ParameterizedTest
	@CsvSource({ "SERVLET, drop", "REACTIVE, disconnect" })
	void countsEventsOverARateLimitAndTheConnectionsItClosed(WebApplicationType stack, String action) throws Exception {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(RateLimitedApplication.class);
		if (stack == WebApplicationType.REACTIVE) {
			builder.sources(AbstractEngineWireTests.NettyServerConfiguration.class);
		}
		try (ConfigurableApplicationContext context = builder.web(stack)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
					"socketio.rate-limit.events-per-second=2", "socketio.rate-limit.action=" + action)
			.run()) {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			assertThat(registry.get("socketio.ratelimit.events").functionCounter().count()).isZero();
			Socket client = IO.socket(URI.create("http://127.0.0.1:" + port),
					IO.Options.builder().setTransports(new String[] { "websocket" }).setReconnection(false).build());
			CountDownLatch connected = new CountDownLatch(1);
			client.on(Socket.EVENT_CONNECT, (args) -> connected.countDown());
			client.connect();
			try {
				assertThat(connected.await(20, TimeUnit.SECONDS)).isTrue();
				int events = 20;
				AtomicInteger answered = new AtomicInteger();
				AtomicInteger limited = new AtomicInteger();
				for (int i = 0; i < events; i++) {
					client.emit("echo", new Object[] { i }, (io.socket.client.Ack) (args) -> {
						if (args.length > 0 && args[0] instanceof JSONObject error
								&& "rate_limited".equals(error.optString("error"))) {
							limited.incrementAndGet();
						}
						answered.incrementAndGet();
					});
				}
				if ("drop".equals(action)) {
					// a burst of one second's worth passes, the rest of the 20 is dropped
					await().atMost(Duration.ofSeconds(20)).until(() -> answered.get() == events);
					assertThat(limited.get()).isBetween(1, events - 2);
					assertThat(registry.get("socketio.ratelimit.events").functionCounter().count())
						.isEqualTo(limited.get());
					assertThat(registry.get("socketio.ratelimit.disconnects").functionCounter().count()).isZero();
				}
				else {
					// the server closed the connection (the Java client may not notice at
					// once)
					SocketIoServer io = context.getBean(SocketIoServer.class);
					await().atMost(Duration.ofSeconds(20)).until(() -> io.engine().clientsCount() == 0);
					assertThat(limited.get()).isZero();
					await().atMost(Duration.ofSeconds(20))
						.untilAsserted(() -> assertThat(
								registry.get("socketio.ratelimit.disconnects").functionCounter().count())
							.isEqualTo(1));
					// the event that went over the limit, and any the client had already
					// sent
					assertThat(registry.get("socketio.ratelimit.events").functionCounter().count()).isBetween(1.0,
							events - 2.0);
				}
			}
			finally {
				client.close();
			}
		}
	}

	/**
	 * {@code socketio.packets} and {@code socketio.bytes} with the Java client on each
	 * stack: exact counts after a known number of acknowledged events, on WebSocket and
	 * on polling, on WebSocket after an upgrade, equal to what a per-message observer
	 * sums, and no smaller once the clients have closed.
	 */
	@ParameterizedTest
	@CsvSource({ "SERVLET", "REACTIVE" })
	void countsEveryMessageOnItsTransportAndKeepsTheCountsOfClosedSessions(WebApplicationType stack) throws Exception {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(RateLimitedApplication.class);
		if (stack == WebApplicationType.REACTIVE) {
			builder.sources(AbstractEngineWireTests.NettyServerConfiguration.class);
		}
		try (ConfigurableApplicationContext context = builder.web(stack)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
			.run()) {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			SocketIoServer io = context.getBean(SocketIoServer.class);
			MessageSums sums = new MessageSums();
			io.engine().addObserver(sums);
			URI uri = URI
				.create("http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort());
			int events = 7;

			// WebSocket only: the CONNECT and its answer, then each event and its ack
			Socket webSocket = connect(uri, "websocket");
			echo(webSocket, events);
			assertTraffic(registry, "websocket", events + 1, events + 1);
			assertTraffic(registry, "polling", 0, 0);

			// polling only
			Socket polling = connect(uri, "polling");
			echo(polling, events);
			assertTraffic(registry, "polling", events + 1, events + 1);
			assertTraffic(registry, "websocket", events + 1, events + 1);

			// polling, then upgraded: what follows the upgrade counts on WebSocket
			Socket upgraded = connect(uri, "polling", "websocket");
			await().atMost(Duration.ofSeconds(20))
				.until(() -> io.engine()
					.sessions()
					.stream()
					.filter((session) -> "websocket".equals(session.transport()))
					.count() == 2);
			double pollingIn = traffic(registry, "socketio.packets", "in", "polling");
			double pollingOut = traffic(registry, "socketio.packets", "out", "polling");
			echo(upgraded, events);
			assertThat(traffic(registry, "socketio.packets", "in", "polling")).isEqualTo(pollingIn);
			assertThat(traffic(registry, "socketio.packets", "out", "polling")).isEqualTo(pollingOut);
			// the first client's, the upgraded one's CONNECT (on polling, or on WebSocket
			// if it was answered after the upgrade) and its events
			assertThat(traffic(registry, "socketio.packets", "in", "websocket") + pollingIn)
				.isEqualTo(3 * (events + 1));

			// the same sums as an observer of every message makes, sizes included
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(sums.packetsIn.get()).isEqualTo(3 * (events + 1));
				assertThat(total(registry, "socketio.packets", "in")).isEqualTo(sums.packetsIn.get());
				assertThat(total(registry, "socketio.packets", "out")).isEqualTo(sums.packetsOut.get());
				assertThat(total(registry, "socketio.bytes", "in")).isEqualTo(sums.bytesIn.get());
				assertThat(total(registry, "socketio.bytes", "out")).isEqualTo(sums.bytesOut.get());
			});
			Map<String, Double> before = Map.of("in", total(registry, "socketio.packets", "in"), "out",
					total(registry, "socketio.packets", "out"), "bytesIn", total(registry, "socketio.bytes", "in"),
					"bytesOut", total(registry, "socketio.bytes", "out"));

			// the server disconnects the three (one DISCONNECT packet "41" each, 3
			// bytes):
			// the closed sessions' counts stay in the totals
			io.disconnectSockets(true);
			await().atMost(Duration.ofSeconds(20)).until(() -> io.engine().clientsCount() == 0);
			assertThat(total(registry, "socketio.packets", "in")).isEqualTo(before.get("in"));
			assertThat(total(registry, "socketio.packets", "out")).isEqualTo(before.get("out") + 3);
			assertThat(total(registry, "socketio.bytes", "in")).isEqualTo(before.get("bytesIn"));
			assertThat(total(registry, "socketio.bytes", "out")).isEqualTo(before.get("bytesOut") + 3 * 2);
			webSocket.close();
			polling.close();
			upgraded.close();
		}
	}

	/**
	 * {@link SocketIoMeters#pause()} and {@link SocketIoMeters#resume()} with the Java
	 * client on each stack: while paused the server has no observer left and neither
	 * events nor messages are counted, on the connection opened before the pause and on
	 * one opened during it; once resumed both count again, exactly. (Observations, the
	 * other observer an actuator application has, are off here.)
	 */
	@ParameterizedTest
	@CsvSource({ "SERVLET", "REACTIVE" })
	void pausedMetersRecordNothingAndResumeExactly(WebApplicationType stack) throws Exception {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(RateLimitedApplication.class);
		if (stack == WebApplicationType.REACTIVE) {
			builder.sources(AbstractEngineWireTests.NettyServerConfiguration.class);
		}
		try (ConfigurableApplicationContext context = builder.web(stack)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
					"socketio.observations.enabled=false")
			.run()) {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			SocketIoServer io = context.getBean(SocketIoServer.class);
			SocketIoMeters meters = context.getBean(SocketIoMeters.class);
			URI uri = URI
				.create("http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort());
			int events = 5;
			Socket before = connect(uri, "websocket");
			echo(before, events);
			assertTraffic(registry, "websocket", events + 1, events + 1);
			assertThat(echoes(registry)).isEqualTo(events);

			meters.pause();
			assertThat(meters.isPaused()).isTrue();
			assertThat(io.observer()).isNull();
			assertThat(io.engine().observer()).isNull();
			Socket during = connect(uri, "websocket");
			echo(before, events);
			echo(during, events);
			assertTraffic(registry, "websocket", events + 1, events + 1);
			assertThat(echoes(registry)).isEqualTo(events);
			assertThat(registry.get("socketio.connects").counter().count()).isEqualTo(1);

			meters.resume();
			assertThat(meters.isPaused()).isFalse();
			assertThat(io.observer()).isSameAs(meters);
			echo(before, events);
			echo(during, events);
			assertTraffic(registry, "websocket", 3 * events + 1, 3 * events + 1);
			assertThat(echoes(registry)).isEqualTo(3 * events);
			before.close();
			during.close();
		}
	}

	private static long echoes(MeterRegistry registry) {
		return registry.get("socketio.events").tags("event", "echo", "outcome", "success").timer().count();
	}

	private static Socket connect(URI uri, String... transports) throws InterruptedException {
		Socket client = IO.socket(uri, IO.Options.builder().setTransports(transports).setReconnection(false).build());
		CountDownLatch connected = new CountDownLatch(1);
		client.on(Socket.EVENT_CONNECT, (args) -> connected.countDown());
		client.connect();
		assertThat(connected.await(20, TimeUnit.SECONDS)).isTrue();
		return client;
	}

	/** Emits {@code echo} events one after the other, each awaiting its ack. */
	private static void echo(Socket client, int events) throws InterruptedException {
		for (int i = 0; i < events; i++) {
			CountDownLatch answered = new CountDownLatch(1);
			client.emit("echo", new Object[] { "message " + i }, (io.socket.client.Ack) (args) -> answered.countDown());
			assertThat(answered.await(20, TimeUnit.SECONDS)).isTrue();
		}
	}

	/** Exact message counts of a transport, once the last ack was counted. */
	private static void assertTraffic(MeterRegistry registry, String transport, int in, int out) {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(traffic(registry, "socketio.packets", "in", transport)).isEqualTo(in);
			assertThat(traffic(registry, "socketio.packets", "out", transport)).isEqualTo(out);
			// a text message weighs its characters plus one: at least 2
			assertThat(traffic(registry, "socketio.bytes", "in", transport)).isGreaterThanOrEqualTo(2.0 * in);
			assertThat(traffic(registry, "socketio.bytes", "out", transport)).isGreaterThanOrEqualTo(2.0 * out);
			if (in == 0) {
				assertThat(traffic(registry, "socketio.bytes", "in", transport)).isZero();
			}
		});
	}

	private static double traffic(MeterRegistry registry, String name, String direction, String transport) {
		return registry.get(name).tags("direction", direction, "transport", transport).functionCounter().count();
	}

	private static double total(MeterRegistry registry, String name, String direction) {
		return traffic(registry, name, direction, "polling") + traffic(registry, name, direction, "websocket");
	}

	/** Sums what the per-message observer calls report: the oracle of the counts. */
	private static final class MessageSums implements EngineObserver {

		final AtomicLong packetsIn = new AtomicLong();

		final AtomicLong packetsOut = new AtomicLong();

		final AtomicLong bytesIn = new AtomicLong();

		final AtomicLong bytesOut = new AtomicLong();

		@Override
		public void messageReceived(EngineSocket session, Object data) {
			packetsIn.incrementAndGet();
			bytesIn.addAndGet((data instanceof byte[] bytes) ? bytes.length : ((String) data).length() + 1);
		}

		@Override
		public void messagesSent(EngineSocket session, List<EnginePacket> packets) {
			for (EnginePacket packet : packets) {
				packetsOut.incrementAndGet();
				bytesOut.addAndGet(packet.weight());
			}
		}

	}

	@Test
	void bindsOnce() {
		meters.bindTo(registry);
		assertThatIllegalStateException().isThrownBy(() -> meters.bindTo(new SimpleMeterRegistry()));
	}

	/**
	 * An echo with acknowledgements, and a registry for the meters (the rate limit is set
	 * by the tests that need one).
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class RateLimitedApplication {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		SocketIoServerCustomizer echo() {
			return (io) -> io.on((socket) -> socket.on("echo", (args, ack) -> {
				if (ack != null) {
					ack.send(args.toArray());
				}
			}));
		}

	}

}
