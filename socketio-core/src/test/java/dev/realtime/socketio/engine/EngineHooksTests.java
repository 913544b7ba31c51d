package dev.realtime.socketio.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.realtime.socketio.engine.AsyncRequestGate.Decision;
import dev.realtime.socketio.engine.spi.UpgradeDecision;
import dev.realtime.socketio.testsupport.FakeHttpExchange;
import dev.realtime.socketio.testsupport.FakeWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Node's server hooks: {@code connection_error}, an asynchronous {@code allowRequest}
 * with its own message, {@code initial_headers}/{@code headers} (101 included) and
 * {@code addTrailingSlash}.
 */
class EngineHooksTests {

	private EngineFixture fixture;

	private final List<ConnectionError> errors = new CopyOnWriteArrayList<>();

	private final CompletableFuture<Decision> pending = new CompletableFuture<>();

	private void start(java.util.function.UnaryOperator<EngineOptions.Builder> customizer) {
		fixture = new EngineFixture(customizer);
		fixture.engine.onConnectionError(errors::add);
	}

	@AfterEach
	void closeServer() {
		if (fixture != null) {
			fixture.close();
		}
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			GET  | EIO=4&transport=bogus             | 0 | Transport unknown            | transport=bogus
			GET  | EIO=4&transport=polling&sid=nope  | 1 | Session ID unknown           | sid=nope
			POST | EIO=4&transport=polling           | 2 | Bad handshake method         | method=POST
			GET  | EIO=4&transport=websocket         | 3 | Bad request                  | name=TRANSPORT_HANDSHAKE_ERROR
			GET  | EIO=3&transport=polling           | 5 | Unsupported protocol version | protocol=3
			""")
	void everyRefusedRequestIsAConnectionErrorWithNodesCodeAndContext(String method, String query, int code,
			String message, String context) {
		start((options) -> options);

		FakeHttpExchange exchange = fixture.handle(FakeHttpExchange.request(method, query));

		assertThat(exchange.status()).isEqualTo(400);
		assertThat(errors).singleElement().satisfies((error) -> {
			assertThat(error.code()).isEqualTo(code);
			assertThat(error.message()).isEqualTo(message);
			String[] entry = context.split("=");
			assertThat(error.context()).isEqualTo(Map.of(entry[0], entry[1]));
			assertThat(error.request().method()).isEqualTo(method);
			assertThat(error.request().rawQuery()).isEqualTo(query);
		});
	}

	@Test
	void refusedUpgradesAndTransportMismatchesAreConnectionErrorsToo() {
		start((options) -> options);
		String sid = fixture.handshake();
		FakeWebSocket candidate = fixture.upgradeCandidate(sid);
		candidate.receiveText("2probe");
		candidate.receiveText("5");

		UpgradeDecision unknown = fixture.engine.checkUpgrade(FakeHttpExchange.get("EIO=4&transport=websocket&sid=x"));
		FakeHttpExchange mismatch = fixture.get(sid);

		assertThat(unknown.rejection().status()).isEqualTo(400);
		assertThat(mismatch.status()).isEqualTo(400);
		assertThat(errors).extracting(ConnectionError::code).containsExactly(1, 3);
		assertThat(errors.get(0).context()).isEqualTo(Map.of("sid", "x"));
		assertThat(errors.get(1).context())
			.isEqualTo(Map.of("name", "TRANSPORT_MISMATCH", "transport", "polling", "previousTransport", "websocket"));
	}

	@Test
	void withoutListenersARefusalCostsNoSnapshot() {
		fixture = new EngineFixture((options) -> options);

		FakeHttpExchange exchange = fixture.handle(FakeHttpExchange.get("EIO=4&transport=bogus"));

		assertThat(exchange.bodyText()).isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
	}

	@Test
	void asyncGateHoldsThePollingHandshakeUntilItRefusesWithItsOwnMessage() {
		start((options) -> options.allowRequest((request) -> pending));

		FakeHttpExchange exchange = fixture.handle(FakeHttpExchange.get("EIO=4&transport=polling"));
		assertThat(exchange.answered()).isFalse();
		pending.complete(Decision.refuse("no \"entry\" today"));

		assertThat(exchange.status()).isEqualTo(403);
		assertThat(exchange.bodyText()).isEqualTo("{\"code\":4,\"message\":\"no \\\"entry\\\" today\"}");
		assertThat(fixture.engine.clientsCount()).isZero();
		assertThat(errors).singleElement().satisfies((error) -> {
			assertThat(error.code()).isEqualTo(4);
			assertThat(error.message()).isEqualTo("Forbidden");
			assertThat(error.context()).isEqualTo(Map.of("message", "no \"entry\" today"));
		});
	}

	@Test
	void asyncGateThatAllowsLaterOpensTheSession() {
		start((options) -> options.allowRequest((request) -> pending));

		FakeHttpExchange exchange = fixture.handle(FakeHttpExchange.get("EIO=4&transport=polling"));
		pending.complete(Decision.allow());

		assertThat(exchange.status()).isEqualTo(200);
		assertThat(exchange.bodyText()).startsWith("0{\"sid\":");
		assertThat(fixture.engine.clientsCount()).isOne();
		assertThat(errors).isEmpty();
	}

	@Test
	void asyncGateDecidesWebSocketHandshakesWithItsMessageAsTheBody() {
		start((options) -> options.allowRequest((request) -> pending));

		CompletableFuture<UpgradeDecision> decision = fixture.engine
			.decideUpgrade(FakeHttpExchange.get("EIO=4&transport=websocket"));
		assertThat(decision).isNotDone();
		pending.complete(Decision.refuse("closed for maintenance"));

		assertThat(decision.join().rejection().status()).isEqualTo(403);
		assertThat(decision.join().rejection().bodyText()).isEqualTo("closed for maintenance");
	}

	@Test
	void failingGateRefusesWithTheTablesMessage() {
		start((options) -> options
			.allowRequest((request) -> CompletableFuture.failedFuture(new IllegalStateException())));

		FakeHttpExchange exchange = fixture.handle(FakeHttpExchange.get("EIO=4&transport=polling"));

		assertThat(exchange.status()).isEqualTo(403);
		assertThat(exchange.bodyText()).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");
	}

	@Test
	void synchronousCheckUpgradeWaitsForTheGateAtMostTheUpgradeTimeout() {
		start((options) -> options.upgradeTimeout(Duration.ofMillis(50)).allowRequest((request) -> pending));

		UpgradeDecision decision = fixture.engine.checkUpgrade(FakeHttpExchange.get("EIO=4&transport=websocket"));

		assertThat(decision.rejection().status()).isEqualTo(503);
	}

	@Test
	void headerHooksApplyToThe101InitialOnlyForANewSession() {
		start((options) -> options.initialHeaders((request, headers) -> headers.put("X-Initial", "1"))
			.headers((request, headers) -> headers.put("X-Every", request.queryParameter("transport"))));

		UpgradeDecision handshake = fixture.engine.checkUpgrade(FakeHttpExchange.get("EIO=4&transport=websocket"));
		String sid = fixture.handshake();
		UpgradeDecision upgrade = fixture.engine
			.checkUpgrade(FakeHttpExchange.get("EIO=4&transport=websocket&sid=" + sid));

		assertThat(handshake.responseHeaders()).isEqualTo(Map.of("X-Initial", "1", "X-Every", "websocket"));
		assertThat(upgrade.responseHeaders()).isEqualTo(Map.of("X-Every", "websocket"));
	}

	@Test
	void headerHooksApplyToPollingResponses() {
		start((options) -> options.initialHeaders((request, headers) -> headers.put("X-Initial", "1"))
			.headers((request, headers) -> headers.put("X-Every", "1")));

		FakeHttpExchange handshake = fixture.handle(FakeHttpExchange.get("EIO=4&transport=polling"));
		fixture.socket(EngineFixture.sidOf(handshake.bodyText())).send("x");
		FakeHttpExchange get = fixture.get(EngineFixture.sidOf(handshake.bodyText()));

		assertThat(handshake.responseHeader("X-Initial")).isEqualTo("1");
		assertThat(handshake.responseHeader("X-Every")).isEqualTo("1");
		assertThat(get.responseHeader("X-Initial")).isNull();
		assertThat(get.responseHeader("X-Every")).isEqualTo("1");
	}

	@Test
	void trailingSlashIsRequiredUnlessAddTrailingSlashIsOff() {
		start((options) -> options);
		EngineServer lenient = new EngineServer(EngineOptions.builder().addTrailingSlash(false).build());
		try {
			assertThat(fixture.engine.matches("/engine.io/")).isTrue();
			assertThat(fixture.engine.matches("/engine.io")).isFalse();
			assertThat(lenient.matches("/engine.io")).isTrue();
			assertThat(lenient.matches("/engine.io/")).isTrue();
			assertThat(lenient.matches("/engine.iox")).isFalse();
		}
		finally {
			lenient.close();
		}
	}

}
