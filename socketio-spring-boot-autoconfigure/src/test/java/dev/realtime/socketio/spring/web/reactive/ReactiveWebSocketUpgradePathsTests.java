package dev.realtime.socketio.spring.web.reactive;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import dev.realtime.socketio.spring.testsupport.RawConnection;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
 * Both WebSocket upgrade paths of the WebFlux binding serve real clients the same way:
 * Reactor Netty's own upgrade ({@code socketio.webflux.native-websocket=true}, the
 * default) and WebFlux's {@code WebSocketService} ({@code false}). The wire, hardening
 * and client test suites run on the default path; this covers the other one too: the Java
 * client over WebSocket only (events, acknowledgements, binary), the message limit
 * (1009), reserved bits (1002), the client's close code and the server answering after
 * each.
 */
class ReactiveWebSocketUpgradePathsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private static final String WEBSOCKET = "/socket.io/?EIO=4&transport=websocket";

	private static final int MAX_MESSAGE = 1000;

	@ParameterizedTest(name = "native-websocket={0}")
	@ValueSource(booleans = { true, false })
	void bothUpgradePathsServeClients(boolean nativeWebSocket) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Handlers.class)
			.web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
					"socketio.max-http-buffer-size=" + MAX_MESSAGE,
					"socketio.webflux.native-websocket=" + nativeWebSocket)
			.run()) {
			assertThat(context.getBean(EngineHandlerMapping.class).isNativeWebSocket()).isEqualTo(nativeWebSocket);
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();

			javaClientGetsAnAcknowledgementWithBinary(port);
			messageOverTheLimitIsClosedWith1009(port);
			reservedBitsAreClosedWith1002(port);
			clientCloseEndsTheSession(context, port);
			javaClientGetsAnAcknowledgementWithBinary(port);
		}
	}

	private static void javaClientGetsAnAcknowledgementWithBinary(int port) throws Exception {
		IO.Options options = IO.Options.builder()
			.setTransports(new String[] { "websocket" })
			.setReconnection(false)
			.build();
		Socket socket = IO.socket(URI.create("http://127.0.0.1:" + port), options);
		CompletableFuture<Object> welcome = new CompletableFuture<>();
		CompletableFuture<List<Object>> answer = new CompletableFuture<>();
		socket.on("welcome", (args) -> welcome.complete(args[0]));
		socket.connect();
		try {
			assertThat(welcome.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(socket.id());
			socket.emit("ack", new Object[] { "ping", 7, new byte[] { 1, 2 } },
					(Ack) (args) -> answer.complete(List.of(args)));
			List<Object> acked = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(acked).hasSize(3);
			assertThat(acked.subList(0, 2)).containsExactly("ping", 7);
			assertThat((byte[]) acked.get(2)).containsExactly(1, 2);
		}
		finally {
			socket.close();
		}
	}

	private static void messageOverTheLimitIsClosedWith1009(int port) throws Exception {
		try (RawConnection connection = RawConnection.open(port, TIMEOUT)) {
			assertThat(connection.upgrade(WEBSOCKET)).isEqualTo(101);
			assertThat(connection.readFrame().text()).startsWith("0{");
			connection.sendText("4" + "x".repeat(MAX_MESSAGE));

			assertThat(connection.readCloseCode()).isEqualTo(1009);
		}
	}

	private static void reservedBitsAreClosedWith1002(int port) throws Exception {
		try (RawConnection connection = RawConnection.open(port, TIMEOUT)) {
			assertThat(connection.upgrade(WEBSOCKET)).isEqualTo(101);
			connection.readFrame();
			connection.sendFrame(1, "40".getBytes(StandardCharsets.UTF_8), true, true);

			assertThat(connection.readCloseCode()).isEqualTo(1002);
		}
	}

	private static void clientCloseEndsTheSession(ConfigurableApplicationContext context, int port) throws Exception {
		EngineServer engine = context.getBean(SocketIoServer.class).engine();
		try (RawConnection connection = RawConnection.open(port, TIMEOUT)) {
			assertThat(connection.upgrade(WEBSOCKET)).isEqualTo(101);
			String open = connection.readFrame().text();
			int start = open.indexOf("\"sid\":\"") + 7;
			String sid = open.substring(start, open.indexOf('"', start));
			assertThat(engine.session(sid)).isNotNull();
			// close frame 1000, masked as a client must
			connection.sendFrame(8, new byte[] { 0x03, (byte) 0xE8 }, true, false);

			assertThat(connection.readCloseCode()).isEqualTo(1000);
			await().atMost(TIMEOUT).until(() -> engine.session(sid) == null);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Handlers {

		@Bean
		SocketIoServerCustomizer handlers() {
			return (io) -> io.on((socket) -> {
				socket.emit("welcome", socket.id());
				socket.on("ack", (args, ack) -> ack.send(args.toArray()));
			});
		}

	}

}
