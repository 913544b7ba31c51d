package dev.realtime.socketio.engine;

import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.engine.spi.UpgradeDecision;
import dev.realtime.socketio.testsupport.FakeHttpExchange;
import dev.realtime.socketio.testsupport.FakeWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * The server-wide memory budget: what sessions pin is counted in one total, handshakes
 * get 503 near the budget, and over it the sessions that pin the most are closed first.
 */
class EngineMemoryBudgetTests {

	private static final int OVERHEAD = EngineSession.QUEUED_PACKET_OVERHEAD;

	private final EngineFixture fixture = new EngineFixture((options) -> options, Runnable::run, false);

	/**
	 * Every byte counts at once here, so the totals below are exact; the slack has a test
	 * of its own.
	 */
	@BeforeEach
	void countEveryByteAtOnce() {
		fixture.engine.setMemoryReportSlack(0);
	}

	@AfterEach
	void close() {
		fixture.close();
	}

	@Test
	void outboundBytesCountInTheTotalOnceBeyondTheSlackAndWhenNothingIsLeft() {
		fixture.engine.setMemoryReportSlack(1000);
		FakeWebSocket webSocket = fixture.webSocketSession();
		String sid = EngineFixture.sidOf(webSocket.texts().get(0));
		long frame = EnginePacket.message("x".repeat(100)).weight();
		webSocket.holdSends(true);
		// 3 frames in flight: under the slack, the shared total is not touched
		pin(sid, 3, 100);
		assertThat(fixture.engine.memoryUsed()).isZero();
		assertThat(((EngineSession) fixture.engine.session(sid)).pinnedBytes()).isEqualTo(3 * frame);
		// 10 frames: past the slack, they count (the total lags the session's exact
		// figure by less than the slack)
		pin(sid, 7, 100);
		assertThat(fixture.engine.memoryUsed()).isGreaterThanOrEqualTo(1000).isCloseTo(10 * frame, within(999L));
		// all written: the total is exact again
		webSocket.completeSends();
		assertThat(fixture.engine.memoryUsed()).isZero();
		assertThat(((EngineSession) fixture.engine.session(sid)).pinnedBytes()).isZero();
		// a backlog under the slack is not seen by the budget (the total lags by at most
		// the slack per session); past it, the session is shed
		pin(sid, 2, 100);
		fixture.engine.setMaxMemory(100);
		fixture.clock.advanceMillis(EngineServer.MEMORY_CHECK_MILLIS);
		assertThat(fixture.engine.session(sid)).isNotNull();
		pin(sid, 8, 100);
		fixture.clock.advanceMillis(EngineServer.MEMORY_CHECK_MILLIS);
		assertThat(webSocket.closeCode()).isEqualTo(1013);
		assertThat(fixture.engine.memoryUsed()).isZero();
	}

	@Test
	void theSlackCannotBeNegative() {
		assertThatIllegalArgumentException().isThrownBy(() -> fixture.engine.setMemoryReportSlack(-1));
	}

	/** Sends {@code count} messages of {@code size} characters that nobody reads yet. */
	private void pin(String sid, int count, int size) {
		String text = "x".repeat(size);
		for (int i = 0; i < count; i++) {
			fixture.socket(sid).send(text);
		}
	}

	/** What one queued message of {@code size} characters counts. */
	private static long queued(int size) {
		return EnginePacket.message("x".repeat(size)).weight() + OVERHEAD;
	}

	@Test
	void queuedPacketsCountUntilTheClientTakesThem() {
		String sid = fixture.handshake();
		pin(sid, 10, 100);
		assertThat(fixture.engine.memoryUsed()).isEqualTo(10 * queued(100));

		assertThat(fixture.get(sid).status()).isEqualTo(200);
		assertThat(fixture.engine.memoryUsed()).isZero();
	}

	@Test
	void framesInFlightCountTheirBytesUntilWrittenAndAClosedSessionNothing() {
		FakeWebSocket webSocket = fixture.webSocketSession();
		String sid = EngineFixture.sidOf(webSocket.texts().get(0));
		webSocket.holdSends(true);
		pin(sid, 3, 100);
		long inFlight = 3 * EnginePacket.message("x".repeat(100)).weight();
		assertThat(fixture.engine.memoryUsed()).isEqualTo(inFlight);

		webSocket.completeSends();
		assertThat(fixture.engine.memoryUsed()).isZero();

		pin(sid, 2, 100);
		fixture.socket(sid).accountInbound(1000);
		assertThat(fixture.engine.memoryUsed()).isEqualTo(2 * EnginePacket.message("x".repeat(100)).weight() + 1000);
		webSocket.closeFromClient(1000);
		assertThat(fixture.engine.memoryUsed()).isZero();
		// completions and releases after the close count nothing
		webSocket.completeSends();
		assertThat(fixture.engine.memoryUsed()).isZero();
	}

	@Test
	void nearTheBudgetHandshakesGet503WithAJsonError() {
		String sid = fixture.handshake();
		pin(sid, 10, 100);
		// used is 95 % of the budget
		fixture.engine.setMaxMemory(fixture.engine.memoryUsed() * 100 / 95);

		FakeHttpExchange polling = FakeHttpExchange.get("EIO=4&transport=polling");
		fixture.engine.handle(polling);
		assertThat(polling.status()).isEqualTo(503);
		assertThat(polling.response().headers()).containsEntry("Content-Type", "application/json");
		assertThat(polling.bodyText()).isEqualTo(
				"{\"code\":3,\"message\":\"Server unavailable: its memory budget for clients is used up, retry later\"}");
		UpgradeDecision webSocket = fixture.engine.checkUpgrade(FakeHttpExchange.get("EIO=4&transport=websocket"));
		assertThat(webSocket.rejection().status()).isEqualTo(503);
		assertThat(webSocket.rejection().bodyText()).contains("memory budget");
		// under the budget: nothing is shed, and the session's own requests still work
		fixture.clock.advanceMillis(2 * EngineServer.MEMORY_CHECK_MILLIS);
		assertThat(fixture.engine.clientsCount()).isEqualTo(1);
		assertThat(fixture.get(sid).status()).isEqualTo(200);

		fixture.handshake();
	}

	@Test
	void overTheBudgetTheLargestConsumersAreShedFirst() {
		String small = fixture.handshake();
		String large = fixture.handshake();
		String middle = fixture.handshake();
		pin(small, 1, 100);
		pin(large, 30, 100);
		pin(middle, 20, 100);
		// closing the largest is enough to get back under the budget
		fixture.engine.setMaxMemory(queued(100) * 25);

		fixture.clock.advanceMillis(EngineServer.MEMORY_CHECK_MILLIS);

		assertThat(fixture.engine.session(large)).isNull();
		assertThat(fixture.engine.session(middle)).isNotNull();
		assertThat(fixture.engine.session(small)).isNotNull();
		assertThat(fixture.closeReasons).containsExactly(CloseReason.MEMORY_BUDGET);
		assertThat(fixture.engine.memoryUsed()).isEqualTo(21 * queued(100));

		pin(small, 10, 100);
		fixture.clock.advanceMillis(EngineServer.MEMORY_CHECK_MILLIS);
		assertThat(fixture.engine.session(middle)).isNull();
		assertThat(fixture.engine.session(small)).isNotNull();
		// the shed session's next GET learns it is gone
		assertThat(fixture.get(large).status()).isEqualTo(400);
	}

	@Test
	void aShedWebSocketIsClosedWith1013() {
		FakeWebSocket webSocket = fixture.webSocketSession();
		String sid = EngineFixture.sidOf(webSocket.texts().get(0));
		webSocket.holdSends(true);
		pin(sid, 3, 100);
		fixture.engine.setMaxMemory(100);

		fixture.clock.advanceMillis(EngineServer.MEMORY_CHECK_MILLIS);

		assertThat(webSocket.closeCode()).isEqualTo(1013);
		assertThat(fixture.engine.memoryUsed()).isZero();
	}

	@Test
	void noBudgetMeansNoLimitAndANegativeOneIsRefused() {
		String sid = fixture.handshake();
		pin(sid, 100, 1000);
		fixture.clock.advanceMillis(2 * EngineServer.MEMORY_CHECK_MILLIS);
		assertThat(fixture.engine.clientsCount()).isEqualTo(1);
		fixture.handshake();
		assertThatIllegalArgumentException().isThrownBy(() -> fixture.engine.setMaxMemory(-1))
			.withMessageContaining("maxMemory");
	}

	@Test
	void theCheckStopsWithTheServer() {
		fixture.engine.setMaxMemory(1000);
		assertThat(fixture.clock.pendingTasks()).isEqualTo(1);
		fixture.engine.close();
		fixture.clock.advanceMillis(1000);
		assertThat(fixture.clock.pendingTasks()).isZero();
	}

}
