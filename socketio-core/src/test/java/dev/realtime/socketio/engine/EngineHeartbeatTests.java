package dev.realtime.socketio.engine;

import java.time.Duration;

import dev.realtime.socketio.testsupport.FakeHttpExchange;
import dev.realtime.socketio.testsupport.FakeWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EngineHeartbeatTests {

	private static final Duration ONE_MS = Duration.ofMillis(1);

	private final EngineFixture fixture = new EngineFixture();

	@AfterEach
	void closeServer() {
		fixture.close();
	}

	@Test
	void serverPingsOncePingIntervalHasPassedSinceTheHandshake() {
		String sid = fixture.handshake();
		FakeHttpExchange get = fixture.get(sid);

		fixture.clock.advance(EngineFixture.PING_INTERVAL.minus(ONE_MS));
		assertThat(get.answered()).isFalse();

		fixture.clock.advance(ONE_MS);
		assertThat(get.bodyText()).isEqualTo("2");
	}

	@Test
	void bufferedPingIsExactlyTwoInTheNextGet() {
		String sid = fixture.handshake();

		fixture.clock.advance(EngineFixture.PING_INTERVAL);

		assertThat(fixture.get(sid).bodyText()).isEqualTo("2");
	}

	@Test
	void sessionClosesAtPingIntervalPlusPingTimeoutWithoutAPong() {
		String sid = fixture.handshake();

		fixture.clock.advance(EngineFixture.PING_INTERVAL.plus(EngineFixture.PING_TIMEOUT).minus(ONE_MS));
		assertThat(fixture.engine.session(sid)).isNotNull();

		fixture.clock.advance(ONE_MS);
		assertThat(fixture.engine.session(sid)).isNull();
		assertThat(fixture.closeReasons).containsExactly(CloseReason.PING_TIMEOUT);
	}

	@Test
	void getAfterThePingTimeoutGets400SessionIdUnknownNotThePing() {
		String sid = fixture.handshake();

		fixture.clock.advance(EngineFixture.PING_INTERVAL.plus(EngineFixture.PING_TIMEOUT));
		FakeHttpExchange get = fixture.get(sid);

		assertThat(get.status()).isEqualTo(400);
		assertThat(get.bodyText()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
	}

	@Test
	void parkedGetIsAnsweredWithCloseOnPingTimeout() {
		String sid = fixture.handshake();
		fixture.clock.advance(EngineFixture.PING_INTERVAL);
		assertThat(fixture.get(sid).bodyText()).isEqualTo("2");
		FakeHttpExchange parked = fixture.get(sid);

		fixture.clock.advance(EngineFixture.PING_TIMEOUT);

		assertThat(parked.bodyText()).isEqualTo("1");
	}

	@Test
	void pongKeepsTheSessionOpenAndTheNextPingComesOneIntervalAfterIt() {
		String sid = fixture.handshake();
		fixture.clock.advance(EngineFixture.PING_INTERVAL);
		assertThat(fixture.get(sid).bodyText()).isEqualTo("2");
		fixture.clock.advance(Duration.ofMillis(150));

		fixture.post(sid, "3");
		FakeHttpExchange parked = fixture.get(sid);
		fixture.clock.advance(EngineFixture.PING_TIMEOUT);

		assertThat(fixture.engine.session(sid)).isNotNull();
		assertThat(parked.answered()).isFalse();
		fixture.clock.advance(EngineFixture.PING_INTERVAL.minus(EngineFixture.PING_TIMEOUT).minus(ONE_MS));
		assertThat(parked.answered()).isFalse();
		fixture.clock.advance(ONE_MS);
		assertThat(parked.bodyText()).isEqualTo("2");
	}

	@Test
	void otherClientTrafficDoesNotResetTheHeartbeat() {
		String sid = fixture.handshake();
		fixture.clock.advance(EngineFixture.PING_INTERVAL);
		fixture.get(sid);

		fixture.post(sid, "4still here");
		fixture.clock.advance(EngineFixture.PING_TIMEOUT);

		assertThat(fixture.closeReasons).containsExactly(CloseReason.PING_TIMEOUT);
	}

	@Test
	void unsolicitedPongChangesNothing() {
		String sid = fixture.handshake();
		fixture.clock.advance(Duration.ofMillis(100));

		fixture.post(sid, "3");
		fixture.clock.advance(EngineFixture.PING_INTERVAL.minus(Duration.ofMillis(100)));

		assertThat(fixture.get(sid).bodyText()).isEqualTo("2");
	}

	@Test
	void clientPingIsAnInvalidHeartbeatDirectionAndClosesTheSession() {
		String sid = fixture.handshake();

		fixture.post(sid, "2");

		assertThat(fixture.engine.session(sid)).isNull();
		assertThat(fixture.closeReasons).containsExactly(CloseReason.TRANSPORT_ERROR);
		assertThat(fixture.get(sid).status()).isEqualTo(400);
	}

	@Test
	void webSocketSessionIsPingedAndClosedOnPingTimeout() {
		FakeWebSocket webSocket = fixture.webSocketSession();

		fixture.clock.advance(EngineFixture.PING_INTERVAL);
		assertThat(webSocket.texts()).last().isEqualTo("2");

		fixture.clock.advance(EngineFixture.PING_TIMEOUT);
		assertThat(webSocket.closed()).isTrue();
		assertThat(fixture.closeReasons).containsExactly(CloseReason.PING_TIMEOUT);
	}

	@Test
	void webSocketPongKeepsTheSessionOpen() {
		FakeWebSocket webSocket = fixture.webSocketSession();

		for (int i = 0; i < 5; i++) {
			fixture.clock.advance(EngineFixture.PING_INTERVAL);
			webSocket.receiveText("3");
		}

		assertThat(webSocket.closed()).isFalse();
		assertThat(webSocket.texts()).filteredOn("2"::equals).hasSize(5);
		assertThat(fixture.closeReasons).isEmpty();
	}

	@Test
	void closedSessionLeavesNoTimerBehind() {
		String sid = fixture.handshake();
		assertThat(fixture.clock.pendingTasks()).isPositive();

		fixture.socket(sid).close(CloseReason.FORCED_CLOSE);

		assertThat(fixture.clock.pendingTasks()).isZero();
	}

}
