package dev.realtime.socketio.engine;

import java.time.Duration;

import dev.realtime.socketio.testsupport.FakeHttpExchange;
import dev.realtime.socketio.testsupport.FakeWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EngineUpgradeTests {

	private static final Duration UPGRADE_TIMEOUT = Duration.ofMillis(100);

	private final EngineFixture fixture = new EngineFixture((options) -> options.upgradeTimeout(UPGRADE_TIMEOUT));

	@AfterEach
	void closeServer() {
		fixture.close();
	}

	@Test
	void probeIsAnsweredOnTheCandidateWebSocket() {
		String sid = fixture.handshake();
		FakeWebSocket candidate = fixture.upgradeCandidate(sid);
		assertThat(candidate.frames()).isEmpty();

		candidate.receiveText("2probe");

		assertThat(candidate.texts()).containsExactly("3probe");
		assertThat(fixture.socket(sid).transport()).isEqualTo("polling");
	}

	@Test
	void probeAnswersThePendingGetWithNoop() {
		String sid = fixture.handshake();
		FakeHttpExchange pending = fixture.get(sid);
		FakeWebSocket candidate = fixture.upgradeCandidate(sid);

		candidate.receiveText("2probe");

		assertThat(pending.bodyText()).isEqualTo("6");
	}

	@Test
	void getBetweenProbeAndUpgradeIsAnsweredNoopByTheUpgradeCheck() {
		// an upgrade timeout longer than the 100 ms check, unlike this class's fixture
		EngineFixture patient = new EngineFixture((options) -> options.upgradeTimeout(Duration.ofSeconds(10)));
		try {
			String sid = patient.handshake();
			FakeWebSocket candidate = patient.upgradeCandidate(sid);
			candidate.receiveText("2probe");

			FakeHttpExchange get = patient.get(sid);
			assertThat(get.answered()).isFalse();
			patient.clock.advance(Duration.ofMillis(100));

			assertThat(get.bodyText()).isEqualTo("6");
		}
		finally {
			patient.close();
		}
	}

	@Test
	void getHeldDuringTheUpgradeGets400WhenTheUpgradePacketComesFirst() {
		String sid = fixture.handshake();
		FakeWebSocket candidate = fixture.upgradeCandidate(sid);
		candidate.receiveText("2probe");
		FakeHttpExchange get = fixture.get(sid);

		candidate.receiveText("5");

		assertThat(get.status()).isEqualTo(400);
		assertThat(get.bodyText()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
	}

	@Test
	void getThatArrivedAfterTheCandidateOpenedIsNotReleasedAtTheProbe() {
		String sid = fixture.handshake();
		FakeWebSocket candidate = fixture.upgradeCandidate(sid);
		FakeHttpExchange get = fixture.get(sid);

		candidate.receiveText("2probe");
		candidate.receiveText("5");

		assertThat(get.status()).isEqualTo(400);
	}

	@Test
	void upgradePacketSwitchesTheSessionToTheWebSocket() {
		String sid = fixture.handshake();
		FakeWebSocket webSocket = fixture.upgradeCandidate(sid);
		webSocket.receiveText("2probe");

		webSocket.receiveText("5");

		assertThat(fixture.socket(sid).transport()).isEqualTo("websocket");
		fixture.socket(sid).send("over ws");
		assertThat(webSocket.texts()).containsExactly("3probe", "4over ws");
	}

	@Test
	void pollingGetAfterTheUpgradeGets400BadRequest() {
		String sid = fixture.handshake();
		FakeWebSocket webSocket = fixture.upgradeCandidate(sid);
		webSocket.receiveText("2probe");
		webSocket.receiveText("5");

		FakeHttpExchange get = fixture.get(sid);

		assertThat(get.status()).isEqualTo(400);
		assertThat(get.bodyText()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
	}

	@Test
	void packetsBufferedDuringTheUpgradeAreFlushedOnTheWebSocketInOrder() {
		String sid = fixture.handshake();
		EngineSocket socket = fixture.socket(sid);
		FakeWebSocket webSocket = fixture.upgradeCandidate(sid);
		webSocket.receiveText("2probe");
		socket.send("one");
		socket.send(new byte[] { 7 });
		socket.send("three");

		webSocket.receiveText("5");

		assertThat(webSocket.describe()).containsExactly("3probe", "4one", "<binary 1 bytes>", "4three");
		assertThat(webSocket.frames().get(2).bytes()).containsExactly(7);
	}

	@Test
	void messagesOnTheWebSocketAfterTheUpgradeReachTheListener() {
		String sid = fixture.handshake();
		FakeWebSocket webSocket = fixture.upgradeCandidate(sid);
		webSocket.receiveText("2probe");
		webSocket.receiveText("5");

		webSocket.receiveText("4echo me");

		assertThat(webSocket.texts()).last().isEqualTo("4echo me");
	}

	@Test
	void upgradeWithoutAProbeAbortsTheUpgrade() {
		String sid = fixture.handshake();
		FakeWebSocket candidate = fixture.upgradeCandidate(sid);

		candidate.receiveText("5");

		assertThat(candidate.closed()).isTrue();
		assertThat(fixture.socket(sid).transport()).isEqualTo("polling");
		assertThat(fixture.socket(sid).isOpen()).isTrue();
	}

	@Test
	void secondWebSocketDuringTheUpgradeIsClosed() {
		String sid = fixture.handshake();
		FakeWebSocket first = fixture.upgradeCandidate(sid);

		FakeWebSocket second = fixture.upgradeCandidate(sid);

		assertThat(second.closed()).isTrue();
		assertThat(first.closed()).isFalse();
		first.receiveText("2probe");
		assertThat(first.texts()).containsExactly("3probe");
	}

	@Test
	void secondWebSocketAfterTheUpgradeIsClosedAndTheFirstKeepsTheSession() {
		String sid = fixture.handshake();
		FakeWebSocket first = fixture.upgradeCandidate(sid);
		first.receiveText("2probe");
		first.receiveText("5");

		FakeWebSocket second = new FakeWebSocket();
		second.handler(
				fixture.engine.onWebSocketOpen(FakeHttpExchange.get("EIO=4&transport=websocket&sid=" + sid), second));

		assertThat(second.closed()).isTrue();
		assertThat(first.closed()).isFalse();
		assertThat(fixture.socket(sid).transport()).isEqualTo("websocket");
	}

	@Test
	void getThatArrivedAfterTheUpgradeRequestWasAcceptedButBeforeTheSocketOpenedIsNotReleasedAtTheProbe() {
		String sid = fixture.handshake();
		assertThat(
				fixture.engine.checkUpgrade(FakeHttpExchange.get("EIO=4&transport=websocket&sid=" + sid)).rejection())
			.isNull();
		FakeHttpExchange get = fixture.get(sid);
		FakeWebSocket candidate = fixture.upgradeCandidate(sid);

		candidate.receiveText("2probe");
		assertThat(get.answered()).isFalse();
		candidate.receiveText("5");

		assertThat(get.status()).isEqualTo(400);
	}

	@Test
	void upgradeOfASessionAlreadyOnWebSocketIsAcceptedSoThatTheExtraSocketCanBeClosedAfterThe101() {
		String sid = fixture.handshake();
		FakeWebSocket first = fixture.upgradeCandidate(sid);
		first.receiveText("2probe");
		first.receiveText("5");

		assertThat(
				fixture.engine.checkUpgrade(FakeHttpExchange.get("EIO=4&transport=websocket&sid=" + sid)).rejection())
			.isNull();
	}

	@Test
	void candidateThatDoesNotFinishWithinUpgradeTimeoutIsClosed() {
		String sid = fixture.handshake();
		FakeWebSocket candidate = fixture.upgradeCandidate(sid);
		candidate.receiveText("2probe");

		fixture.clock.advance(UPGRADE_TIMEOUT.minusMillis(1));
		assertThat(candidate.closed()).isFalse();
		fixture.clock.advance(Duration.ofMillis(1));

		assertThat(candidate.closed()).isTrue();
		assertThat(fixture.socket(sid).transport()).isEqualTo("polling");
	}

	@Test
	void pollingWorksAgainAfterAnAbortedUpgrade() {
		String sid = fixture.handshake();
		FakeWebSocket candidate = fixture.upgradeCandidate(sid);
		candidate.receiveText("2probe");
		fixture.clock.advance(UPGRADE_TIMEOUT);

		fixture.socket(sid).send("still polling");

		assertThat(fixture.get(sid).bodyText()).isEqualTo("4still polling");
	}

	@Test
	void finishedUpgradeLeavesNoUpgradeTimerRunning() {
		String sid = fixture.handshake();
		FakeWebSocket webSocket = fixture.upgradeCandidate(sid);
		webSocket.receiveText("2probe");
		webSocket.receiveText("5");

		fixture.clock.advance(UPGRADE_TIMEOUT);

		assertThat(webSocket.closed()).isFalse();
	}

	@Test
	void candidateClosedByTheClientLeavesThePollingSessionOpen() {
		String sid = fixture.handshake();
		FakeWebSocket candidate = fixture.upgradeCandidate(sid);
		candidate.receiveText("2probe");

		candidate.closeFromClient(1001);

		assertThat(fixture.socket(sid).isOpen()).isTrue();
		fixture.socket(sid).send("x");
		assertThat(fixture.get(sid).bodyText()).isEqualTo("4x");
	}

	@Test
	void closingTheUpgradedWebSocketClosesTheSession() {
		String sid = fixture.handshake();
		FakeWebSocket webSocket = fixture.upgradeCandidate(sid);
		webSocket.receiveText("2probe");
		webSocket.receiveText("5");

		webSocket.closeFromClient(1001);

		assertThat(fixture.engine.session(sid)).isNull();
		assertThat(fixture.closeReasons).containsExactly(CloseReason.TRANSPORT_CLOSE);
	}

	@Test
	void heartbeatContinuesOnTheWebSocketAfterTheUpgrade() {
		String sid = fixture.handshake();
		FakeWebSocket webSocket = fixture.upgradeCandidate(sid);
		webSocket.receiveText("2probe");
		webSocket.receiveText("5");

		fixture.clock.advance(EngineFixture.PING_INTERVAL);

		assertThat(webSocket.texts()).last().isEqualTo("2");
	}

}
