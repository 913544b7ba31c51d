package dev.realtime.socketio.spring.web;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.realtime.socketio.server.DisconnectReason;
import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import dev.realtime.socketio.spring.testsupport.RawConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * How the bindings write WebSocket frames, seen from raw clients: many frames emitted at
 * once arrive whole and in order (however the binding groups them into writes), a
 * broadcast reaches every client in order, and a client that stops reading is cut off at
 * the outbound limit without holding the emitting thread. The same tests for every web
 * stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractWebSocketWritesTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final String WEBSOCKET = "/socket.io/?EIO=4&transport=websocket";

	/** Largest string a burst carries: past the 16-bit frame length. */
	private static final int LARGEST = 70_000;

	private ConfigurableApplicationContext context;

	private int port;

	protected abstract WebApplicationType webApplicationType();

	@BeforeAll
	void startApplication() {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(WritesTestConfiguration.class);
		if (webApplicationType() == WebApplicationType.REACTIVE) {
			builder.sources(AbstractEngineWireTests.NettyServerConfiguration.class);
		}
		this.context = builder.web(webApplicationType())
			.properties("server.port=0", "spring.main.banner-mode=off", "socketio.outbound.max-buffered-bytes=4MB",
					"socketio.outbound.write-high-water-mark=64KB")
			.run();
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@AfterAll
	void stopApplication() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void aBurstOfEventsOfEverySizeArrivesWholeAndInOrder() throws Exception {
		int count = 3000;
		try (RawConnection client = joined(RawConnection.open(port, TIMEOUT))) {
			client.sendText("42[\"burst\"," + count + "]");
			for (int i = 0; i < count; i++) {
				assertThat(nextEvent(client)).as("event %d", i).isEqualTo(burstEvent(i));
			}
			client.sendText("42[\"burst\",3]");
			for (int i = 0; i < 3; i++) {
				assertThat(nextEvent(client)).isEqualTo(burstEvent(i));
			}
		}
	}

	@Test
	void broadcastsReachEveryClientInOrder() throws Exception {
		int clients = 12;
		int broadcasts = 300;
		List<RawConnection> receivers = new ArrayList<>();
		try {
			for (int i = 0; i < clients; i++) {
				receivers.add(joined(RawConnection.open(port, TIMEOUT)));
			}
			RawConnection sender = receivers.get(0);
			for (int k = 0; k < broadcasts; k++) {
				sender.sendText("42[\"shout\"," + k + "]");
			}
			for (RawConnection receiver : receivers) {
				for (int k = 0; k < broadcasts; k++) {
					assertThat(nextEvent(receiver)).isEqualTo("42[\"shout\"," + k + "]");
				}
			}
		}
		finally {
			receivers.forEach(RawConnection::close);
		}
	}

	@Test
	void broadcastsAndEmitsToOneSocketInterleavedKeepTheirOrder() throws Exception {
		int rounds = 200;
		try (RawConnection sender = joined(RawConnection.open(port, TIMEOUT));
				RawConnection other = joined(RawConnection.open(port, TIMEOUT))) {
			// each round: a broadcast to all, then an emit to the sender alone
			sender.sendText("42[\"mixed\"," + rounds + "]");
			for (int k = 0; k < rounds; k++) {
				assertThat(nextEvent(sender)).as("sender, round %d", k).isEqualTo("42[\"all\"," + k + "]");
				assertThat(nextEvent(sender)).as("sender, round %d", k).isEqualTo("42[\"you\"," + k + "]");
			}
			for (int k = 0; k < rounds; k++) {
				assertThat(nextEvent(other)).as("other, round %d", k).isEqualTo("42[\"all\"," + k + "]");
			}
		}
	}

	@Test
	void aClientThatStopsReadingIsCutOffAtTheOutboundLimitWithoutHoldingTheEmitter() throws Exception {
		SocketIoServer io = context.getBean(SocketIoServer.class);
		WritesTestConfiguration.floodDone = new CountDownLatch(1);
		WritesTestConfiguration.floodReason.set(null);
		// a few KiB of receive buffer, and never read again after joining
		try (RawConnection slow = joined(RawConnection.open(port, TIMEOUT, 4096))) {
			slow.sendText("42[\"flood\"]");

			assertThat(WritesTestConfiguration.floodDone.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
				.as("the emitting listener returned")
				.isTrue();
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(WritesTestConfiguration.floodReason.get())
					.isEqualTo(DisconnectReason.OUTBOUND_BUFFER_OVERFLOW));
			assertThat(WritesTestConfiguration.floodEmitted.get()).as("emitted before the cut")
				.isLessThan(WritesTestConfiguration.FLOOD_EVENTS);
		}
		await().atMost(TIMEOUT)
			.untilAsserted(
					() -> assertThat(io.engine().memoryUsed()).as("outbound bytes given back").isLessThan(1024 * 1024));
		try (RawConnection other = joined(RawConnection.open(port, TIMEOUT))) {
			other.sendText("42[\"burst\",2]");
			assertThat(nextEvent(other)).isEqualTo(burstEvent(0));
			assertThat(nextEvent(other)).isEqualTo(burstEvent(1));
		}
	}

	@Test
	void aReceiverThatReadsLateGetsEveryBroadcastWholeAndInOrder() throws Exception {
		int broadcasts = 60;
		try (RawConnection sender = joined(RawConnection.open(port, TIMEOUT));
				RawConnection late = joined(RawConnection.open(port, TIMEOUT, 4096))) {
			// about 1.2 MB for each: the late reader's socket fills up and every write to
			// it
			// is taken in parts, resumed as it reads
			sender.sendText("42[\"shoutBig\",0," + broadcasts + ",20000]");
			for (int k = 0; k < broadcasts; k++) {
				assertThat(nextEvent(sender)).as("sender, broadcast %d", k).isEqualTo(bigShout(k, 20_000));
			}
			for (int k = 0; k < broadcasts; k++) {
				assertThat(nextEvent(late)).as("late reader, broadcast %d", k).isEqualTo(bigShout(k, 20_000));
			}
		}
	}

	@Test
	void aReceiverThatStopsReadingIsCutOffDuringBroadcastsWhileTheOthersGetThemAll() throws Exception {
		SocketIoServer io = context.getBean(SocketIoServer.class);
		WritesTestConfiguration.watchedReason.set(null);
		// 250 broadcasts of 60 KB: 15 MB, well over the 4 MB outbound limit and what the
		// kernel's socket buffers hold
		int broadcasts = 250;
		try (RawConnection sender = joined(RawConnection.open(port, TIMEOUT));
				RawConnection slow = joined(RawConnection.open(port, TIMEOUT, 4096))) {
			slow.sendText("42[\"watch\"]");
			await().atMost(TIMEOUT).until(() -> WritesTestConfiguration.watched.get() != null);
			// in rounds of 10 (600 KB), so that the sender, who reads, never holds much
			for (int from = 0; from < broadcasts; from += 10) {
				sender.sendText("42[\"shoutBig\"," + from + ",10,60000]");
				for (int k = from; k < from + 10; k++) {
					assertThat(nextEvent(sender)).as("broadcast %d", k).isEqualTo(bigShout(k, 60_000));
				}
			}
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(WritesTestConfiguration.watchedReason.get())
					.isEqualTo(DisconnectReason.OUTBOUND_BUFFER_OVERFLOW));
		}
		finally {
			WritesTestConfiguration.watched.set(null);
		}
		await().atMost(TIMEOUT)
			.untilAsserted(
					() -> assertThat(io.engine().memoryUsed()).as("outbound bytes given back").isLessThan(1024 * 1024));
	}

	/** The k-th broadcast of {@code shoutBig}: its number, then {@code size} bytes. */
	private static String bigShout(int k, int size) {
		return "42[\"big\"," + k + ",\"" + bigPayload(k, size) + "\"]";
	}

	private static String bigPayload(int k, int size) {
		return k + "-" + "y".repeat(size) + "-" + k;
	}

	private static String burstEvent(int i) {
		return (i % 50 == 7) ? "42[\"n\"," + i + ",\"" + filler(i) + "\"]" : "42[\"n\"," + i + "]";
	}

	/**
	 * Strings of many lengths (up to past the 16-bit frame length), two-byte characters
	 * among them.
	 */
	private static String filler(int i) {
		int length = (i * 7919) % LARGEST;
		return "\u00e9".repeat(length / 4) + "x".repeat(length - length / 4);
	}

	private static RawConnection joined(RawConnection client) throws IOException {
		return joined(client, WEBSOCKET);
	}

	/** Upgrades {@code client} on {@code path} and joins the main namespace. */
	public static RawConnection joined(RawConnection client, String path) throws IOException {
		assertThat(client.upgrade(path)).isEqualTo(101);
		assertThat(client.readFrame().text()).startsWith("0{");
		client.sendText("40");
		assertThat(client.readFrame().text()).startsWith("40{\"sid\":");
		return client;
	}

	/** The next message other than a ping (answered). */
	public static String nextEvent(RawConnection client) throws IOException {
		while (true) {
			String message = client.readMessage().text();
			if (!message.equals("2")) {
				return message;
			}
			client.sendText("3");
		}
	}

	/** The application: a burst, a broadcast and a flood. */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	public static class WritesTestConfiguration {

		static final int FLOOD_EVENTS = 2000;

		static volatile CountDownLatch floodDone = new CountDownLatch(1);

		static final AtomicInteger floodEmitted = new AtomicInteger();

		static final AtomicReference<DisconnectReason> floodReason = new AtomicReference<>();

		/** The socket that asked to be watched, and why it disconnected. */
		static final AtomicReference<String> watched = new AtomicReference<>();

		static final AtomicReference<DisconnectReason> watchedReason = new AtomicReference<>();

		@Bean
		SocketIoServerCustomizer writes() {
			return (SocketIoServer io) -> io.on((socket) -> {
				socket.on("burst", (args, ack) -> {
					int count = args.get(0).asInt();
					for (int i = 0; i < count; i++) {
						if (i % 50 == 7) {
							socket.emit("n", i, filler(i));
						}
						else {
							socket.emit("n", i);
						}
					}
				});
				socket.on("shout", (args, ack) -> io.emit("shout", args.get(0).asInt()));
				socket.on("mixed", (args, ack) -> {
					for (int k = 0; k < args.get(0).asInt(); k++) {
						io.emit("all", k);
						socket.emit("you", k);
					}
				});
				socket.on("shoutBig", (args, ack) -> {
					int from = args.get(0).asInt();
					int count = args.get(1).asInt();
					int size = args.get(2).asInt();
					for (int k = from; k < from + count; k++) {
						io.emit("big", k, bigPayload(k, size));
					}
				});
				socket.on("watch", (args, ack) -> {
					socket.onDisconnect(watchedReason::set);
					watched.set(socket.id());
				});
				socket.on("flood", (args, ack) -> {
					socket.onDisconnect(floodReason::set);
					String payload = "x".repeat(64 * 1024);
					int emitted = 0;
					while (emitted < FLOOD_EVENTS && socket.emit("big", payload)) {
						emitted++;
					}
					floodEmitted.set(emitted);
					floodDone.countDown();
				});
			});
		}

	}

}
