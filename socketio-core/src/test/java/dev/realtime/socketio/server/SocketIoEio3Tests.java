package dev.realtime.socketio.server;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import java.util.function.UnaryOperator;

import dev.realtime.socketio.testsupport.TestExecutors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Socket.IO v4 protocol that socket.io-client 2.x speaks over Engine.IO v3, as Node's
 * server with {@code allowEIO3} answers it.
 */
class SocketIoEio3Tests {

	private static final String V3 = "EIO=3&transport=websocket";

	private final SocketIoFixture fixture = new SocketIoFixture(UnaryOperator.identity(), TestExecutors.direct(),
			(engine) -> engine.allowEio3(true));

	private final List<Socket> connected = new CopyOnWriteArrayList<>();

	@AfterEach
	void closeServer() {
		fixture.close();
	}

	@Test
	void aV2ClientIsInTheMainNamespaceRightAfterTheHandshakeWithTheEngineIdAsSocketId() {
		fixture.io.on((socket) -> {
			connected.add(socket);
			socket.emit("hello", socket.id());
		});
		TestClient client = fixture.open(V3);

		assertThat(client.received()).containsExactly("40", "42[\"hello\",\"" + client.engineId + "\"]");
		assertThat(connected.get(0).id()).isEqualTo(client.engineId);
		assertThat(connected.get(0).handshake().auth()).isEmpty();
	}

	@Test
	void aNamespaceQueryIsTheAuthAndTheAnswerHasNoBody() {
		fixture.io.of("/chat").on((socket) -> {
			connected.add(socket);
			socket.emit("auth", socket.handshake().auth());
		});
		TestClient client = fixture.open(V3);
		client.take();

		client.send("0/chat?token=a%20b&x=1&x=2,");

		assertThat(client.take()).containsExactly("40/chat,",
				"42/chat,[\"auth\",{\"token\":\"a b\",\"x\":[\"1\",\"2\"]}]");
		assertThat(connected.get(0).id()).isEqualTo("/chat#" + client.engineId);
		client.send("2/chat,[\"ping\"]");
		assertThat(client.webSocket.closed()).isFalse();
	}

	@Test
	void refusalsAreABareMessageOrTheErrorsData() {
		fixture.io.of("/plain").use((socket) -> {
			throw new ConnectionRefusedException("not authorized");
		});
		fixture.io.of("/detailed").use((socket) -> {
			throw new ConnectionRefusedException("not authorized", Map.of("reason", "bad token"));
		});
		TestClient client = fixture.open(V3);
		client.take();

		client.send("0/plain,");
		client.send("0/detailed,");
		client.send("0/nowhere,");

		assertThat(client.take()).containsExactly("44/plain,\"not authorized\"",
				"44/detailed,{\"reason\":\"bad token\"}", "44/nowhere,\"Invalid namespace\"");
	}

	@Test
	void aRefusedMainNamespaceIsAnsweredTheSameWay() {
		fixture.io.use((socket) -> {
			throw new ConnectionRefusedException("go away");
		});

		TestClient client = fixture.open(V3);

		assertThat(client.received()).containsExactly("44\"go away\"");
	}

	@Test
	void eventsAcksAndBinaryAreTheSameAsInV5() {
		fixture.io.on((socket) -> socket.on("echo", (args, ack) -> ack.send(args.toArray())));
		TestClient client = fixture.open(V3);
		client.take();

		client.send("51-7[\"echo\",{\"_placeholder\":true,\"num\":0}]");
		client.webSocket.receiveBinary(new byte[] { 4, 1, 2 });

		assertThat(client.take()).containsExactly("461-7[{\"_placeholder\":true,\"num\":0}]", "<binary 3 bytes>");
	}

	@Test
	void v4ClientsOfTheSameServerKeepTheV5Protocol() {
		TestClient client = fixture.open();

		assertThat(client.received()).isEmpty();
		assertThat(client.connect("/")).isNotEqualTo(client.engineId);
	}

}
