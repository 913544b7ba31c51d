package dev.realtime.socketio.spring.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.realtime.socketio.engine.CorsPolicy;
import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.spring.testsupport.RawConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Engine.IO wire protocol (PROTOCOL.md §3) checked over real HTTP and WebSocket
 * connections against a real application, the same tests for every web stack.
 *
 * <p>
 * <b>How a stack plugs in.</b> Extend this class and implement
 * {@link #webApplicationType()}:
 *
 * <pre>{@code
 * class ReactiveEngineWireTests extends AbstractEngineWireTests {
 *     &#64;Override
 *     protected WebApplicationType webApplicationType() {
 *         return WebApplicationType.REACTIVE;
 *     }
 * }
 * }</pre>
 *
 * The application is booted once per test class on a random port with auto-configuration
 * and the {@link WireTestConfiguration} below, so the stack's own auto-configuration must
 * serve the {@link EngineServer} beans it declares. Both Spring MVC and WebFlux are on
 * the test classpath: for {@code REACTIVE} the {@link #serverConfigurations()} hook adds
 * a Reactor Netty server factory so that Tomcat's reactive adapter is not chosen;
 * override the hook to add other configuration classes. Tests touch the server only
 * through sockets, plus the {@link EngineServer} beans to see whether a session is still
 * open.
 *
 * <p>
 * The servers (all echo every message back, text as text and binary as binary):
 * <ul>
 * <li>{@code /engine.io/}: the conformance settings (pingInterval 300 ms, pingTimeout 200
 * ms, maxPayload 1 000 000, CORS {@code *});</li>
 * <li>{@code /small/}: maxHttpBufferSize {@value #SMALL_MAX}, for the size limits;</li>
 * <li>{@code /medium/}: maxHttpBufferSize {@value #MEDIUM_MAX} and Node's default
 * heartbeat, for the limits of messages larger than the container's buffers;</li>
 * <li>{@code /quiet/}: Node's default heartbeat (no ping during a test), upgradeTimeout
 * 500 ms, for tests that park a GET; the message {@code block} holds its listener until
 * {@link #releaseBlocked()};</li>
 * <li>{@code /strict/}: CORS limited to {@code https://good.example}.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractEngineWireTests {

	/** maxHttpBufferSize of the {@code /small/} server. */
	protected static final int SMALL_MAX = 64;

	/**
	 * maxHttpBufferSize of the {@code /medium/} server: far above the container's message
	 * buffers (1 KiB on Tomcat by default), so its messages arrive in many parts.
	 */
	protected static final int MEDIUM_MAX = 100_000;

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final AtomicReference<CountDownLatch> BLOCKER = new AtomicReference<>(new CountDownLatch(0));

	private ConfigurableApplicationContext context;

	private int port;

	private HttpClient http;

	private ScheduledExecutorService timer;

	/** The web stack under test. */
	protected abstract WebApplicationType webApplicationType();

	/**
	 * Configuration classes added to the application besides
	 * {@link WireTestConfiguration}; by default a Reactor Netty server factory for
	 * {@code REACTIVE}, nothing for {@code SERVLET}.
	 */
	protected Class<?>[] serverConfigurations() {
		if (webApplicationType() == WebApplicationType.REACTIVE) {
			return new Class<?>[] { NettyServerConfiguration.class };
		}
		return new Class<?>[0];
	}

	@BeforeAll
	void startApplication() {
		WebApplicationType type = webApplicationType();
		this.context = new SpringApplicationBuilder(WireTestConfiguration.class).sources(serverConfigurations())
			.web(type)
			.properties("server.port=0", "spring.main.banner-mode=off")
			.run();
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
		this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
		this.timer = Executors.newSingleThreadScheduledExecutor();
	}

	@AfterAll
	void stopApplication() {
		releaseBlocked();
		if (timer != null) {
			timer.shutdownNow();
		}
		if (context != null) {
			context.close();
		}
	}

	/** The port the application listens on. */
	protected int port() {
		return port;
	}

	/** The running application. */
	protected ConfigurableApplicationContext context() {
		return context;
	}

	// ---------------------------------------------------------------- handshake

	@Test
	void pollingHandshakeAnswersTheOpenPacketWithFiveKeysInNodeOrder() throws Exception {
		HttpResponse<String> response = get("/engine.io/?EIO=4&transport=polling");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).matches("0\\{\"sid\":\"[^\"]+\",\"upgrades\":\\[\"websocket\"],"
				+ "\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000}");
	}

	@Test
	void webSocketHandshakeSendsTheOpenPacketWithoutUpgrades() throws Exception {
		WsClient ws = openWebSocket("/engine.io/?EIO=4&transport=websocket");

		assertThat(ws.next()).asString()
			.matches("0\\{\"sid\":\"[^\"]+\",\"upgrades\":\\[],"
					+ "\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000}");
		ws.abort();
	}

	// ---------------------------------------------------------------- error table

	@Test
	void requestWithoutTransportIsRejectedAsTransportUnknown() throws Exception {
		assertError(get("/engine.io/?EIO=4"), 400, 0, "Transport unknown");
	}

	@Test
	void requestWithAnUnknownTransportIsRejectedAsTransportUnknown() throws Exception {
		assertError(get("/engine.io/?EIO=4&transport=tobi"), 400, 0, "Transport unknown");
	}

	@Test
	void getWithAnUnknownSidIsRejected() throws Exception {
		assertError(get("/engine.io/?EIO=4&transport=polling&sid=unknown"), 400, 1, "Session ID unknown");
	}

	@Test
	void postWithAnUnknownSidIsRejected() throws Exception {
		assertError(post("/engine.io/?EIO=4&transport=polling&sid=unknown", "4hello"), 400, 1, "Session ID unknown");
	}

	@Test
	void handshakeByPostIsRejectedAsBadHandshakeMethod() throws Exception {
		assertError(post("/engine.io/?EIO=4&transport=polling", "4hello"), 400, 2, "Bad handshake method");
	}

	@Test
	void webSocketTransportOverAPlainGetIsRejectedAsBadRequest() throws Exception {
		assertError(get("/engine.io/?EIO=4&transport=websocket"), 400, 3, "Bad request");
	}

	@ParameterizedTest(name = "query suffix [{0}]")
	@ValueSource(strings = { "", "&EIO=abc", "&EIO=3" })
	void handshakeWithoutProtocolVersion4IsRejectedAsUnsupported(String eio) throws Exception {
		assertError(get("/engine.io/?transport=polling" + eio), 400, 5, "Unsupported protocol version");
	}

	// ---------------------------------------------------------------- polling

	@Test
	void pollingEchoesATextMessage() throws Exception {
		String sid = handshake("/engine.io/");

		HttpResponse<String> push = post(poll("/engine.io/", sid), "4hello");

		assertThat(push.statusCode()).isEqualTo(200);
		assertThat(push.body()).isEqualTo("ok");
		assertThat(get(poll("/engine.io/", sid)).body()).isEqualTo("4hello");
	}

	@Test
	void pollingEchoesABinaryMessageAsBase64() throws Exception {
		String sid = handshake("/engine.io/");

		post(poll("/engine.io/", sid), "bAQIDBA==");

		assertThat(get(poll("/engine.io/", sid)).body()).isEqualTo("bAQIDBA==");
	}

	@Test
	void pollingAnswersAllBufferedPacketsInOnePayloadSeparatedByRecordSeparators() throws Exception {
		String sid = handshake("/engine.io/");

		post(poll("/engine.io/", sid), "4hello\u001e4€ world\u001ebAQIDBA==");

		assertThat(get(poll("/engine.io/", sid)).body()).isEqualTo("4hello\u001e4€ world\u001ebAQIDBA==");
	}

	@Test
	void pollingResponsesArePlainUtf8TextThatIsNotCached() throws Exception {
		HttpResponse<String> response = get("/engine.io/?EIO=4&transport=polling");

		assertThat(response.headers().firstValue("Content-Type")).get()
			.satisfies((type) -> assertThat(type.toLowerCase(Locale.ROOT).replace(" ", ""))
				.isEqualTo("text/plain;charset=utf-8"));
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
	}

	@Test
	void oversizedPostIsRejectedWith413() throws Exception {
		String sid = handshake("/small/");

		HttpResponse<String> response = post(poll("/small/", sid), "4" + "a".repeat(SMALL_MAX));

		assertThat(response.statusCode()).isEqualTo(413);
	}

	@Test
	void postOfExactlyMaxHttpBufferSizeIsAccepted() throws Exception {
		String sid = handshake("/small/");

		HttpResponse<String> response = post(poll("/small/", sid), "4" + "a".repeat(SMALL_MAX - 1));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(get(poll("/small/", sid)).body()).isEqualTo("4" + "a".repeat(SMALL_MAX - 1));
	}

	@Test
	void binaryContentTypePostIsRejectedAsBadRequest() throws Exception {
		String sid = handshake("/engine.io/");

		HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(poll("/engine.io/", sid)))
			.timeout(TIMEOUT)
			.header("Content-Type", "application/octet-stream")
			.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] { 4, 1, 2, 3 }))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(400);
	}

	@Test
	void invalidPacketInAPostClosesTheSession() throws Exception {
		String sid = handshake("/engine.io/");

		post(poll("/engine.io/", sid), "abc");

		assertThat(get(poll("/engine.io/", sid)).statusCode()).isEqualTo(400);
	}

	@Test
	void clientCloseOverPollingAnswersThePendingGetWithNoopAndEndsTheSession() throws Exception {
		String sid = handshake("/quiet/");
		CompletableFuture<HttpResponse<String>> pending = parkedGet("/quiet/", sid);

		assertThat(post(poll("/quiet/", sid), "1").statusCode()).isEqualTo(200);

		assertThat(pending.get(5, TimeUnit.SECONDS).body()).isEqualTo("6");
		assertThat(get(poll("/quiet/", sid)).statusCode()).isEqualTo(400);
	}

	@Test
	void concurrentGetIsRejectedAndThePendingGetGetsClose() throws Exception {
		String sid = handshake("/quiet/");
		CompletableFuture<HttpResponse<String>> pending = parkedGet("/quiet/", sid);

		assertThat(get(poll("/quiet/", sid)).statusCode()).isEqualTo(400);

		HttpResponse<String> first = pending.get(5, TimeUnit.SECONDS);
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.body()).isEqualTo("1");
	}

	@Test
	void concurrentPostIsRejected() throws Exception {
		String sid = handshake("/quiet/");
		CountDownLatch release = new CountDownLatch(1);
		BLOCKER.set(release);
		try {
			CompletableFuture<HttpResponse<String>> first = http.sendAsync(postRequest(poll("/quiet/", sid), "4block"),
					HttpResponse.BodyHandlers.ofString());
			await().pollDelay(Duration.ofMillis(150)).atMost(TIMEOUT).until(() -> !first.isDone());

			assertThat(post(poll("/quiet/", sid), "4hello").statusCode()).isEqualTo(400);
		}
		finally {
			release.countDown();
		}
	}

	@Test
	protected void abortedPendingGetClosesTheSession() throws Exception {
		String sid = handshake("/quiet/");
		EngineServer quiet = context.getBean("quietEngineServer", EngineServer.class);
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.getOutputStream()
				.write(("GET " + poll("/quiet/", sid) + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			// the GET is parked: no answer comes (the heartbeat of /quiet/ is far away)
			socket.setSoTimeout(300);
			assertThatThrownBy(() -> socket.getInputStream().read())
				.isInstanceOf(java.net.SocketTimeoutException.class);
		}

		await().atMost(TIMEOUT).until(() -> quiet.session(sid) == null);
	}

	// ---------------------------------------------------------------- heartbeat

	@Test
	void serverPingsOverPollingAndPongsKeepTheSessionOpen() throws Exception {
		String sid = handshake("/engine.io/");

		for (int i = 0; i < 3; i++) {
			HttpResponse<String> ping = get(poll("/engine.io/", sid));
			assertThat(ping.statusCode()).isEqualTo(200);
			assertThat(ping.body()).isEqualTo("2");
			assertThat(post(poll("/engine.io/", sid), "3").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void pollingSessionClosesOnPingTimeout() throws Exception {
		String sid = handshake("/engine.io/");

		// like the official suite: one GET exactly pingInterval + pingTimeout after the
		// handshake
		HttpResponse<String> late = timer.schedule(() -> get(poll("/engine.io/", sid)), 500, TimeUnit.MILLISECONDS)
			.get(5, TimeUnit.SECONDS);

		assertThat(late.statusCode()).isEqualTo(400);
	}

	@Test
	void clientPingIsAnError() throws Exception {
		String sid = handshake("/engine.io/");

		post(poll("/engine.io/", sid), "2");

		assertThat(get(poll("/engine.io/", sid)).statusCode()).isEqualTo(400);
	}

	@Test
	void serverPingsOverWebSocketAndPongsKeepTheSessionOpen() throws Exception {
		WsClient ws = openWebSocket("/engine.io/?EIO=4&transport=websocket");
		ws.next();

		for (int i = 0; i < 3; i++) {
			assertThat(ws.next()).isEqualTo("2");
			ws.send("3");
		}
		assertThat(ws.closed()).isNotDone();
		ws.abort();
	}

	@Test
	void webSocketClientCloseIsAnsweredWithOneCloseFrameAndTheConnectionCloses() throws Exception {
		try (RawConnection raw = RawConnection.open(port(), Duration.ofSeconds(10))) {
			assertThat(raw.upgrade("/engine.io/?EIO=4&transport=websocket")).isEqualTo(101);
			assertThat(raw.readFrame().text()).startsWith("0{");

			raw.sendFrame(8, new byte[] { 0x03, (byte) 0xe8 }, true, false);

			assertThat(raw.readCloseCode()).isEqualTo(1000);
			// the close frame is the last one (RFC 6455 §5.5.1): then the server closes
			// the TCP connection
			assertThat(raw.readCloseCode()).isEqualTo(RawConnection.NO_CLOSE_FRAME);
		}
	}

	@Test
	void webSocketSessionClosesOnPingTimeout() throws Exception {
		long start = System.nanoTime();
		WsClient ws = openWebSocket("/engine.io/?EIO=4&transport=websocket");

		ws.closed().get(5, TimeUnit.SECONDS);

		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
	}

	// ---------------------------------------------------------------- websocket

	@Test
	void webSocketEchoesATextFrame() throws Exception {
		WsClient ws = openWebSocket("/engine.io/?EIO=4&transport=websocket");
		ws.next();

		ws.send("4hello €");

		assertThat(ws.nextIgnoringPings()).isEqualTo("4hello €");
		ws.abort();
	}

	@Test
	void webSocketEchoesABinaryFrameAsABinaryFrame() throws Exception {
		WsClient ws = openWebSocket("/engine.io/?EIO=4&transport=websocket");
		ws.next();

		ws.send(new byte[] { 1, 2, 3, 4 });

		assertThat(ws.nextIgnoringPings()).isInstanceOf(byte[].class).isEqualTo(new byte[] { 1, 2, 3, 4 });
		ws.abort();
	}

	@Test
	void webSocketEchoesAMessageLargerThanTheContainerBuffers() throws Exception {
		// Node's heartbeat: a client busy sending misses no ping
		WsClient ws = openWebSocket("/quiet/?EIO=4&transport=websocket");
		ws.next();
		String large = "4" + "x€".repeat(100_000);

		ws.send(large);

		assertThat(ws.nextIgnoringPings()).isEqualTo(large);
		ws.abort();
	}

	@Test
	void webSocketEchoesABinaryMessageLargerThanTheContainerBuffers() throws Exception {
		WsClient ws = openWebSocket("/medium/?EIO=4&transport=websocket");
		ws.next();
		byte[] large = new byte[60_000];
		new java.util.Random(12).nextBytes(large);

		ws.send(large);

		assertThat(ws.nextIgnoringPings()).isInstanceOf(byte[].class).isEqualTo(large);
		ws.abort();
	}

	@Test
	void webSocketMessagesOfExactlyMaxPayloadArriveWhole() throws Exception {
		WsClient ws = openWebSocket("/medium/?EIO=4&transport=websocket");
		ws.next();
		// MEDIUM_MAX bytes in UTF-8, a two-byte character across every container-buffer
		// boundary
		String text = "4" + "é".repeat((MEDIUM_MAX - 2) / 2) + "x";
		byte[] binary = new byte[MEDIUM_MAX];
		binary[MEDIUM_MAX - 1] = 7;

		ws.send(text);
		assertThat(ws.nextIgnoringPings()).isEqualTo(text);
		ws.send(binary);
		assertThat(ws.nextIgnoringPings()).isEqualTo(binary);
		ws.abort();
	}

	@Test
	void webSocketTextMessageInManyPartsOneByteOverMaxPayloadIsClosedWith1009() throws Exception {
		WsClient ws = openWebSocket("/medium/?EIO=4&transport=websocket");
		ws.next();

		ws.send("4" + "é".repeat((MEDIUM_MAX - 2) / 2) + "xy");

		assertThat(ws.closed().get(5, TimeUnit.SECONDS)).isEqualTo(1009);
	}

	@Test
	void webSocketBinaryMessageInManyPartsOneByteOverMaxPayloadIsClosedWith1009() throws Exception {
		WsClient ws = openWebSocket("/medium/?EIO=4&transport=websocket");
		ws.next();

		ws.send(new byte[MEDIUM_MAX + 1]);

		assertThat(ws.closed().get(5, TimeUnit.SECONDS)).isEqualTo(1009);
	}

	@Test
	void webSocketTextFrameOverMaxPayloadIsClosedWith1009() throws Exception {
		WsClient ws = openWebSocket("/small/?EIO=4&transport=websocket");
		ws.next();

		ws.send("4" + "a".repeat(20_000));

		assertThat(ws.closed().get(5, TimeUnit.SECONDS)).isEqualTo(1009);
	}

	@Test
	void webSocketBinaryFrameOverMaxPayloadIsClosedWith1009() throws Exception {
		WsClient ws = openWebSocket("/small/?EIO=4&transport=websocket");
		ws.next();

		ws.send(new byte[SMALL_MAX + 1]);

		assertThat(ws.closed().get(5, TimeUnit.SECONDS)).isEqualTo(1009);
	}

	@Test
	void webSocketUpgradeWithAnUnknownSidIsRejectedBeforeTheHandshake() throws Exception {
		RawResponse response = rawUpgrade("/engine.io/?EIO=4&transport=websocket&sid=unknown", null);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("Session ID unknown");
	}

	@Test
	void webSocketUpgradeWithoutProtocolVersionIsRejectedBeforeTheHandshake() throws Exception {
		RawResponse response = rawUpgrade("/engine.io/?transport=websocket", null);

		assertThat(response.status()).isEqualTo(400);
	}

	@Test
	void upgradeMovesThePollingSessionToWebSocket() throws Exception {
		String sid = handshake("/quiet/");
		CompletableFuture<HttpResponse<String>> pending = parkedGet("/quiet/", sid);
		WsClient ws = openWebSocket("/quiet/?EIO=4&transport=websocket&sid=" + sid);

		ws.send("2probe");
		assertThat(ws.next()).isEqualTo("3probe");
		assertThat(pending.get(5, TimeUnit.SECONDS).body()).isEqualTo("6");
		ws.send("5");

		assertThat(get(poll("/quiet/", sid)).statusCode()).isEqualTo(400);
		ws.send("4hello");
		assertThat(ws.next()).isEqualTo("4hello");
		ws.abort();
	}

	@Test
	void secondWebSocketForTheSameSessionIsClosed() throws Exception {
		String sid = handshake("/quiet/");
		WsClient first = openWebSocket("/quiet/?EIO=4&transport=websocket&sid=" + sid);
		// the server has taken the first WebSocket as the upgrade candidate once it
		// answers the probe
		// (a stack may open the server side after the 101, so the 101 alone does not
		// order them)
		first.send("2probe");
		assertThat(first.next()).isEqualTo("3probe");

		WsClient second = openWebSocket("/quiet/?EIO=4&transport=websocket&sid=" + sid);

		second.closed().get(5, TimeUnit.SECONDS);
		// the first one still completes the upgrade and carries the session
		first.send("5");
		first.send("4still here");
		assertThat(first.next()).isEqualTo("4still here");
		first.abort();
	}

	@Test
	void upgradeCandidateIsClosedWhenTheUpgradeTimesOut() throws Exception {
		String sid = handshake("/quiet/");
		WsClient ws = openWebSocket("/quiet/?EIO=4&transport=websocket&sid=" + sid);
		ws.send("2probe");
		assertThat(ws.next()).isEqualTo("3probe");

		ws.closed().get(5, TimeUnit.SECONDS);

		EngineServer quiet = context.getBean("quietEngineServer", EngineServer.class);
		assertThat(quiet.session(sid)).isNotNull();
		assertThat(quiet.session(sid).transport()).isEqualTo("polling");
	}

	// ---------------------------------------------------------------- CORS and origins

	@Test
	void preflightIsAnsweredWith204AndTheAllowedMethods() throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/engine.io/?EIO=4&transport=polling"))
			.timeout(TIMEOUT)
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "https://app.example")
			.header("Access-Control-Request-Method", "POST")
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
		assertThat(response.headers().firstValue("Access-Control-Allow-Methods"))
			.hasValue("GET,HEAD,PUT,PATCH,POST,DELETE");
	}

	@Test
	void pollingResponsesAllowAnyOrigin() throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/engine.io/?EIO=4&transport=polling"))
			.timeout(TIMEOUT)
			.header("Origin", "https://app.example")
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
	}

	@Test
	void webSocketFromARefusedOriginIsRejectedWith403BeforeTheHandshake() throws Exception {
		RawResponse response = rawUpgrade("/strict/?EIO=4&transport=websocket", "https://evil.example");

		assertThat(response.status()).isEqualTo(403);
	}

	@Test
	void webSocketFromAnAllowedOriginIsUpgraded() throws Exception {
		RawResponse response = rawUpgrade("/strict/?EIO=4&transport=websocket", "https://good.example");

		assertThat(response.status()).isEqualTo(101);
	}

	@Test
	void requestsOutsideTheEnginePathsAreNotServedByTheEngine() throws Exception {
		assertThat(get("/elsewhere/?EIO=4&transport=polling").statusCode()).isEqualTo(404);
	}

	// ---------------------------------------------------------------- helpers

	/** Lets the message {@code block} of the {@code /quiet/} server through. */
	protected static void releaseBlocked() {
		BLOCKER.get().countDown();
	}

	protected URI uri(String pathAndQuery) {
		return URI.create("http://127.0.0.1:" + port + pathAndQuery);
	}

	protected static String poll(String path, String sid) {
		return path + "?EIO=4&transport=polling&sid=" + sid;
	}

	protected HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(TIMEOUT).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	protected HttpResponse<String> post(String pathAndQuery, String body) throws IOException, InterruptedException {
		return http.send(postRequest(pathAndQuery, body), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest postRequest(String pathAndQuery, String body) {
		return HttpRequest.newBuilder(uri(pathAndQuery))
			.timeout(TIMEOUT)
			.header("Content-Type", "text/plain;charset=UTF-8")
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
			.build();
	}

	/** Opens a polling session and returns its sid. */
	protected String handshake(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = get(path + "?EIO=4&transport=polling");
		assertThat(response.statusCode()).isEqualTo(200);
		String body = response.body();
		int start = body.indexOf("\"sid\":\"") + 7;
		return body.substring(start, body.indexOf('"', start));
	}

	/** Sends a GET and makes sure the server parked it (no answer after a while). */
	private CompletableFuture<HttpResponse<String>> parkedGet(String path, String sid) {
		CompletableFuture<HttpResponse<String>> pending = http.sendAsync(
				HttpRequest.newBuilder(uri(poll(path, sid))).timeout(TIMEOUT).build(),
				HttpResponse.BodyHandlers.ofString());
		await().pollDelay(Duration.ofMillis(150)).atMost(TIMEOUT).until(() -> !pending.isDone());
		return pending;
	}

	private static void assertError(HttpResponse<String> response, int status, int code, String message) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
		assertThat(response.body()).isEqualTo("{\"code\":" + code + ",\"message\":\"" + message + "\"}");
	}

	protected WsClient openWebSocket(String pathAndQuery) throws Exception {
		WsClient listener = new WsClient();
		WebSocket socket = http.newWebSocketBuilder()
			.connectTimeout(TIMEOUT)
			.buildAsync(URI.create("ws://127.0.0.1:" + port + pathAndQuery), listener)
			.get(5, TimeUnit.SECONDS);
		listener.socket = socket;
		return listener;
	}

	/**
	 * Sends a WebSocket upgrade request over a plain socket and reads the answer's head
	 * (and body, when it has a length), to see exactly what comes back before any 101.
	 */
	protected RawResponse rawUpgrade(String pathAndQuery, String origin) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			String request = "GET " + pathAndQuery + " HTTP/1.1\r\n" + "Host: 127.0.0.1:" + port + "\r\n"
					+ "Upgrade: websocket\r\n" + "Connection: Upgrade\r\n"
					+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + "Sec-WebSocket-Version: 13\r\n"
					+ ((origin != null) ? "Origin: " + origin + "\r\n" : "") + "\r\n";
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
				int b = in.read();
				if (b < 0) {
					break;
				}
				head.write(b);
			}
			String headText = head.toString(StandardCharsets.ISO_8859_1);
			int status = Integer.parseInt(headText.substring(9, 12));
			String body = "";
			for (String line : headText.split("\r\n")) {
				if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
					int length = Integer.parseInt(line.substring(15).trim());
					body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
				}
			}
			return new RawResponse(status, headText, body);
		}
	}

	/** What {@link #rawUpgrade} read. */
	protected record RawResponse(int status, String head, String body) {
	}

	/**
	 * A JDK WebSocket client that queues whole messages: a {@code String} or a
	 * {@code byte[]}.
	 */
	protected static final class WsClient implements WebSocket.Listener {

		private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();

		private final CompletableFuture<Integer> closed = new CompletableFuture<>();

		private final StringBuilder text = new StringBuilder();

		private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

		private volatile WebSocket socket;

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			text.append(data);
			if (last) {
				messages.add(text.toString());
				text.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			binary.writeBytes(bytes);
			if (last) {
				messages.add(binary.toByteArray());
				binary.reset();
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			closed.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			closed.completeExceptionally(error);
		}

		/** The next whole message, waiting up to five seconds. */
		public Object next() throws InterruptedException {
			Object message = messages.poll(5, TimeUnit.SECONDS);
			assertThat(message).as("a message within 5 s").isNotNull();
			return message;
		}

		/** The next message that is not a server ping. */
		public Object nextIgnoringPings() throws InterruptedException {
			Object message = next();
			while ("2".equals(message)) {
				message = next();
			}
			return message;
		}

		public void send(String message) {
			socket.sendText(message, true).join();
		}

		public void send(byte[] message) {
			socket.sendBinary(ByteBuffer.wrap(message), true).join();
		}

		/** Completes with the close code once the server closed the socket. */
		public CompletableFuture<Integer> closed() {
			return closed;
		}

		public void abort() {
			socket.abort();
		}

	}

	/**
	 * The application: one echo server per scenario, and the stack's auto-configuration.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	public static class WireTestConfiguration {

		@Bean
		EngineServer engineServer() {
			EngineServer engine = new EngineServer(EngineOptions.builder()
				.path("/engine.io/")
				.pingInterval(Duration.ofMillis(300))
				.pingTimeout(Duration.ofMillis(200))
				.maxHttpBufferSize(1_000_000)
				.cors(CorsPolicy.allowAll())
				.build());
			engine.onConnection((socket) -> socket.onMessage(socket::sendContent));
			return engine;
		}

		@Bean
		EngineServer smallEngineServer() {
			EngineServer engine = new EngineServer(EngineOptions.builder()
				.path("/small/")
				.maxHttpBufferSize(SMALL_MAX)
				.cors(CorsPolicy.allowAll())
				.build());
			engine.onConnection((socket) -> socket.onMessage(socket::sendContent));
			return engine;
		}

		@Bean
		EngineServer mediumEngineServer() {
			EngineServer engine = new EngineServer(EngineOptions.builder()
				.path("/medium/")
				.maxHttpBufferSize(MEDIUM_MAX)
				.cors(CorsPolicy.allowAll())
				.build());
			engine.onConnection((socket) -> socket.onMessage(socket::sendContent));
			return engine;
		}

		@Bean
		EngineServer quietEngineServer() {
			EngineServer engine = new EngineServer(EngineOptions.builder()
				.path("/quiet/")
				.upgradeTimeout(Duration.ofMillis(500))
				.cors(CorsPolicy.allowAll())
				.build());
			engine.onConnection((socket) -> socket.onMessage((message) -> {
				if ("block".equals(message)) {
					try {
						BLOCKER.get().await(5, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				socket.sendContent(message);
			}));
			return engine;
		}

		@Bean
		EngineServer strictEngineServer() {
			EngineServer engine = new EngineServer(EngineOptions.builder()
				.path("/strict/")
				.cors(CorsPolicy.builder().allowedOrigins("https://good.example").build())
				.build());
			engine.onConnection((socket) -> socket.onMessage(socket::sendContent));
			return engine;
		}

	}

	/**
	 * Makes a reactive application run on Reactor Netty although Tomcat is on the
	 * classpath too.
	 */
	@Configuration(proxyBeanMethods = false)
	public static class NettyServerConfiguration {

		@Bean
		NettyReactiveWebServerFactory nettyReactiveWebServerFactory() {
			return new NettyReactiveWebServerFactory();
		}

	}

}
