package dev.realtime.socketio.server;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import dev.realtime.socketio.engine.spi.UpgradeDecision;
import dev.realtime.socketio.testsupport.FakeHttpExchange;
import dev.realtime.socketio.testsupport.FakeWebSocket;
import dev.realtime.socketio.testsupport.TestExecutors;
import dev.realtime.socketio.testsupport.TestExecutors.ManualExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What happens when listeners run later than the I/O thread hands packets over (a real
 * pool).
 */
class SocketIoDispatchOrderTests {

	private final ManualExecutor executor = TestExecutors.manual();

	private final SocketIoFixture fixture = new SocketIoFixture((options) -> options, executor);

	@AfterEach
	void closeServer() {
		fixture.close();
	}

	@Test
	void eventsReceivedBeforeTheTransportClosedAreStillDispatchedBeforeTheDisconnect() {
		List<String> calls = new CopyOnWriteArrayList<>();
		fixture.io.on((socket) -> {
			socket.on("last words", (args, ack) -> calls.add("event " + args.get(0).asText()));
			socket.onDisconnect((reason) -> calls.add("disconnect " + reason.text()));
		});
		TestClient client = fixture.open();
		client.send("0");
		executor.runAll();

		client.send("2[\"last words\",\"bye\"]");
		client.webSocket.closeFromClient(1001);
		executor.runAll();

		assertThat(calls).containsExactly("event bye", "disconnect transport close");
	}

	@Test
	void packetsQueuedBehindAProtocolViolationAreNotDispatched() {
		fixture.io.of("/custom");
		List<String> calls = new CopyOnWriteArrayList<>();
		fixture.io.on((socket) -> socket.on("after", (args, ack) -> calls.add("after")));
		TestClient client = fixture.open();
		client.send("0");
		executor.runAll();

		client.send("2/custom,[\"not connected\"]");
		client.send("2[\"after\"]");
		executor.runAll();

		assertThat(client.closed()).isTrue();
		assertThat(calls).isEmpty();
	}

	@Test
	void connectQueuedBeforeTheTransportClosedCreatesNoSocket() {
		List<Socket> connected = new CopyOnWriteArrayList<>();
		// a middleware: the CONNECT is queued for the executor (without application code
		// it would be handled at once, before the close)
		fixture.io.use((socket) -> {
		});
		fixture.io.on(connected::add);
		TestClient client = fixture.open();

		client.send("0");
		client.webSocket.closeFromClient(1001);
		executor.runAll();

		assertThat(connected).isEmpty();
		assertThat(fixture.io.sockets().sockets()).isEmpty();
	}

	@Test
	void connectIsAnsweredWhenTheBindingGivesAnUnresolvedRemoteAddress() {
		AtomicReference<Socket> connected = new AtomicReference<>();
		fixture.io.on(connected::set);
		FakeHttpExchange request = FakeHttpExchange.get("EIO=4&transport=websocket")
			.remoteAddress(InetSocketAddress.createUnresolved("client.example.com", 443));
		UpgradeDecision decision = fixture.io.engine().checkUpgrade(request);
		FakeWebSocket webSocket = new FakeWebSocket();
		webSocket.handler(fixture.io.engine().onWebSocketOpen(request, webSocket));
		executor.runAll();

		webSocket.receiveText("40");
		executor.runAll();

		assertThat(decision.accepted()).isTrue();
		assertThat(webSocket.texts()).last().asString().startsWith("40{\"sid\":");
		assertThat(connected.get().handshake().address()).isEqualTo("client.example.com");
	}

	@Test
	void connectionWithoutARemoteAddressHasAnEmptyHandshakeAddress() {
		AtomicReference<Socket> connected = new AtomicReference<>();
		fixture.io.on(connected::set);
		FakeHttpExchange request = FakeHttpExchange.get("EIO=4&transport=websocket").remoteAddress(null);
		FakeWebSocket webSocket = new FakeWebSocket();
		webSocket.handler(fixture.io.engine().onWebSocketOpen(request, webSocket));

		webSocket.receiveText("40");
		executor.runAll();

		assertThat(connected.get().handshake().address()).isEmpty();
	}

}
