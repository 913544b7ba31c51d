package dev.realtime.socketio.spring.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.realtime.socketio.engine.AsyncRequestGate.Decision;
import dev.realtime.socketio.engine.ConnectionError;
import dev.realtime.socketio.engine.EngineEvent;
import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.server.SocketConnection;
import dev.realtime.socketio.spring.autoconfigure.SocketIoOptionsCustomizer;
import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import dev.realtime.socketio.spring.testsupport.NodeScenario;
import dev.realtime.socketio.spring.testsupport.RawConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

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
 * Node's engine hooks on a real application, the same tests for every web stack:
 * {@code socket.conn} events and the {@code connection_error} event seen by the official
 * client and raw requests, an asynchronous {@code allowRequest} with its own message,
 * {@code initial_headers}/{@code headers} on polling responses and on the WebSocket 101,
 * and {@code socketio.add-trailing-slash=false}. One application per class: the Socket.IO
 * server on {@code /socket.io/} (every hook set), and a raw Engine.IO server on
 * {@code /raw/} with Node's defaults.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractEngineHooksTests {

	private static final String SCRIPT = "engine-hooks-scenarios.js";

	private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

	/**
	 * The first request of a test class is served by a cold context (class loading, JIT):
	 * on a loaded machine it took over 10 s once, so an HTTP answer gets 30 s.
	 */
	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private ConfigurableApplicationContext context;

	private int port;

	private HttpClient http;

	private Recorder recorder;

	protected abstract WebApplicationType webApplicationType();

	@BeforeAll
	void startApplication() {
		List<Class<?>> sources = new ArrayList<>(List.of(HooksApplication.class));
		if (webApplicationType() == WebApplicationType.REACTIVE) {
			sources.add(AbstractEngineWireTests.NettyServerConfiguration.class);
		}
		this.context = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new)).web(webApplicationType())
			.properties("server.port=0", "spring.main.banner-mode=off", "socketio.add-trailing-slash=false",
					"socketio.ping-interval=300ms", "socketio.ping-timeout=5s")
			.run();
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		this.recorder = context.getBean(Recorder.class);
	}

	@AfterAll
	void stopApplication() {
		if (context != null) {
			context.close();
		}
	}

	private String baseUrl() {
		return "http://127.0.0.1:" + port;
	}

	private HttpResponse<String> get(String pathAndQuery) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery)).timeout(REQUEST_TIMEOUT).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String pathAndQuery, String body) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery))
			.timeout(REQUEST_TIMEOUT)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String sidOf(String body) {
		Matcher matcher = SID.matcher(body);
		assertThat(matcher.find()).as("sid in %s", body).isTrue();
		return matcher.group(1);
	}

	private ConnectionError nextError(int code) throws InterruptedException {
		for (int i = 0; i < 100; i++) {
			ConnectionError error = recorder.errors.poll(5, TimeUnit.SECONDS);
			assertThat(error).as("connection_error with code %d", code).isNotNull();
			if (error.code() == code) {
				return error;
			}
		}
		throw new AssertionError("no connection_error with code " + code);
	}

	// ---------------------------------------------------------------- socket.conn

	@Test
	void socketConnSeesTheOfficialClientsUpgradeHeartbeatPacketsAndItsClose() throws Exception {
		JsonNode result = NodeScenario.run(SCRIPT, "connEvents", baseUrl());

		JsonNode seen = result.get("seen");
		String id = result.get("engineId").asText();
		assertThat(seen.get("id").asText()).isEqualTo(id);
		assertThat(seen.get("transport").asText()).isEqualTo("websocket");
		assertThat(seen.get("remoteAddress").asText()).isEqualTo("127.0.0.1");
		List<String> events = new ArrayList<>();
		seen.get("events").forEach((event) -> events.add(event.asText()));
		assertThat(events).contains("upgrade websocket", "packet message", "packet pong", "heartbeat",
				"packetCreate message", "packetCreate ping", "drain");
		// the client probes the WebSocket as soon as the polling handshake is open, in
		// parallel with its CONNECT: listeners added in the connection handler may come
		// after the probe began, and then see the upgrade but not its start (Node's
		// socket.conn listeners race the same way). EngineConnectionEventsTests checks
		// upgrading → upgrade deterministically.
		if (events.contains("upgrading websocket")) {
			assertThat(events.indexOf("upgrading websocket")).isLessThan(events.indexOf("upgrade websocket"));
		}
		assertThat(result.get("disconnectReason").asText()).isEqualTo("transport close");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(recorder.closes).contains(id + " forced close"));
	}

	// ---------------------------------------------------------------- connection_error

	@Test
	void refusedRequestsAreConnectionErrorsWithNodesCodesAndContext() throws Exception {
		recorder.errors.clear();

		HttpResponse<String> unknownTransport = get("/socket.io/?EIO=4&transport=bogus");
		ConnectionError transportError = nextError(0);
		HttpResponse<String> oldProtocol = get("/socket.io/?EIO=3&transport=polling");
		ConnectionError protocolError = nextError(5);
		HttpResponse<String> unknownSid = post("/socket.io/?EIO=4&transport=polling&sid=nope", "4x");
		ConnectionError sidError = nextError(1);

		assertThat(unknownTransport.body()).isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
		assertThat(transportError.message()).isEqualTo("Transport unknown");
		assertThat(transportError.context()).isEqualTo(Map.of("transport", "bogus"));
		assertThat(transportError.request().path()).endsWith("/socket.io/");
		assertThat(transportError.request().remoteAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
		assertThat(oldProtocol.statusCode()).isEqualTo(400);
		assertThat(protocolError.context()).isEqualTo(Map.of("protocol", "3"));
		assertThat(unknownSid.statusCode()).isEqualTo(400);
		assertThat(sidError.context()).isEqualTo(Map.of("sid", "nope"));
		assertThat(sidError.request().method()).isEqualTo("POST");
	}

	@Test
	void refusedWebSocketUpgradeIsAConnectionErrorToo() throws Exception {
		recorder.errors.clear();
		try (RawConnection raw = RawConnection.open(port, Duration.ofSeconds(10))) {
			assertThat(raw.upgrade("/socket.io/?EIO=4&transport=websocket&sid=nope")).isEqualTo(400);
		}
		assertThat(nextError(1).context()).isEqualTo(Map.of("sid", "nope"));
	}

	// ---------------------------------------------------------------- allowRequest

	@Test
	void asyncRequestGateRefusesAPollingHandshakeWithItsOwnMessage() throws Exception {
		recorder.errors.clear();

		HttpResponse<String> response = get("/socket.io/?EIO=4&transport=polling&token=deny");

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).isEqualTo("{\"code\":4,\"message\":\"go away \\\"now\\\"\"}");
		ConnectionError error = nextError(4);
		assertThat(error.message()).isEqualTo("Forbidden");
		assertThat(error.context()).isEqualTo(Map.of("message", "go away \"now\""));
	}

	@Test
	void asyncRequestGateRefusesAWebSocketHandshakeWithItsOwnMessage() throws Exception {
		try (RawConnection raw = RawConnection.open(port, Duration.ofSeconds(10))) {
			raw.write("GET /socket.io/?EIO=4&transport=websocket&token=deny HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Upgrade: websocket\r\nConnection: Upgrade\r\n"
					+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
			assertThat(raw.readResponse()).isEqualTo("403 go away \"now\"");
		}
	}

	@Test
	void officialClientPassesAnAsyncRequestGateOnEveryTransportAndIsRefusedByIt() throws Exception {
		JsonNode webSocket = NodeScenario.run(SCRIPT, "connect", baseUrl(),
				NodeScenario.json(Map.of("transports", List.of("websocket"), "query", Map.of("token", "ok"))));
		JsonNode polling = NodeScenario.run(SCRIPT, "connect", baseUrl(),
				NodeScenario.json(Map.of("transports", List.of("polling"), "query", Map.of("token", "ok"))));
		JsonNode refused = NodeScenario.run(SCRIPT, "connect", baseUrl(),
				NodeScenario.json(Map.of("transports", List.of("polling"), "query", Map.of("token", "deny"))));

		assertThat(webSocket.get("transport").asText()).isEqualTo("websocket");
		assertThat(polling.get("transport").asText()).isEqualTo("polling");
		assertThat(refused.get("connected").asBoolean()).isFalse();
		assertThat(refused.get("description").asText()).isEqualTo("403");
	}

	// ---------------------------------------------------------------- headers hooks

	@Test
	void headerHooksAddToPollingResponsesInitialOnlyToTheHandshake() throws Exception {
		HttpResponse<String> handshake = get("/socket.io/?EIO=4&transport=polling");
		HttpResponse<String> next = post("/socket.io/?EIO=4&transport=polling&sid=" + sidOf(handshake.body()), "40");

		assertThat(handshake.headers().firstValue("X-Initial")).hasValue("handshake");
		assertThat(handshake.headers().firstValue("X-Every")).hasValue("polling");
		assertThat(next.body()).isEqualTo("ok");
		assertThat(next.headers().firstValue("X-Initial")).isEmpty();
		assertThat(next.headers().firstValue("X-Every")).hasValue("polling");
	}

	@Test
	void headerHooksAddToTheWebSocket101InitialOnlyWithoutASession() throws Exception {
		String sid = sidOf(get("/socket.io/?EIO=4&transport=polling").body());
		try (RawConnection handshake = RawConnection.open(port, Duration.ofSeconds(10));
				RawConnection upgrade = RawConnection.open(port, Duration.ofSeconds(10))) {
			handshake.write(upgradeRequest("/socket.io/?EIO=4&transport=websocket"));
			RawConnection.Head opened = handshake.readHead();
			upgrade.write(upgradeRequest("/socket.io/?EIO=4&transport=websocket&sid=" + sid));
			RawConnection.Head upgraded = upgrade.readHead();

			assertThat(opened.status()).isEqualTo(101);
			assertThat(opened.headers()).containsEntry("x-initial", "handshake").containsEntry("x-every", "websocket");
			assertThat(upgraded.status()).isEqualTo(101);
			assertThat(upgraded.headers()).containsEntry("x-every", "websocket").doesNotContainKey("x-initial");
		}
	}

	private static String upgradeRequest(String pathAndQuery) {
		return "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
				+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
	}

	// ---------------------------------------------------------------- addTrailingSlash

	@Test
	void withoutTrailingSlashThePathIsServedWhenAddTrailingSlashIsOff() throws Exception {
		HttpResponse<String> socketIo = get("/socket.io?EIO=4&transport=polling");
		HttpResponse<String> rawWithout = get("/raw?EIO=4&transport=polling");
		HttpResponse<String> rawWith = get("/raw/?EIO=4&transport=polling");

		assertThat(socketIo.statusCode()).isEqualTo(200);
		assertThat(socketIo.body()).startsWith("0{\"sid\":");
		assertThat(rawWithout.statusCode()).isEqualTo(404);
		assertThat(rawWith.statusCode()).isEqualTo(200);
	}

	@Test
	void officialClientConnectsWithoutTheTrailingSlash() throws Exception {
		JsonNode result = NodeScenario.run(SCRIPT, "connect", baseUrl(), NodeScenario.json(Map.of("transports",
				List.of("polling", "websocket"), "addTrailingSlash", false, "query", Map.of("token", "ok"))));

		assertThat(result.get("connected").asBoolean()).as(result.toString()).isTrue();
	}

	/** What the hooks saw. */
	static final class Recorder {

		final LinkedBlockingQueue<ConnectionError> errors = new LinkedBlockingQueue<>();

		final List<String> closes = new CopyOnWriteArrayList<>();

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class HooksApplication {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

		/** The hooks that are options: an asynchronous gate, the header hooks. */
		@Bean
		SocketIoOptionsCustomizer engineHooks() {
			return (options,
					engine) -> engine
						.allowRequest((request) -> CompletableFuture.supplyAsync(
								() -> "deny".equals(request.queryParameter("token"))
										? Decision.refuse("go away \"now\"") : Decision.allow(),
								CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)))
						.initialHeaders((request, headers) -> headers.put("X-Initial", "handshake"))
						.headers((request, headers) -> headers.put("X-Every", request.queryParameter("transport")));
		}

		/** The hooks that are listeners: connection_error, socket.conn. */
		@Bean
		SocketIoServerCustomizer engineListeners(Recorder recorder) {
			return (io) -> {
				io.engine().onConnectionError(recorder.errors::add);
				io.on((socket) -> {
					SocketConnection conn = socket.conn();
					Set<String> events = java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());
					AtomicInteger beats = new AtomicInteger();
					conn.on(EngineEvent.UPGRADING, (transport) -> events.add("upgrading " + transport))
						.on(EngineEvent.UPGRADE, (transport) -> events.add("upgrade " + transport))
						.on(EngineEvent.PACKET, (packet) -> events.add("packet " + name(packet.type())))
						.on(EngineEvent.PACKET_CREATE, (packet) -> events.add("packetCreate " + name(packet.type())))
						.on(EngineEvent.DRAIN, (c) -> events.add("drain"))
						.on(EngineEvent.HEARTBEAT, (c) -> {
							events.add("heartbeat");
							// the second: a ping went out after these listeners were
							// registered
							if (beats.incrementAndGet() == 2) {
								socket.emit("beat");
							}
						})
						.on(EngineEvent.CLOSE, (close) -> recorder.closes.add(conn.id() + " " + close.reason().text()));
					socket.on("close-me", (args, ack) -> conn.close());
					socket.on("conn-events", (args, ack) -> {
						List<String> seen;
						synchronized (events) {
							seen = List.copyOf(events);
						}
						ack.send(Map.of("id", conn.id(), "transport", conn.transport(), "remoteAddress",
								conn.remoteAddress().getAddress().getHostAddress(), "events", seen));
					});
				});
			};
		}

		private static String name(Enum<?> type) {
			return type.name().toLowerCase(java.util.Locale.ROOT);
		}

		/**
		 * A raw Engine.IO server with Node's defaults: the trailing slash is required.
		 */
		@Bean
		EngineServer rawEngine() {
			EngineServer engine = new EngineServer(EngineOptions.builder().path("/raw/").build());
			engine.onConnection((socket) -> socket.onMessage(socket::sendContent));
			return engine;
		}

	}

}
