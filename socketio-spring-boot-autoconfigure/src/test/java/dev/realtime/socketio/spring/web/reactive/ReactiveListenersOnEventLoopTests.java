package dev.realtime.socketio.spring.web.reactive;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import dev.realtime.socketio.spring.testsupport.RawConnection;
import dev.realtime.socketio.spring.web.AbstractWebSocketWritesTests;
import dev.realtime.socketio.spring.web.ListenerOrderProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
 * {@code socketio.webflux.listeners-on-event-loop}: with it, the listeners of a WebSocket
 * message, of the connect and of the client's close run on the Netty event loop that read
 * it; without it (the default), on the listener executor. Either way one connection's
 * events run one at a time in arrival order. Both WebSocket paths: Reactor Netty's own
 * upgrade and WebFlux's {@code WebSocketService}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReactiveListenersOnEventLoopTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final String WEBSOCKET = "/socket.io/?EIO=4&transport=websocket";

	private static final Pattern EVENT_LOOP = Pattern.compile("reactor-http-.+");

	private static final Pattern LISTENER_POOL = Pattern.compile("socketio-listener-\\d+");

	/** Reactor Netty's own upgrade (the default). */
	private ConfigurableApplicationContext nativeUpgrade;

	/** WebFlux's WebSocketService. */
	private ConfigurableApplicationContext webFluxUpgrade;

	@BeforeAll
	void startApplications() {
		this.nativeUpgrade = start(true);
		this.webFluxUpgrade = start(false);
	}

	private static ConfigurableApplicationContext start(boolean nativeWebSocket) {
		return new SpringApplicationBuilder(EventLoopListenersConfiguration.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "spring.main.banner-mode=off", "socketio.webflux.listeners-on-event-loop=true",
					"socketio.webflux.native-websocket=" + nativeWebSocket)
			.run();
	}

	@AfterAll
	void stopApplications() {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { nativeUpgrade,
				webFluxUpgrade }) {
			if (context != null) {
				context.close();
			}
		}
	}

	@BeforeEach
	void reset() {
		for (ConfigurableApplicationContext context : List.of(nativeUpgrade, webFluxUpgrade)) {
			context.getBean(Probe.class).reset();
			context.getBean(EngineHandlerMapping.class).setListenersOnEventLoop(true);
		}
	}

	private ConfigurableApplicationContext context(boolean nativeWebSocket) {
		return nativeWebSocket ? nativeUpgrade : webFluxUpgrade;
	}

	/**
	 * Turns the opt-in off for the WebSockets opened from now on (the default, what
	 * leaving the property unset does).
	 */
	private ConfigurableApplicationContext optedOut(boolean nativeWebSocket) {
		ConfigurableApplicationContext context = context(nativeWebSocket);
		context.getBean(EngineHandlerMapping.class).setListenersOnEventLoop(false);
		return context;
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void messageListenersRunOnTheEventLoopThatReadTheMessageOnlyWhenOptedIn(boolean nativeWebSocket) throws Exception {
		try (RawConnection client = joined(context(nativeWebSocket))) {
			client.sendText("421[\"where\"]");
			assertThat(lastString(nextEvent(client))).matches(EVENT_LOOP);
		}
		try (RawConnection client = joined(optedOut(nativeWebSocket))) {
			client.sendText("421[\"where\"]");
			assertThat(lastString(nextEvent(client))).matches(LISTENER_POOL);
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void connectionAndDisconnectionListenersRunOnTheEventLoopOnlyWhenOptedIn(boolean nativeWebSocket) throws Exception {
		Probe probe = context(nativeWebSocket).getBean(Probe.class);
		try (RawConnection client = joined(context(nativeWebSocket))) {
			client.sendFrame(0x8, new byte[] { 0x03, (byte) 0xE8 }, true, false);
			assertThat(client.readCloseCode()).isEqualTo(1000);
		}
		await().atMost(TIMEOUT).until(() -> probe.disconnected.size() == 1);
		assertThat(probe.connected.get(0)).matches(EVENT_LOOP);
		assertThat(probe.disconnected.get(0)).matches(EVENT_LOOP);
		try (RawConnection client = joined(optedOut(nativeWebSocket))) {
			client.sendFrame(0x8, new byte[] { 0x03, (byte) 0xE8 }, true, false);
			assertThat(client.readCloseCode()).isEqualTo(1000);
		}
		await().atMost(TIMEOUT).until(() -> probe.disconnected.size() == 2);
		assertThat(probe.connected.get(1)).matches(LISTENER_POOL);
		assertThat(probe.disconnected.get(1)).matches(LISTENER_POOL);
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void eventsOfOneConnectionRunOneAtATimeInArrivalOrderOnTheEventLoop(boolean nativeWebSocket) throws Exception {
		Probe probe = context(nativeWebSocket).getBean(Probe.class);
		int events = 2000;
		try (RawConnection client = joined(context(nativeWebSocket))) {
			for (int i = 0; i < events; i++) {
				client.sendText("42[\"n\"," + i + "]");
			}
			// the ack of the last one comes after all the others ran
			client.sendText("421[\"where\"]");
			assertThat(lastString(nextEvent(client))).matches(EVENT_LOOP);
		}
		assertThat(probe.order).containsExactlyElementsOf(IntStream.range(0, events).boxed().toList());
		assertThat(probe.overlapped).isFalse();
		assertThat(probe.threads).allMatch((name) -> EVENT_LOOP.matcher(name).matches());
	}

	/** The last string an ack or event carries (a thread name). */
	private static String lastString(String frame) {
		int end = frame.lastIndexOf('"');
		return frame.substring(frame.lastIndexOf('"', end - 1) + 1, end);
	}

	private static RawConnection joined(ConfigurableApplicationContext context) throws IOException {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return AbstractWebSocketWritesTests.joined(RawConnection.open(port, TIMEOUT), WEBSOCKET);
	}

	private static String nextEvent(RawConnection client) throws IOException {
		return AbstractWebSocketWritesTests.nextEvent(client);
	}

	/** What the listeners of one application saw. */
	static final class Probe extends ListenerOrderProbe {

		final List<String> connected = new CopyOnWriteArrayList<>();

		@Override
		public void reset() {
			super.reset();
			connected.clear();
		}

	}

	/** The application: the probe's listeners on the main namespace. */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class EventLoopListenersConfiguration {

		@Bean
		Probe probe() {
			return new Probe();
		}

		@Bean
		SocketIoServerCustomizer eventLoopListeners(Probe probe) {
			return (SocketIoServer io) -> io.on((socket) -> {
				probe.connected.add(Thread.currentThread().getName());
				socket.onDisconnect((reason) -> probe.disconnected.add(Thread.currentThread().getName()));
				socket.on("where", (args, ack) -> ack.send(Thread.currentThread().getName()));
				socket.on("n", (args, ack) -> probe.record(args));
			});
		}

	}

}
