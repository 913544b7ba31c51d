package dev.realtime.socketio.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.realtime.socketio.engine.EngineServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The {@code conformance} profile walks through what the official Engine.IO v4 and
 * Socket.IO v5 conformance suites check, on Spring MVC (Tomcat) and on WebFlux (Reactor
 * Netty), with the JDK's HTTP and WebSocket clients. The suites themselves are JavaScript
 * and are run separately; these scenarios follow their checklist so that a regression
 * shows up in the Maven build.
 */
class ConformanceProfileTests {

	@Nested
	class OnSpringMvc extends Scenarios {

		OnSpringMvc() {
			super(WebApplicationType.SERVLET, "TomcatWebServer");
		}

	}

	@Nested
	class OnWebFlux extends Scenarios {

		OnWebFlux() {
			super(WebApplicationType.REACTIVE, "NettyWebServer");
		}

	}

	/** Every scenario, against one application started once for the stack. */
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	abstract static class Scenarios {

		private static final Duration TIMEOUT = Duration.ofSeconds(5);

		private static final int PING_INTERVAL = 300;

		private static final int PING_TIMEOUT = 200;

		private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

		private static final String PH0 = "{\"_placeholder\":true,\"num\":0}";

		private static final String PH1 = "{\"_placeholder\":true,\"num\":1}";

		private final WebApplicationType type;

		private final String expectedWebServer;

		private final HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(TIMEOUT)
			.build();

		private final List<Ws> openSockets = new ArrayList<>();

		private ConfigurableApplicationContext context;

		private int port;

		Scenarios(WebApplicationType type, String expectedWebServer) {
			this.type = type;
			this.expectedWebServer = expectedWebServer;
		}

		@BeforeAll
		void startTheSampleWithTheConformanceProfile() {
			this.context = new SpringApplicationBuilder(SampleApplication.class).web(this.type)
				.profiles("conformance")
				.properties("spring.main.banner-mode=off")
				// an argument, so that it wins over the profile's port 3000
				.run("--server.port=0");
			this.port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		}

		@AfterAll
		void stopTheSample() {
			if (this.context != null) {
				this.context.close();
			}
		}

		@AfterEach
		void abortWebSockets() {
			for (Ws ws : this.openSockets) {
				ws.abort();
			}
			this.openSockets.clear();
		}

		@Test
		void runsOnTheExpectedWebServer() {
			assertThat(((WebServerApplicationContext) this.context).getWebServer().getClass().getSimpleName())
				.isEqualTo(this.expectedWebServer);
		}

		// ---------------------------------------------------------------- Engine.IO:
		// handshake

		@Test
		void pollingHandshakeAnswersTheOpenPacketWithTheFiveKeysInNodesOrder() throws Exception {
			HttpResponse<String> response = get("/engine.io/?EIO=4&transport=polling");

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).matches("0\\{\"sid\":\"[^\"]+\",\"upgrades\":\\[\"websocket\"\\],"
					+ "\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000\\}");
		}

		@Test
		void pollingHandshakeWithoutOrWithAnInvalidEioIsRefusedWith400() throws Exception {
			assertThat(get("/engine.io/?transport=polling").statusCode()).isEqualTo(400);
			assertThat(get("/engine.io/?EIO=abc&transport=polling").statusCode()).isEqualTo(400);
		}

		@Test
		void pollingHandshakeWithoutOrWithAnUnknownTransportIsRefusedWith400() throws Exception {
			assertThat(get("/engine.io/?EIO=4").statusCode()).isEqualTo(400);
			assertThat(get("/engine.io/?EIO=4&transport=abc").statusCode()).isEqualTo(400);
		}

		@Test
		void handshakeWithPostOrPutIsRefusedWith400() throws Exception {
			assertThat(send("POST", "/engine.io/?EIO=4&transport=polling", "").statusCode()).isEqualTo(400);
			assertThat(send("PUT", "/engine.io/?EIO=4&transport=polling", "").statusCode()).isEqualTo(400);
		}

		@Test
		void webSocketHandshakeSendsTheOpenPacketWithoutUpgradesAsTheFirstFrame() throws Exception {
			Ws ws = openWebSocket("/engine.io/?EIO=4&transport=websocket", false);

			assertThat(ws.nextText()).matches("0\\{\"sid\":\"[^\"]+\",\"upgrades\":\\[\\],"
					+ "\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000\\}");
		}

		@Test
		void webSocketWithoutOrWithAnInvalidEioIsRefusedOrClosed() {
			assertRefusedOrClosed("/engine.io/?transport=websocket");
			assertRefusedOrClosed("/engine.io/?EIO=abc&transport=websocket");
		}

		@Test
		void webSocketWithoutOrWithAnUnknownTransportIsRefusedOrClosed() {
			assertRefusedOrClosed("/engine.io/?EIO=4");
			assertRefusedOrClosed("/engine.io/?EIO=4&transport=abc");
		}

		// ---------------------------------------------------------------- Engine.IO:
		// messages

		@Test
		void onePlainTextPacketIsEchoedOverPolling() throws Exception {
			String sid = pollingHandshake();

			HttpResponse<String> push = post(poll(sid), "4hello");

			assertThat(push.statusCode()).isEqualTo(200);
			assertThat(push.body()).isEqualTo("ok");
			assertThat(get(poll(sid)).body()).isEqualTo("4hello");
		}

		@Test
		void severalPlainTextPacketsAreEchoedInOnePayload() throws Exception {
			String sid = pollingHandshake();

			assertThat(post(poll(sid), "4test1\u001e4test2\u001e4test3").body()).isEqualTo("ok");

			assertThat(get(poll(sid)).body()).isEqualTo("4test1\u001e4test2\u001e4test3");
		}

		@Test
		void textAndBinaryPacketsAreEchoedOverPollingWithBinaryAsBase64() throws Exception {
			String sid = pollingHandshake();

			assertThat(post(poll(sid), "4hello\u001ebAQIDBA==").body()).isEqualTo("ok");

			assertThat(get(poll(sid)).body()).isEqualTo("4hello\u001ebAQIDBA==");
		}

		@Test
		void invalidPacketOverPollingClosesTheSession() throws Exception {
			String sid = pollingHandshake();

			try {
				post(poll(sid), "abc");
			}
			catch (IOException ex) {
				// a server may also drop the connection of the offending request
			}

			assertThat(get(poll(sid)).statusCode()).isEqualTo(400);
		}

		@Test
		void duplicatePollRequestsCloseTheSession() throws Exception {
			String sid = pollingHandshake();

			CompletableFuture<HttpResponse<String>> first = getAsync(poll(sid));
			CompletableFuture<HttpResponse<String>> second = getAsync(poll(sid) + "&t=burst");

			// whichever the server saw first was pending: it gets the close packet, the
			// other an error
			List<String> outcomes = List.of(outcome(first.get(5, TimeUnit.SECONDS)),
					outcome(second.get(5, TimeUnit.SECONDS)));
			assertThat(outcomes).contains("200 1").anyMatch((o) -> o.equals("400") || o.equals("500"));
			assertThat(get(poll(sid)).statusCode()).isEqualTo(400);
		}

		@Test
		void pollRequestCancelledByTheClientClosesTheSession() throws Exception {
			String sid = pollingHandshake();
			try (Socket raw = new Socket("127.0.0.1", this.port)) {
				OutputStream out = raw.getOutputStream();
				out.write(("GET " + poll(sid) + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				// parked by now (well before the first ping, which would answer it)
				pause(100);
			}

			// what the suite checks; Reactor Netty reports the abort at once, Tomcat only
			// on a write
			// to the dead connection, so on Spring MVC an overlap or the ping timeout
			// ends the session
			assertThat(get(poll(sid)).statusCode()).isEqualTo(400);
		}

		@Test
		void plainTextPacketIsEchoedOverWebSocket() throws Exception {
			Ws ws = openWebSocket("/engine.io/?EIO=4&transport=websocket", false);
			ws.nextText();

			ws.send("4hello");

			assertThat(ws.nextText()).isEqualTo("4hello");
		}

		@Test
		void binaryMessageIsEchoedOverWebSocketAsABinaryFrame() throws Exception {
			Ws ws = openWebSocket("/engine.io/?EIO=4&transport=websocket", false);
			ws.nextText();

			ws.send(new byte[] { 1, 2, 3, 4 });

			assertThat(ws.nextBinary()).containsExactly(1, 2, 3, 4);
		}

		@Test
		void invalidPacketOverWebSocketClosesIt() throws Exception {
			Ws ws = openWebSocket("/engine.io/?EIO=4&transport=websocket", false);
			ws.nextText();

			ws.send("abc");

			ws.awaitClose();
		}

		// ---------------------------------------------------------------- Engine.IO:
		// heartbeat

		@Test
		void pollingClientThatAnswersEveryPingKeepsTheSession() throws Exception {
			String sid = pollingHandshake();

			for (int i = 0; i < 3; i++) {
				HttpResponse<String> ping = get(poll(sid));
				assertThat(ping.statusCode()).isEqualTo(200);
				assertThat(ping.body()).isEqualTo("2");
				assertThat(post(poll(sid), "3").statusCode()).isEqualTo(200);
			}
		}

		@Test
		void pollingSessionIsClosedExactlyPingIntervalPlusPingTimeoutAfterTheHandshake() throws Exception {
			String sid = pollingHandshake();

			// the suite sleeps exactly this long and expects the session to be gone
			// (PROTOCOL.md gotcha 1)
			pause(PING_INTERVAL + PING_TIMEOUT);

			assertThat(get(poll(sid)).statusCode()).isEqualTo(400);
		}

		@Test
		void webSocketClientThatAnswersEveryPingKeepsTheSession() throws Exception {
			Ws ws = openWebSocket("/engine.io/?EIO=4&transport=websocket", false);
			ws.nextText();

			for (int i = 0; i < 3; i++) {
				assertThat(ws.nextText()).isEqualTo("2");
				ws.send("3");
			}
			assertThat(ws.closed).isNotDone();
		}

		@Test
		void webSocketThatNeverAnswersAPingIsClosedAfterPingIntervalPlusPingTimeout() throws Exception {
			long start = System.nanoTime();
			Ws ws = openWebSocket("/engine.io/?EIO=4&transport=websocket", false);

			ws.awaitClose();

			long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			assertThat(elapsed).isBetween(PING_INTERVAL + PING_TIMEOUT - 50L, 2_000L);
		}

		// ---------------------------------------------------------------- Engine.IO:
		// close

		@Test
		void closePacketOverPollingEndsThePendingGetWithNoopAndTheSession() throws Exception {
			String sid = pollingHandshake();
			CompletableFuture<HttpResponse<String>> pending = getAsync(poll(sid));
			// the GET must be parked before the close arrives (they travel on different
			// connections),
			// and the close must come before the first ping (300 ms) would answer the GET
			pause(100);

			assertThat(post(poll(sid), "1").statusCode()).isEqualTo(200);

			HttpResponse<String> ended = pending.get(5, TimeUnit.SECONDS);
			assertThat(ended.statusCode()).isEqualTo(200);
			assertThat(ended.body()).isEqualTo("6");
			assertThat(get(poll(sid)).statusCode()).isEqualTo(400);
		}

		@Test
		void closePacketOverWebSocketClosesIt() throws Exception {
			Ws ws = openWebSocket("/engine.io/?EIO=4&transport=websocket", false);
			ws.nextText();

			ws.send("1");

			ws.awaitClose();
		}

		// ---------------------------------------------------------------- Engine.IO:
		// upgrade

		@Test
		void pollingSessionUpgradesToWebSocket() throws Exception {
			String sid = pollingHandshake();
			Ws ws = openWebSocket("/engine.io/?EIO=4&transport=websocket&sid=" + sid, false);

			ws.send("2probe");
			assertThat(ws.nextText()).isEqualTo("3probe");
			HttpResponse<String> drained = get(poll(sid));
			assertThat(drained.statusCode()).isEqualTo(200);
			assertThat(drained.body()).isEqualTo("6");
			ws.send("5");
			ws.send("4hello");

			assertThat(ws.nextText()).isEqualTo("4hello");
		}

		@Test
		void pollingRequestAfterTheUpgradeIsRefusedWith400() throws Exception {
			String sid = pollingHandshake();
			Ws ws = openWebSocket("/engine.io/?EIO=4&transport=websocket&sid=" + sid, false);
			ws.send("2probe");
			ws.nextText();
			ws.send("5");

			assertThat(get(poll(sid)).statusCode()).isEqualTo(400);
			ws.send("4hello");
			assertThat(ws.nextText()).isEqualTo("4hello");
		}

		@Test
		void secondWebSocketForAnUpgradedSessionIsOpenedThenClosed() throws Exception {
			String sid = pollingHandshake();
			Ws ws = openWebSocket("/engine.io/?EIO=4&transport=websocket&sid=" + sid, false);
			ws.send("2probe");
			ws.nextText();
			ws.send("5");
			await().atMost(TIMEOUT).until(() -> "websocket".equals(engine().session(sid).transport()));

			Ws second = openWebSocket("/engine.io/?EIO=4&transport=websocket&sid=" + sid, false);

			second.awaitClose();
			ws.send("4hello");
			assertThat(ws.nextText()).isEqualTo("4hello");
		}

		// ---------------------------------------------------------------- Socket.IO:
		// connect

		@Test
		void connectToTheMainNamespaceAnswersTheSidOnlyThenTheAuthEvent() throws Exception {
			Ws ws = socketIo();

			ws.send("40");

			assertThat(ws.nextText()).matches("40\\{\"sid\":\"[^\"]+\"\\}");
			assertThat(ws.nextText()).isEqualTo("42[\"auth\",{}]");
		}

		@Test
		void authPayloadOfTheMainNamespaceIsEchoed() throws Exception {
			Ws ws = socketIo();

			ws.send("40{\"token\":\"123\"}");

			assertThat(ws.nextText()).matches("40\\{\"sid\":\"[^\"]+\"\\}");
			assertThat(ws.nextText()).isEqualTo("42[\"auth\",{\"token\":\"123\"}]");
		}

		@Test
		void connectToTheCustomNamespaceAnswersTheSidOnlyThenTheAuthEvent() throws Exception {
			Ws ws = socketIo();

			ws.send("40/custom,");

			assertThat(ws.nextText()).matches("40/custom,\\{\"sid\":\"[^\"]+\"\\}");
			assertThat(ws.nextText()).isEqualTo("42/custom,[\"auth\",{}]");
		}

		@Test
		void authPayloadOfTheCustomNamespaceIsEchoed() throws Exception {
			Ws ws = socketIo();

			ws.send("40/custom,{\"token\":\"abc\"}");

			assertThat(ws.nextText()).matches("40/custom,\\{\"sid\":\"[^\"]+\"\\}");
			assertThat(ws.nextText()).isEqualTo("42/custom,[\"auth\",{\"token\":\"abc\"}]");
		}

		@Test
		void connectToAnUnknownNamespaceIsRefusedAndTheConnectionStaysOpen() throws Exception {
			Ws ws = socketIo();

			ws.send("40/random");

			assertThat(ws.nextText()).isEqualTo("44/random,{\"message\":\"Invalid namespace\"}");
			ws.send("40");
			assertThat(ws.nextText()).startsWith("40{");
		}

		@Test
		void invalidFirstPacketClosesTheConnection() throws Exception {
			Ws ws = socketIo();

			ws.send("4abc");

			ws.awaitClose();
		}

		@Test
		void connectionThatJoinsNoNamespaceIsClosedAfterTheConnectTimeout() throws Exception {
			long start = System.nanoTime();
			// answers the pings, so only the connect timeout (1 s) can end it
			Ws ws = openWebSocket("/socket.io/?EIO=4&transport=websocket", true);

			ws.awaitClose();

			long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			assertThat(elapsed).isBetween(900L, 3_000L);
		}

		// ---------------------------------------------------------------- Socket.IO:
		// disconnect

		@Test
		void disconnectFromTheMainNamespaceKeepsTheConnectionOpen() throws Exception {
			Ws ws = connectedSocketIo(false);

			ws.send("41");

			// nothing is sent back: the next frame is the regular ping, and a pong keeps
			// it alive
			assertThat(ws.nextText()).isEqualTo("2");
			ws.send("3");
			assertThat(ws.nextText()).isEqualTo("2");
			assertThat(ws.closed).isNotDone();
		}

		@Test
		void disconnectFromTheCustomNamespaceLeavesTheMainNamespaceConnected() throws Exception {
			Ws ws = connectedSocketIo(true);
			ws.send("40/custom");
			assertThat(ws.nextText()).startsWith("40/custom,{");
			assertThat(ws.nextText()).isEqualTo("42/custom,[\"auth\",{}]");

			ws.send("41/custom");
			ws.send("42[\"message\",\"message to main namespace\"]");

			assertThat(ws.nextText()).isEqualTo("42[\"message-back\",\"message to main namespace\"]");
		}

		// ---------------------------------------------------------------- Socket.IO:
		// messages

		@Test
		void eventIsEmittedBackWithItsArgumentsUnchanged() throws Exception {
			Ws ws = connectedSocketIo(true);

			ws.send("42[\"message\",1,\"2\",{\"3\":[true]}]");

			assertThat(ws.nextText()).isEqualTo("42[\"message-back\",1,\"2\",{\"3\":[true]}]");
		}

		@Test
		void eventWithBinaryAttachmentsIsEmittedBackWithTheSameAttachments() throws Exception {
			Ws ws = connectedSocketIo(true);

			ws.send("452-[\"message\"," + PH0 + "," + PH1 + "]");
			ws.send(new byte[] { 1, 2, 3 });
			ws.send(new byte[] { 4, 5, 6 });

			assertThat(ws.nextText()).isEqualTo("452-[\"message-back\"," + PH0 + "," + PH1 + "]");
			assertThat(ws.nextBinary()).containsExactly(1, 2, 3);
			assertThat(ws.nextBinary()).containsExactly(4, 5, 6);
		}

		@Test
		void eventWithAnAckIdIsAcknowledgedWithItsArguments() throws Exception {
			Ws ws = connectedSocketIo(true);

			ws.send("42456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");

			assertThat(ws.nextText()).isEqualTo("43456[1,\"2\",{\"3\":[false]}]");
		}

		@Test
		void binaryEventWithAnAckIdIsAcknowledgedWithABinaryAck() throws Exception {
			Ws ws = connectedSocketIo(true);

			ws.send("452-789[\"message-with-ack\"," + PH0 + "," + PH1 + "]");
			ws.send(new byte[] { 1, 2, 3 });
			ws.send(new byte[] { 4, 5, 6 });

			assertThat(ws.nextText()).isEqualTo("462-789[" + PH0 + "," + PH1 + "]");
			assertThat(ws.nextBinary()).containsExactly(1, 2, 3);
			assertThat(ws.nextBinary()).containsExactly(4, 5, 6);
		}

		@Test
		void packetOfAnUnknownTypeClosesTheConnection() throws Exception {
			Ws ws = connectedSocketIo(true);

			ws.send("4abc");

			ws.awaitClose();
		}

		@Test
		void eventWhosePayloadIsNotAnArrayClosesTheConnection() throws Exception {
			Ws ws = connectedSocketIo(true);

			ws.send("42{}");

			ws.awaitClose();
		}

		@Test
		void eventWithAnInvalidAckIdClosesTheConnection() throws Exception {
			Ws ws = connectedSocketIo(true);

			ws.send("42abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");

			ws.awaitClose();
		}

		// ---------------------------------------------------------------- helpers

		private EngineServer engine() {
			return this.context.getBean("conformanceEngineServer", EngineServer.class);
		}

		/**
		 * Lets time pass (no condition to wait for: the protocol's timers are what is
		 * tested).
		 */
		private static void pause(long millis) {
			await().pollDelay(Duration.ofMillis(millis)).atMost(Duration.ofMillis(millis + 1_000)).until(() -> true);
		}

		private String pollingHandshake() throws Exception {
			HttpResponse<String> response = get("/engine.io/?EIO=4&transport=polling");
			assertThat(response.statusCode()).isEqualTo(200);
			Matcher matcher = SID.matcher(response.body());
			assertThat(matcher.find()).isTrue();
			return matcher.group(1);
		}

		private static String poll(String sid) {
			return "/engine.io/?EIO=4&transport=polling&sid=" + sid;
		}

		private URI uri(String pathAndQuery) {
			return URI.create("http://127.0.0.1:" + this.port + pathAndQuery);
		}

		private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
			return send("GET", pathAndQuery, null);
		}

		private HttpResponse<String> post(String pathAndQuery, String body) throws IOException, InterruptedException {
			return send("POST", pathAndQuery, body);
		}

		private HttpResponse<String> send(String method, String pathAndQuery, String body)
				throws IOException, InterruptedException {
			return this.http.send(request(method, pathAndQuery, body), HttpResponse.BodyHandlers.ofString());
		}

		private CompletableFuture<HttpResponse<String>> getAsync(String pathAndQuery) {
			return this.http.sendAsync(request("GET", pathAndQuery, null), HttpResponse.BodyHandlers.ofString());
		}

		private HttpRequest request(String method, String pathAndQuery, String body) {
			HttpRequest.Builder builder = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(TIMEOUT);
			if (body == null) {
				return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
			}
			return builder.header("Content-Type", "text/plain;charset=UTF-8")
				.method(method, HttpRequest.BodyPublishers.ofString(body))
				.build();
		}

		private static String outcome(HttpResponse<String> response) {
			return (response.statusCode() == 200) ? "200 " + response.body() : String.valueOf(response.statusCode());
		}

		/**
		 * A WebSocket to the Socket.IO endpoint, past the Engine.IO open packet,
		 * answering pings.
		 */
		private Ws socketIo() throws Exception {
			Ws ws = openWebSocket("/socket.io/?EIO=4&transport=websocket", true);
			assertThat(ws.nextText()).startsWith("0{");
			return ws;
		}

		/**
		 * Like the suite's {@code initSocketIOConnection}: connected to {@code /}, auth
		 * event consumed.
		 */
		private Ws connectedSocketIo(boolean answerPings) throws Exception {
			Ws ws = openWebSocket("/socket.io/?EIO=4&transport=websocket", answerPings);
			assertThat(ws.nextText()).startsWith("0{");
			ws.send("40");
			assertThat(ws.nextText()).startsWith("40{");
			assertThat(ws.nextText()).isEqualTo("42[\"auth\",{}]");
			return ws;
		}

		private Ws openWebSocket(String pathAndQuery, boolean answerPings) throws Exception {
			Ws ws = new Ws(answerPings);
			ws.socket = this.http.newWebSocketBuilder()
				.connectTimeout(TIMEOUT)
				.buildAsync(URI.create("ws://127.0.0.1:" + this.port + pathAndQuery), ws)
				.get(5, TimeUnit.SECONDS);
			this.openSockets.add(ws);
			return ws;
		}

		/**
		 * A WebSocket the server must refuse (HTTP error instead of the 101) or close
		 * right away.
		 */
		private void assertRefusedOrClosed(String pathAndQuery) {
			Ws ws = new Ws(false);
			CompletableFuture<WebSocket> opening = this.http.newWebSocketBuilder()
				.connectTimeout(TIMEOUT)
				.buildAsync(URI.create("ws://127.0.0.1:" + this.port + pathAndQuery), ws);
			try {
				ws.socket = opening.get(5, TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				assertThat(ex.getCause()).isInstanceOf(WebSocketHandshakeException.class);
				return;
			}
			catch (Exception ex) {
				throw new AssertionError(ex);
			}
			this.openSockets.add(ws);
			ws.awaitClose();
		}

	}

	/**
	 * The client side of one WebSocket: every text or binary message (fragments joined)
	 * goes into a queue; with {@code answerPings} the Engine.IO pings are answered and
	 * not queued.
	 */
	static final class Ws implements WebSocket.Listener {

		private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();

		final CompletableFuture<Integer> closed = new CompletableFuture<>();

		private final boolean answerPings;

		private final StringBuilder text = new StringBuilder();

		private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

		volatile WebSocket socket;

		Ws(boolean answerPings) {
			this.answerPings = answerPings;
		}

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(1);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				String message = this.text.toString();
				this.text.setLength(0);
				if (this.answerPings && "2".equals(message)) {
					// answered off the listener thread: sends are serialized in send()
					CompletableFuture.runAsync(() -> send("3"));
				}
				else {
					this.messages.add(message);
				}
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			this.binary.writeBytes(bytes);
			if (last) {
				this.messages.add(this.binary.toByteArray());
				this.binary.reset();
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closed.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closed.complete(-1);
		}

		synchronized void send(String message) {
			try {
				this.socket.sendText(message, true).join();
			}
			catch (CompletionException ex) {
				// the server may have closed the socket already: the scenario checks for
				// that
			}
		}

		synchronized void send(byte[] message) {
			this.socket.sendBinary(ByteBuffer.wrap(message), true).join();
		}

		Object next() throws InterruptedException {
			Object message = this.messages.poll(5, TimeUnit.SECONDS);
			if (message == null) {
				fail("no message within 5 s" + (this.closed.isDone() ? " (closed)" : ""));
			}
			return message;
		}

		String nextText() throws InterruptedException {
			Object message = next();
			assertThat(message).isInstanceOf(String.class);
			return (String) message;
		}

		byte[] nextBinary() throws InterruptedException {
			Object message = next();
			assertThat(message).isInstanceOf(byte[].class);
			return (byte[]) message;
		}

		void awaitClose() {
			try {
				this.closed.get(5, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new AssertionError("the server did not close the WebSocket", ex);
			}
		}

		void abort() {
			WebSocket webSocket = this.socket;
			if (webSocket != null) {
				webSocket.abort();
			}
		}

	}

}
