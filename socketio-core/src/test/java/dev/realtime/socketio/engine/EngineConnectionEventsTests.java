package dev.realtime.socketio.engine;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.testsupport.FakeHttpExchange;
import dev.realtime.socketio.testsupport.FakeWebSocket;
import dev.realtime.socketio.testsupport.TestExecutors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events of one connection ({@link EngineEvent}), in the order Node's engine.io
 * socket emits them.
 */
class EngineConnectionEventsTests {

	private final EngineFixture fixture = new EngineFixture();

	private final List<String> events = new CopyOnWriteArrayList<>();

	@AfterEach
	void closeServer() {
		fixture.close();
	}

	private void recordEvents() {
		fixture.engine.onConnection(this::record);
	}

	private void record(EngineSocket socket) {
		socket.on(EngineEvent.PACKET, (packet) -> events.add("packet " + describe(packet)));
		socket.on(EngineEvent.PACKET_CREATE, (packet) -> events.add("packetCreate " + describe(packet)));
		socket.on(EngineEvent.DRAIN, (conn) -> events.add("drain"));
		socket.on(EngineEvent.HEARTBEAT, (conn) -> events.add("heartbeat"));
		socket.on(EngineEvent.UPGRADING, (transport) -> events.add("upgrading " + transport));
		socket.on(EngineEvent.UPGRADE, (transport) -> events.add("upgrade " + transport));
		socket.on(EngineEvent.CLOSE, (close) -> events
			.add("close " + close.reason().text() + ((close.description() != null) ? ": " + close.description() : "")));
	}

	private static String describe(EnginePacket packet) {
		String type = packet.type().name().toLowerCase(Locale.ROOT);
		return (packet.data() != null) ? type + " " + packet.data() : type;
	}

	@Test
	void pollingSessionFiresPacketHeartbeatDrainThenUpgradingUpgradeAndClose() {
		recordEvents();
		String sid = fixture.handshake();

		fixture.post(sid, "4hello");
		assertThat(fixture.get(sid).bodyText()).isEqualTo("4hello");
		fixture.clock.advance(EngineFixture.PING_INTERVAL);
		assertThat(fixture.get(sid).bodyText()).isEqualTo("2");
		fixture.post(sid, "3");
		FakeWebSocket candidate = fixture.upgradeCandidate(sid);
		candidate.receiveText("2probe");
		candidate.receiveText("5");
		fixture.socket(sid).send("over websocket");
		candidate.closeFromClient(1000);

		assertThat(events).containsExactly("packet message hello", "packetCreate message hello", "drain",
				"packetCreate ping", "drain", "packet pong", "heartbeat", "upgrading websocket", "upgrade websocket",
				"packetCreate message over websocket", "drain",
				"close transport close: websocket closed with code 1000");
	}

	@Test
	void probeAndUpgradePacketsOfTheCandidateAreNotConnectionPackets() {
		recordEvents();
		String sid = fixture.handshake();
		FakeWebSocket candidate = fixture.upgradeCandidate(sid);

		candidate.receiveText("2probe");
		candidate.receiveText("5");
		candidate.receiveText("4after");

		assertThat(events).containsExactly("upgrading websocket", "upgrade websocket", "packet message after",
				"packetCreate message after", "drain");
	}

	@Test
	void pingTimeoutFiresCloseWithNodesReason() {
		recordEvents();
		fixture.webSocketSession();

		fixture.clock.advance(EngineFixture.PING_INTERVAL);
		fixture.clock.advance(EngineFixture.PING_TIMEOUT);

		assertThat(events).containsExactly("packetCreate ping", "drain", "close ping timeout");
	}

	@Test
	void closeIsFiredOnceWithTheDescriptionOfAClientClose() {
		recordEvents();
		String sid = fixture.handshake();
		EngineSocket socket = fixture.socket(sid);

		fixture.post(sid, "1");
		socket.close();
		socket.close(CloseReason.FORCED_CLOSE);

		// over polling the transport handles the close packet itself, as in Node: no
		// packet event
		assertThat(events).containsExactly("close transport close: client sent a close packet");
	}

	@Test
	void aWebSocketThatCannotTakeMoreDrainsOnlyWhenTheQueueIsHandedOver() {
		recordEvents();
		FakeWebSocket webSocket = fixture.webSocketSession();
		EngineSocket socket = fixture.sockets.get(0);
		webSocket.holdSends(true).writable(false);

		socket.send("a");
		socket.send("b");
		assertThat(events).containsExactly("packetCreate message a", "packetCreate message b");

		webSocket.writable(true);
		webSocket.completeSends();
		fixture.clock.advanceMillis(10);

		assertThat(events).endsWith("drain");
		assertThat(events).filteredOn("drain"::equals).hasSize(1);
	}

	@Test
	void listenersRunOnTheConnectionsExecutorAndOffRemovesThem() {
		TestExecutors.ManualExecutor probe = TestExecutors.manual();
		EngineFixture queued = new EngineFixture((options) -> options, probe, true);
		try {
			Consumer<EnginePacket> listener = (packet) -> events.add("packet " + describe(packet));
			queued.engine.onConnection((socket) -> socket.on(EngineEvent.PACKET, listener));
			String sid = queued.handshake();
			probe.runAll();

			queued.post(sid, "4one");
			assertThat(events).isEmpty();
			probe.runAll();
			assertThat(events).containsExactly("packet message one");

			queued.socket(sid).off(EngineEvent.PACKET, listener);
			queued.post(sid, "4two");
			probe.runAll();
			assertThat(events).containsExactly("packet message one");
		}
		finally {
			queued.close();
		}
	}

	@Test
	void withoutListenersNothingIsQueued() {
		TestExecutors.ManualExecutor probe = TestExecutors.manual();
		EngineFixture quiet = new EngineFixture((options) -> options, probe, false);
		try {
			String sid = quiet.handshake();
			probe.runAll();

			quiet.socket(sid).send("x");
			FakeHttpExchange get = quiet.get(sid);
			quiet.clock.advance(EngineFixture.PING_INTERVAL);

			assertThat(get.bodyText()).isEqualTo("4x");
			assertThat(probe.queued()).isZero();
		}
		finally {
			quiet.close();
		}
	}

}
