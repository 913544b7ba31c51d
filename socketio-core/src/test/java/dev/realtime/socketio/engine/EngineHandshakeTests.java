package dev.realtime.socketio.engine;

import java.util.stream.Stream;

import dev.realtime.socketio.engine.spi.HttpResponse;
import dev.realtime.socketio.engine.spi.UpgradeDecision;
import dev.realtime.socketio.testsupport.FakeHttpExchange;
import dev.realtime.socketio.testsupport.FakeWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineHandshakeTests {

	private EngineFixture fixture = new EngineFixture();

	@AfterEach
	void closeServer() {
		fixture.close();
	}

	@Test
	void pollingHandshakeAnswersTheOpenPacketWithExactlyNodesKeysInNodesOrder() {
		FakeHttpExchange exchange = fixture.handle(FakeHttpExchange.get("EIO=4&transport=polling&t=Nx1"));

		assertThat(exchange.status()).isEqualTo(200);
		String sid = EngineFixture.sidOf(exchange.bodyText());
		assertThat(exchange.bodyText()).isEqualTo("0{\"sid\":\"" + sid
				+ "\",\"upgrades\":[\"websocket\"],\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000}");
	}

	@Test
	void pollingHandshakeIsPlainTextThatIsNeverCached() {
		FakeHttpExchange exchange = fixture.handle(FakeHttpExchange.get("EIO=4&transport=polling"));

		assertThat(exchange.responseHeader("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
		assertThat(exchange.responseHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(exchange.responseHeader("Content-Length"))
			.isEqualTo(Integer.toString(exchange.response().body().length));
	}

	@Test
	void sessionIdsAreTwentyUrlSafeCharactersAndUnique() {
		String first = fixture.handshake();
		String second = fixture.handshake();

		assertThat(first).matches("[A-Za-z0-9_-]{20}");
		assertThat(second).matches("[A-Za-z0-9_-]{20}").isNotEqualTo(first);
		assertThat(fixture.engine.clientsCount()).isEqualTo(2);
	}

	@Test
	void webSocketOnlySessionAnnouncesNoUpgradesInItsFirstFrame() {
		FakeWebSocket webSocket = fixture.webSocketSession();

		assertThat(webSocket.texts()).hasSize(1);
		String open = webSocket.texts().get(0);
		assertThat(open).isEqualTo("0{\"sid\":\"" + EngineFixture.sidOf(open)
				+ "\",\"upgrades\":[],\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000}");
		assertThat(fixture.socket(EngineFixture.sidOf(open)).transport()).isEqualTo("websocket");
	}

	@Test
	void pollingHandshakeAnnouncesNoUpgradesWhenUpgradesAreOff() {
		fixture.close();
		fixture = new EngineFixture((options) -> options.allowUpgrades(false));

		FakeHttpExchange exchange = fixture.handle(FakeHttpExchange.get("EIO=4&transport=polling"));

		assertThat(exchange.bodyText()).contains("\"upgrades\":[]");
	}

	static Stream<Arguments> refusedRequests() {
		return Stream.of(Arguments.of("GET", "EIO=4", 400, 0, "Transport unknown"),
				Arguments.of("GET", "EIO=4&transport=flashsocket", 400, 0, "Transport unknown"),
				Arguments.of("GET", "EIO=4&transport=polling&sid=nope", 400, 1, "Session ID unknown"),
				Arguments.of("POST", "EIO=4&transport=polling&sid=nope", 400, 1, "Session ID unknown"),
				Arguments.of("POST", "EIO=4&transport=polling", 400, 2, "Bad handshake method"),
				Arguments.of("PUT", "EIO=4&transport=polling", 400, 2, "Bad handshake method"),
				Arguments.of("GET", "EIO=4&transport=websocket", 400, 3, "Bad request"),
				Arguments.of("GET", "transport=polling", 400, 5, "Unsupported protocol version"),
				Arguments.of("GET", "EIO=abc&transport=polling", 400, 5, "Unsupported protocol version"),
				Arguments.of("GET", "EIO=3&transport=polling", 400, 5, "Unsupported protocol version"));
	}

	@ParameterizedTest(name = "{0} ?{1} -> {2} code {3}")
	@MethodSource("refusedRequests")
	void refusedRequestGetsNodesStatusCodeAndJsonMessage(String method, String query, int status, int code,
			String message) {
		FakeHttpExchange exchange = fixture.handle(FakeHttpExchange.request(method, query));

		assertThat(exchange.status()).isEqualTo(status);
		assertThat(exchange.responseHeader("Content-Type")).isEqualTo("application/json");
		assertThat(exchange.bodyText()).isEqualTo("{\"code\":" + code + ",\"message\":\"" + message + "\"}");
		assertThat(fixture.engine.clientsCount()).isZero();
	}

	@Test
	void handshakeRefusedByTheRequestGateGets403WithCodeFour() {
		fixture.close();
		fixture = new EngineFixture((options) -> options.requestGate((request) -> false));

		FakeHttpExchange exchange = fixture.handle(FakeHttpExchange.get("EIO=4&transport=polling"));

		assertThat(exchange.status()).isEqualTo(403);
		assertThat(exchange.bodyText()).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");
		assertThat(fixture.engine.clientsCount()).isZero();
	}

	@Test
	void requestGateSeesTheHandshakeRequest() {
		fixture.close();
		fixture = new EngineFixture(
				(options) -> options.requestGate((request) -> "yes".equals(request.queryParameter("ok"))));

		assertThat(fixture.handle(FakeHttpExchange.get("EIO=4&transport=polling&ok=yes")).status()).isEqualTo(200);
		assertThat(fixture.handle(FakeHttpExchange.get("EIO=4&transport=polling&ok=no")).status()).isEqualTo(403);
	}

	@Test
	void originWithControlCharactersIsABadRequest() {
		FakeHttpExchange exchange = fixture
			.handle(FakeHttpExchange.get("EIO=4&transport=polling").header("Origin", "http://a\u0001b"));

		assertThat(exchange.status()).isEqualTo(400);
		assertThat(exchange.bodyText()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
	}

	@Test
	void upgradeForAnUnknownSessionIsRejectedBeforeThe101AsHtml() {
		UpgradeDecision decision = fixture.engine
			.checkUpgrade(FakeHttpExchange.get("EIO=4&transport=websocket&sid=nope"));

		assertThat(decision.accepted()).isFalse();
		HttpResponse rejection = decision.rejection();
		assertThat(rejection.status()).isEqualTo(400);
		assertThat(rejection.headers()).containsEntry("Content-Type", "text/html");
		assertThat(rejection.bodyText()).isEqualTo("Session ID unknown");
	}

	@Test
	void upgradeWithAnUnsupportedProtocolVersionIsRejectedBeforeThe101() {
		UpgradeDecision decision = fixture.engine.checkUpgrade(FakeHttpExchange.get("EIO=3&transport=websocket"));

		assertThat(decision.rejection().status()).isEqualTo(400);
		assertThat(decision.rejection().bodyText()).isEqualTo("Unsupported protocol version");
	}

	@Test
	void upgradeWithoutTheWebSocketTransportIsRejected() {
		UpgradeDecision decision = fixture.engine.checkUpgrade(FakeHttpExchange.get("EIO=4&transport=polling"));

		assertThat(decision.rejection().status()).isEqualTo(400);
		assertThat(decision.rejection().bodyText()).isEqualTo("Transport unknown");
	}

	@Test
	void upgradeRefusedByTheRequestGateGets403() {
		fixture.close();
		fixture = new EngineFixture((options) -> options.requestGate((request) -> false));

		UpgradeDecision decision = fixture.engine.checkUpgrade(FakeHttpExchange.get("EIO=4&transport=websocket"));

		assertThat(decision.rejection().status()).isEqualTo(403);
		assertThat(decision.rejection().bodyText()).isEqualTo("Forbidden");
	}

	@Test
	void upgradeFromAnOriginTheCorsPolicyDoesNotAllowGets403() {
		fixture.close();
		fixture = new EngineFixture(
				(options) -> options.cors(CorsPolicy.builder().allowedOrigins("https://app.example.com").build()));

		UpgradeDecision refused = fixture.engine.checkUpgrade(
				FakeHttpExchange.get("EIO=4&transport=websocket").header("Origin", "https://evil.example.com"));
		UpgradeDecision allowed = fixture.engine.checkUpgrade(
				FakeHttpExchange.get("EIO=4&transport=websocket").header("Origin", "https://app.example.com"));

		assertThat(refused.rejection().status()).isEqualTo(403);
		assertThat(allowed.accepted()).isTrue();
	}

	/**
	 * A WebSocket upgrade to host {@code host} with the given header name/value pairs.
	 */
	private UpgradeDecision upgrade(String host, String... headers) {
		FakeHttpExchange request = FakeHttpExchange.get("EIO=4&transport=websocket").header("Host", host);
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return fixture.engine.checkUpgrade(request);
	}

	@Test
	void withoutCorsOnlySameOriginPagesAndNonBrowserClientsMayOpenAWebSocket() {
		assertThat(
				upgrade("app.example.com", "Origin", "http://evil.example", "Cookie", "JSESSIONID=victim").rejection()
					.status())
			.isEqualTo(403);
		assertThat(upgrade("app.example.com:8080", "Origin", "http://app.example.com:9090").rejection().status())
			.isEqualTo(403);
		assertThat(upgrade("app.example.com", "Origin", "null").rejection().status()).isEqualTo(403);
		assertThat(upgrade("App.Example.com:8080", "Origin", "http://app.example.com:8080").accepted()).isTrue();
		assertThat(upgrade("app.example.com", "Origin", "https://app.example.com:443").accepted()).isTrue();
		assertThat(upgrade("app.example.com").accepted()).isTrue();
	}

	@Test
	void sameOriginCheckTrustsTheHostAProxyForwarded() {
		assertThat(upgrade("10.0.0.5:8080", "X-Forwarded-Host", "app.example.com", "Origin", "https://app.example.com")
			.accepted()).isTrue();
		assertThat(upgrade("10.0.0.5:8080", "Forwarded", "for=1.2.3.4;host=\"app.example.com:8443\";proto=https",
				"Origin", "https://app.example.com:8443")
			.accepted()).isTrue();
		assertThat(upgrade("10.0.0.5:8080", "X-Forwarded-Host", "app.example.com", "Origin", "https://evil.example")
			.rejection()
			.status()).isEqualTo(403);
	}

	@Test
	void anyOriginMayOpenAWebSocketOnceCorsAllowsEveryOrigin() {
		fixture.close();
		fixture = new EngineFixture((options) -> options.cors(CorsPolicy.allowAll()));

		assertThat(upgrade("app.example.com", "Origin", "http://evil.example").accepted()).isTrue();
	}

	@Test
	void anyOriginWithCredentialsIsRefused() {
		assertThatThrownBy(() -> CorsPolicy.builder().allowedOrigins("*").allowCredentials(true).build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("cannot be combined with allowing credentials");
		assertThat(CorsPolicy.builder()
			.allowedOriginPatterns("*")
			.allowCredentials(true)
			.build()
			.isOriginAllowed("https://any.example")).isTrue();
	}

	@Test
	void webSocketOpenedWithoutAValidCheckIsClosedAtOnce() {
		FakeWebSocket webSocket = new FakeWebSocket();

		fixture.engine.onWebSocketOpen(FakeHttpExchange.get("EIO=3&transport=websocket"), webSocket);

		assertThat(webSocket.closed()).isTrue();
		assertThat(webSocket.frames()).isEmpty();
		assertThat(fixture.engine.clientsCount()).isZero();
	}

	@Test
	void corsPreflightIsAnswered204WithTheCorsPackagesHeaders() {
		fixture.close();
		fixture = new EngineFixture((options) -> options.cors(CorsPolicy.allowAll()));

		FakeHttpExchange exchange = fixture.handle(FakeHttpExchange.request("OPTIONS", "EIO=4&transport=polling")
			.header("Origin", "https://app.example.com")
			.header("Access-Control-Request-Method", "POST"));

		assertThat(exchange.status()).isEqualTo(204);
		assertThat(exchange.response().body()).isEmpty();
		assertThat(exchange.responseHeader("Access-Control-Allow-Origin")).isEqualTo("*");
		assertThat(exchange.responseHeader("Access-Control-Allow-Methods")).isEqualTo("GET,HEAD,PUT,PATCH,POST,DELETE");
		assertThat(exchange.responseHeader("Vary")).isEqualTo("Access-Control-Request-Headers");
		assertThat(fixture.engine.clientsCount()).isZero();
	}

	@Test
	void everyPollingResponseCarriesTheAllowOriginHeaderWhenCorsIsOn() {
		fixture.close();
		fixture = new EngineFixture((options) -> options.cors(CorsPolicy.allowAll()));

		FakeHttpExchange handshake = fixture
			.handle(FakeHttpExchange.get("EIO=4&transport=polling").header("Origin", "https://app.example.com"));
		FakeHttpExchange error = fixture.handle(FakeHttpExchange.get("EIO=4&transport=polling&sid=nope"));

		assertThat(handshake.responseHeader("Access-Control-Allow-Origin")).isEqualTo("*");
		assertThat(error.responseHeader("Access-Control-Allow-Origin")).isEqualTo("*");
	}

	@Test
	void responsesCarryNoCorsHeadersWhenCorsIsOff() {
		FakeHttpExchange exchange = fixture
			.handle(FakeHttpExchange.get("EIO=4&transport=polling").header("Origin", "https://app.example.com"));

		assertThat(exchange.responseHeader("Access-Control-Allow-Origin")).isNull();
	}

	@Test
	void cookieOptionSetsTheSessionCookieOnTheHandshakeOnly() {
		fixture.close();
		fixture = new EngineFixture((options) -> options.cookie(CookieOptions.defaults()));

		FakeHttpExchange handshake = fixture.handle(FakeHttpExchange.get("EIO=4&transport=polling"));
		String sid = EngineFixture.sidOf(handshake.bodyText());
		fixture.socket(sid).send("x");
		FakeHttpExchange poll = fixture.get(sid);

		assertThat(handshake.responseHeader("Set-Cookie")).isEqualTo("io=" + sid + "; Path=/; HttpOnly; SameSite=Lax");
		assertThat(poll.responseHeader("Set-Cookie")).isNull();
	}

	@Test
	void headerHooksAddHeadersToTheHandshakeAndToEveryPollingResponse() {
		fixture.close();
		fixture = new EngineFixture(
				(options) -> options.initialHeaders((request, headers) -> headers.put("X-Initial", "1"))
					.headers((request, headers) -> headers.put("X-Every", "2")));

		FakeHttpExchange handshake = fixture.handle(FakeHttpExchange.get("EIO=4&transport=polling"));
		String sid = EngineFixture.sidOf(handshake.bodyText());
		fixture.socket(sid).send("x");
		FakeHttpExchange poll = fixture.get(sid);

		assertThat(handshake.responseHeader("X-Initial")).isEqualTo("1");
		assertThat(handshake.responseHeader("X-Every")).isEqualTo("2");
		assertThat(poll.responseHeader("X-Initial")).isNull();
		assertThat(poll.responseHeader("X-Every")).isEqualTo("2");
	}

	@Test
	void connectionListenerSeesTheHandshakeRequestAndTheTransport() {
		FakeHttpExchange handshake = fixture
			.handle(FakeHttpExchange.get("EIO=4&transport=polling&room=42").header("X-Client", "test"));

		EngineSocket socket = fixture.sockets.get(0);
		assertThat(socket.id()).isEqualTo(EngineFixture.sidOf(handshake.bodyText()));
		assertThat(socket.request().queryParameter("room")).isEqualTo("42");
		assertThat(socket.request().header("x-client")).isEqualTo("test");
		assertThat(socket.transport()).isEqualTo("polling");
		assertThat(socket.isOpen()).isTrue();
	}

}
