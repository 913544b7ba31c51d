package dev.realtime.socketio.engine;

import dev.realtime.socketio.testsupport.FakeHttpExchange;
import dev.realtime.socketio.testsupport.FakeWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EngineServer#traffic(Traffic)}: the messages each session counts, by direction
 * and transport, on an echo server (every message received is sent back).
 */
class EngineTrafficTests {

	private final EngineFixture fixture = new EngineFixture();

	@AfterEach
	void closeServer() {
		fixture.close();
	}

	@Test
	void countsMessagesOnWebSocketButNotTheOpenPacketOrHeartbeats() {
		fixture.engine.countTraffic();
		FakeWebSocket webSocket = fixture.webSocketSession();
		webSocket.receiveText("4hello");
		webSocket.receiveBinary(new byte[] { 1, 2, 3 });
		fixture.clock.advance(EngineFixture.PING_INTERVAL);
		webSocket.receiveText("3");

		assertThat(webSocket.texts()).contains("4hello", "2");
		assertFigures(Traffic.PACKETS_IN_WEBSOCKET, 2, Traffic.BYTES_IN_WEBSOCKET, 6 + 3);
		assertFigures(Traffic.PACKETS_OUT_WEBSOCKET, 2, Traffic.BYTES_OUT_WEBSOCKET, 6 + 3);
		assertFigures(Traffic.PACKETS_IN_POLLING, 0, Traffic.PACKETS_OUT_POLLING, 0);
	}

	@Test
	void countsMessagesOnPolling() {
		fixture.engine.countTraffic();
		String sid = fixture.handshake();
		fixture.post(sid, "4ab\u001e4cde");
		FakeHttpExchange get = fixture.get(sid);

		assertThat(get.bodyText()).isEqualTo("4ab\u001e4cde");
		assertFigures(Traffic.PACKETS_IN_POLLING, 2, Traffic.BYTES_IN_POLLING, 3 + 4);
		assertFigures(Traffic.PACKETS_OUT_POLLING, 2, Traffic.BYTES_OUT_POLLING, 3 + 4);
		assertFigures(Traffic.PACKETS_IN_WEBSOCKET, 0, Traffic.PACKETS_OUT_WEBSOCKET, 0);
	}

	@Test
	void anUpgradedSessionCountsOnPollingBeforeTheUpgradeAndOnWebSocketAfter() {
		fixture.engine.countTraffic();
		String sid = fixture.handshake();
		fixture.post(sid, "4before");
		fixture.get(sid);
		FakeWebSocket webSocket = fixture.upgradeCandidate(sid);
		webSocket.receiveText("2probe");
		webSocket.receiveText("5");
		webSocket.receiveText("4after!!");

		assertThat(webSocket.texts()).containsExactly("3probe", "4after!!");
		assertFigures(Traffic.PACKETS_IN_POLLING, 1, Traffic.BYTES_IN_POLLING, 7);
		assertFigures(Traffic.PACKETS_OUT_POLLING, 1, Traffic.BYTES_OUT_POLLING, 7);
		assertFigures(Traffic.PACKETS_IN_WEBSOCKET, 1, Traffic.BYTES_IN_WEBSOCKET, 8);
		assertFigures(Traffic.PACKETS_OUT_WEBSOCKET, 1, Traffic.BYTES_OUT_WEBSOCKET, 8);
	}

	@Test
	void closedSessionsKeepTheirCountsInTheTotals() {
		fixture.engine.countTraffic();
		FakeWebSocket first = fixture.webSocketSession();
		FakeWebSocket second = fixture.webSocketSession();
		first.receiveText("4one");
		second.receiveText("4two");
		second.receiveText("4three");

		first.closeFromClient(1000);
		assertThat(fixture.engine.clientsCount()).isEqualTo(1);
		assertFigures(Traffic.PACKETS_IN_WEBSOCKET, 3, Traffic.PACKETS_OUT_WEBSOCKET, 3);

		second.closeFromClient(1000);
		assertThat(fixture.engine.clientsCount()).isZero();
		assertFigures(Traffic.PACKETS_IN_WEBSOCKET, 3, Traffic.BYTES_IN_WEBSOCKET, 4 + 4 + 6);
		long[] all = fixture.engine.traffic();
		assertThat(all[Traffic.PACKETS_OUT_WEBSOCKET.ordinal()]).isEqualTo(3);
		assertThat(all[Traffic.BYTES_OUT_WEBSOCKET.ordinal()]).isEqualTo(4 + 4 + 6);
	}

	@Test
	void stoppedCountingKeepsTheCountsAndCountsNothingUntilResumed() {
		fixture.engine.countTraffic();
		FakeWebSocket counted = fixture.webSocketSession();
		counted.receiveText("4one");
		fixture.engine.countTraffic(false);
		FakeWebSocket openedWhileStopped = fixture.webSocketSession();
		counted.receiveText("4not");
		openedWhileStopped.receiveText("4not");
		assertFigures(Traffic.PACKETS_IN_WEBSOCKET, 1, Traffic.PACKETS_OUT_WEBSOCKET, 1);
		assertFigures(Traffic.BYTES_IN_WEBSOCKET, 4, Traffic.BYTES_OUT_WEBSOCKET, 4);

		fixture.engine.countTraffic(true);
		counted.receiveText("4two");
		openedWhileStopped.receiveText("4three");
		assertFigures(Traffic.PACKETS_IN_WEBSOCKET, 3, Traffic.BYTES_IN_WEBSOCKET, 4 + 4 + 6);
		assertFigures(Traffic.PACKETS_OUT_WEBSOCKET, 3, Traffic.BYTES_OUT_WEBSOCKET, 4 + 4 + 6);

		// stopped again, then closed: what they counted stays in the totals
		fixture.engine.countTraffic(false);
		counted.closeFromClient(1000);
		openedWhileStopped.closeFromClient(1000);
		assertThat(fixture.engine.clientsCount()).isZero();
		assertFigures(Traffic.PACKETS_IN_WEBSOCKET, 3, Traffic.BYTES_OUT_WEBSOCKET, 4 + 4 + 6);
	}

	@Test
	void nothingIsCountedUnlessAsked() {
		FakeWebSocket webSocket = fixture.webSocketSession();
		webSocket.receiveText("4hello");

		assertThat(webSocket.texts()).contains("4hello");
		for (Traffic figure : Traffic.values()) {
			assertThat(fixture.engine.traffic(figure)).as(figure.name()).isZero();
		}
	}

	@Test
	void figuresNameTheirTags() {
		assertThat(Traffic.BYTES_OUT_POLLING.bytes()).isTrue();
		assertThat(Traffic.BYTES_OUT_POLLING.direction()).isEqualTo("out");
		assertThat(Traffic.BYTES_OUT_POLLING.transport()).isEqualTo("polling");
		assertThat(Traffic.PACKETS_IN_WEBSOCKET.bytes()).isFalse();
		assertThat(Traffic.PACKETS_IN_WEBSOCKET.direction()).isEqualTo("in");
		assertThat(Traffic.PACKETS_IN_WEBSOCKET.transport()).isEqualTo("websocket");
		for (Traffic figure : Traffic.values()) {
			assertThat(Traffic.of(figure.bytes(), figure.direction(), figure.transport())).isSameAs(figure);
		}
	}

	private void assertFigures(Traffic first, long firstValue, Traffic second, long secondValue) {
		assertThat(fixture.engine.traffic(first)).as(first.name()).isEqualTo(firstValue);
		assertThat(fixture.engine.traffic(second)).as(second.name()).isEqualTo(secondValue);
	}

}
