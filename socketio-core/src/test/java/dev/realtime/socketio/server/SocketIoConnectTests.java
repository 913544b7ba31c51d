package dev.realtime.socketio.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import dev.realtime.socketio.testsupport.FakeHttpExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;

import static org.assertj.core.api.Assertions.assertThat;

class SocketIoConnectTests {

	private SocketIoFixture fixture = new SocketIoFixture();

	@AfterEach
	void closeServer() {
		fixture.close();
	}

	private void conformanceHandlers() {
		fixture.io.on((socket) -> socket.emit("auth", socket.handshake().auth()));
		fixture.io.of("/custom").on((socket) -> socket.emit("auth", socket.handshake().auth()));
	}

	@Test
	void connectToTheMainNamespaceIsAnsweredWithANewSocketIdThatIsNotTheEngineId() {
		TestClient client = fixture.open();

		client.send("0");

		assertThat(client.received()).hasSize(1);
		String answer = client.received().get(0);
		assertThat(answer).matches("40\\{\"sid\":\"[A-Za-z0-9_-]{20}\"\\}");
		assertThat(TestClient.group(java.util.regex.Pattern.compile("\"sid\":\"([^\"]+)\""), answer))
			.isNotEqualTo(client.engineId);
	}

	@Test
	void connectAnswerComesBeforeWhatTheConnectionListenerEmits() {
		conformanceHandlers();
		TestClient client = fixture.open();

		client.send("0{\"token\":\"123\"}");

		assertThat(client.received()).hasSize(2);
		assertThat(client.received().get(0)).startsWith("40{\"sid\":");
		assertThat(client.received().get(1)).isEqualTo("42[\"auth\",{\"token\":\"123\"}]");
	}

	@Test
	void connectWithoutAuthGivesTheListenerAnEmptyAuthObject() {
		conformanceHandlers();
		TestClient client = fixture.open();

		client.send("0");

		assertThat(client.last()).isEqualTo("42[\"auth\",{}]");
	}

	@Test
	void connectToACustomNamespaceCarriesTheNamespaceInEveryPacket() {
		conformanceHandlers();
		TestClient client = fixture.open();

		client.send("0/custom,{\"token\":\"abc\"}");

		assertThat(client.received()).hasSize(2);
		assertThat(client.received().get(0)).matches("40/custom,\\{\"sid\":\"[A-Za-z0-9_-]{20}\"\\}");
		assertThat(client.received().get(1)).isEqualTo("42/custom,[\"auth\",{\"token\":\"abc\"}]");
	}

	@Test
	void connectToANamespaceWithoutTrailingCommaIsAccepted() {
		fixture.io.of("/custom");
		TestClient client = fixture.open();

		client.send("0/custom");

		assertThat(client.last()).startsWith("40/custom,{\"sid\":");
	}

	@Test
	void oneConnectionJoinsSeveralNamespacesWithDistinctSocketIds() {
		fixture.io.of("/custom");
		TestClient client = fixture.open();

		String main = client.connect("/");
		String custom = client.connect("/custom");

		assertThat(main).isNotEqualTo(custom);
		assertThat(fixture.socket("/", main).connectionId()).isEqualTo(client.engineId);
		assertThat(fixture.socket("/custom", custom).connectionId()).isEqualTo(client.engineId);
	}

	@Test
	void unknownNamespaceIsRefusedAndTheConnectionStaysOpen() {
		TestClient client = fixture.open();

		client.send("0/random,");

		assertThat(client.take()).containsExactly("44/random,{\"message\":\"Invalid namespace\"}");
		assertThat(client.closed()).isFalse();
		client.send("0");
		assertThat(client.take()).singleElement().asString().startsWith("40{\"sid\":");
	}

	@Test
	void connectTimeoutClosesAConnectionThatNeverJoinsANamespace() {
		fixture.close();
		fixture = new SocketIoFixture((options) -> options.connectTimeout(Duration.ofSeconds(1)));
		TestClient client = fixture.open();

		fixture.clock.advance(Duration.ofMillis(999));
		assertThat(client.closed()).isFalse();
		fixture.clock.advance(Duration.ofMillis(1));

		assertThat(client.closed()).isTrue();
		assertThat(fixture.io.engine().clientsCount()).isZero();
	}

	@Test
	void connectTimeoutSparesAConnectionThatJoinedInTime() {
		fixture.close();
		fixture = new SocketIoFixture((options) -> options.connectTimeout(Duration.ofSeconds(1)));
		TestClient client = fixture.open();
		client.connect();

		fixture.clock.advance(Duration.ofSeconds(1));

		assertThat(client.closed()).isFalse();
	}

	@Test
	void refusedNamespaceDoesNotStopTheConnectTimeout() {
		fixture.close();
		fixture = new SocketIoFixture((options) -> options.connectTimeout(Duration.ofSeconds(1)));
		TestClient client = fixture.open();
		client.send("0/random,");

		fixture.clock.advance(Duration.ofSeconds(1));

		assertThat(client.closed()).isTrue();
	}

	@Test
	void invalidFirstPacketClosesTheConnection() {
		TestClient client = fixture.open();

		client.send("abc");

		assertThat(client.closed()).isTrue();
		assertThat(fixture.io.engine().clientsCount()).isZero();
	}

	@Test
	void secondConnectToTheSameNamespaceClosesTheConnection() {
		TestClient client = fixture.open();
		client.connect();

		client.send("0");

		assertThat(client.closed()).isTrue();
	}

	@Test
	void eventForANamespaceThatIsNotConnectedClosesTheConnectionWithForcedServerClose() {
		fixture.io.of("/custom");
		List<String> reasons = new CopyOnWriteArrayList<>();
		fixture.io.on((socket) -> socket.onDisconnect((reason) -> reasons.add(reason.text())));
		TestClient client = fixture.open();
		client.connect("/");

		client.send("2/custom,[\"hello\"]");

		assertThat(client.closed()).isTrue();
		assertThat(reasons).containsExactly("forced server close");
		assertThat(fixture.io.sockets().sockets()).isEmpty();
	}

	@Test
	void connectErrorFromTheClientClosesTheConnectionWithForcedServerClose() {
		List<String> reasons = new CopyOnWriteArrayList<>();
		fixture.io.on((socket) -> socket.onDisconnect((reason) -> reasons.add(reason.text())));
		TestClient client = fixture.open();
		client.connect();

		client.send("4{\"message\":\"nope\"}");

		assertThat(client.closed()).isTrue();
		assertThat(reasons).containsExactly("forced server close");
	}

	@Test
	void closingTheConnectionDisconnectsEverySocketWithTheTransportReason() {
		fixture.io.of("/custom");
		List<String> reasons = new CopyOnWriteArrayList<>();
		fixture.io.on((socket) -> socket.onDisconnect((reason) -> reasons.add("/ " + reason.text())));
		fixture.io.of("/custom")
			.on((socket) -> socket.onDisconnect((reason) -> reasons.add("/custom " + reason.text())));
		TestClient client = fixture.open();
		client.connect("/");
		client.connect("/custom");

		client.webSocket.closeFromClient(1001);

		assertThat(reasons).containsExactlyInAnyOrder("/ transport close", "/custom transport close");
		assertThat(fixture.io.sockets().sockets()).isEmpty();
	}

	// ---------------------------------------------------------------- middlewares

	@Test
	void middlewareRefusalIsSentAsConnectErrorWithMessageAndData() {
		fixture.io.use((socket) -> {
			throw new ConnectionRefusedException("not authorized", Map.of("reason", "no token"));
		});
		TestClient client = fixture.open();

		client.send("0");

		assertThat(client.take())
			.containsExactly("44{\"message\":\"not authorized\",\"data\":{\"reason\":\"no token\"}}");
		assertThat(fixture.io.sockets().sockets()).isEmpty();
		assertThat(client.closed()).isFalse();
	}

	@Test
	void middlewareRefusalWithoutDataLeavesDataOut() {
		fixture.io.of("/custom").use((socket) -> {
			throw new ConnectionRefusedException("go away");
		});
		TestClient client = fixture.open();

		client.send("0/custom,");

		assertThat(client.take()).containsExactly("44/custom,{\"message\":\"go away\"}");
	}

	@Test
	void anyExceptionFromAMiddlewareRefusesWithItsMessage() {
		fixture.io.use((socket) -> {
			throw new IllegalStateException("broken");
		});
		TestClient client = fixture.open();

		client.send("0");

		assertThat(client.take()).containsExactly("44{\"message\":\"broken\"}");
	}

	@Test
	void middlewaresRunInOrderAndSeeTheAuthPayload() {
		List<String> calls = new CopyOnWriteArrayList<>();
		fixture.io.use((socket) -> calls.add("first " + socket.handshake().auth().get("token")));
		fixture.io.use((socket) -> calls.add("second"));
		AtomicReference<Socket> connected = new AtomicReference<>();
		fixture.io.on(connected::set);
		TestClient client = fixture.open();

		client.send("0{\"token\":\"t1\"}");

		assertThat(calls).containsExactly("first t1", "second");
		assertThat(connected.get()).isNotNull();
	}

	@Test
	void refusedSocketNeverReachesTheConnectionListeners() {
		List<Socket> connected = new CopyOnWriteArrayList<>();
		fixture.io.use((socket) -> {
			throw new ConnectionRefusedException("no");
		});
		fixture.io.on(connected::add);

		fixture.open().send("0");

		assertThat(connected).isEmpty();
	}

	// ---------------------------------------------------------------- disconnect

	@ParameterizedTest(name = "the client closes at once: {0}")
	@ValueSource(booleans = { false, true })
	void serverDisconnectSendsDisconnectAndKeepsTheConnection(boolean clientClosesAtOnce) {
		TestClient client = fixture.open();
		String id = client.connect();
		client.take();
		List<DisconnectReason> reasons = new CopyOnWriteArrayList<>();
		Socket socket = fixture.socket("/", id);
		socket.onDisconnect(reasons::add);
		if (clientClosesAtOnce) {
			// the official client closes its connection as soon as it reads the
			// DISCONNECT of its last socket: on a busy server that close can be handled
			// on an I/O thread before disconnect() returns on the thread that called it
			client.webSocket.onSend((frame) -> {
				if (!frame.binary() && frame.text().equals("41")) {
					client.webSocket.closeFromClient(1000);
				}
			});
		}

		socket.disconnect(false);

		assertThat(client.take()).containsExactly("41");
		assertThat(reasons).containsExactly(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
		assertThat(socket.connected()).isFalse();
		assertThat(fixture.io.of("/").sockets()).isEmpty();
		if (!clientClosesAtOnce) {
			assertThat(client.closed()).isFalse();
		}
	}

	@Test
	void serverDisconnectOfACustomNamespaceNamesIt() {
		fixture.io.of("/custom");
		TestClient client = fixture.open();
		String id = client.connect("/custom");
		client.take();

		fixture.socket("/custom", id).disconnect();

		assertThat(client.take()).containsExactly("41/custom,");
	}

	@Test
	void disconnectWithCloseClosesTheWholeConnection() {
		fixture.io.of("/custom");
		TestClient client = fixture.open();
		String main = client.connect("/");
		client.connect("/custom");
		client.take();

		fixture.socket("/", main).disconnect(true);

		assertThat(client.take()).containsExactlyInAnyOrder("41", "41/custom,");
		assertThat(client.closed()).isTrue();
		assertThat(fixture.io.engine().clientsCount()).isZero();
	}

	@Test
	void clientDisconnectLeavesTheNamespaceWithTheClientReasonAndKeepsTheConnection() {
		TestClient client = fixture.open();
		String id = client.connect();
		client.take();
		List<DisconnectReason> reasons = new CopyOnWriteArrayList<>();
		fixture.socket("/", id).onDisconnect(reasons::add);

		client.send("1");

		assertThat(reasons).containsExactly(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
		assertThat(fixture.io.sockets().socket(id)).isNull();
		assertThat(client.closed()).isFalse();
		fixture.clock.advance(SocketIoFixture.PING_INTERVAL);
		assertThat(client.take()).containsExactly("2");
	}

	@Test
	void clientMayConnectAgainAfterDisconnecting() {
		TestClient client = fixture.open();
		String first = client.connect();
		client.send("1");

		String second = client.connect();

		assertThat(second).isNotEqualTo(first);
		assertThat(fixture.io.sockets().sockets()).containsOnlyKeys(second);
	}

	@Test
	void emitAfterDisconnectIsRefused() {
		TestClient client = fixture.open();
		Socket socket = fixture.socket("/", client.connect());
		socket.disconnect();
		client.take();

		boolean accepted = socket.emit("late");

		assertThat(accepted).isFalse();
		assertThat(client.take()).isEmpty();
	}

	// ---------------------------------------------------------------- handshake and
	// polling

	@Test
	void handshakeDescribesTheEngineRequest() {
		AtomicReference<Socket> connected = new AtomicReference<>();
		fixture.io.on(connected::set);
		TestClient client = fixture.open("EIO=4&transport=websocket&room=blue");

		client.send("0{\"token\":\"x\"}");

		Handshake handshake = connected.get().handshake();
		assertThat(handshake.queryParameter("room")).isEqualTo("blue");
		assertThat(handshake.auth()).containsEntry("token", "x");
		assertThat(handshake.address()).isEqualTo("127.0.0.1");
		assertThat(handshake.url()).isEqualTo("/engine.io/?EIO=4&transport=websocket&room=blue");
		assertThat(connected.get().transport()).isEqualTo("websocket");
	}

	@Test
	void socketIoWorksOverLongPollingToo() {
		fixture.io.on((socket) -> socket.emit("auth", socket.handshake().auth()));
		FakeHttpExchange handshake = FakeHttpExchange.get("EIO=4&transport=polling");
		fixture.io.engine().handle(handshake);
		String sid = TestClient.group(java.util.regex.Pattern.compile("\"sid\":\"([^\"]+)\""), handshake.bodyText());

		FakeHttpExchange post = FakeHttpExchange.post("EIO=4&transport=polling&sid=" + sid, "40{\"token\":\"p\"}");
		fixture.io.engine().handle(post);
		FakeHttpExchange get = FakeHttpExchange.get("EIO=4&transport=polling&sid=" + sid);
		fixture.io.engine().handle(get);

		assertThat(post.bodyText()).isEqualTo("ok");
		assertThat(get.bodyText())
			.matches("40\\{\"sid\":\"[A-Za-z0-9_-]{20}\"\\}\u001e42\\[\"auth\",\\{\"token\":\"p\"\\}\\]");
	}

}
