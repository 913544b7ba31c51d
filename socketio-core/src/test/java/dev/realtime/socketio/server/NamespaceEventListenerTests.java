package dev.realtime.socketio.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The namespace-wide table of event and disconnection listeners
 * ({@link Namespace#onEvent}).
 */
class NamespaceEventListenerTests {

	private final SocketIoFixture fixture = new SocketIoFixture();

	private final List<String> calls = new CopyOnWriteArrayList<>();

	@AfterEach
	void closeServer() {
		fixture.close();
	}

	@Test
	void oneListenerAnswersTheEventOfEverySocketWithoutRegisteringAnythingPerSocket() {
		fixture.io.of("/").onEvent("hello", (socket, args, ack) -> ack.send("hello " + args.get(0, String.class)));
		TestClient first = fixture.open();
		TestClient second = fixture.open();
		String firstId = first.connect();
		second.connect();
		first.take();
		second.take();

		first.send("21[\"hello\",\"ann\"]");
		second.send("27[\"hello\",\"bob\"]");

		assertThat(first.take()).containsExactly("431[\"hello ann\"]");
		assertThat(second.take()).containsExactly("437[\"hello bob\"]");
		assertThat(fixture.socket("/", firstId)).extracting("listeners")
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.isEmpty();
	}

	@Test
	void namespaceListenersRunAfterCatchAllListenersAndMiddlewaresAndBeforeTheSocketsOwn() {
		Namespace main = fixture.io.of("/");
		main.onEvent("e", (socket, args, ack) -> calls.add("namespace"));
		main.on((socket) -> {
			socket.on("e", (args, ack) -> calls.add("socket"));
			socket.onAny((event, args) -> calls.add("any"));
			socket.use((event, args) -> calls.add("middleware"));
		});
		TestClient client = fixture.open();
		client.connect();

		client.send("2[\"e\"]");

		assertThat(calls).containsExactly("any", "middleware", "namespace", "socket");
	}

	@Test
	void namespaceDisconnectListenersSeeTheSocketAndReasonBeforeTheSocketsOwn() {
		Namespace main = fixture.io.of("/");
		main.onDisconnect((socket, reason) -> calls.add("namespace " + socket.id() + " " + reason.text()));
		main.on((socket) -> socket.onDisconnect((reason) -> calls.add("socket " + reason.text())));
		TestClient client = fixture.open();
		String id = client.connect();

		client.send("1");

		assertThat(calls).containsExactly("namespace " + id + " client namespace disconnect",
				"socket client namespace disconnect");
	}

	@Test
	void childrenOfADynamicNamespaceShareTheParentsTable() {
		ParentNamespace parent = fixture.io.of(Pattern.compile("^/room-\\d+$"));
		parent.onEvent("where", (socket, args, ack) -> ack.send(socket.namespace().name()));
		TestClient client = fixture.open();
		client.connect("/room-7");
		client.take();

		client.send("2/room-7,3[\"where\"]");

		assertThat(client.take()).containsExactly("43/room-7,3[\"/room-7\"]");
	}

	@Test
	void aFailingNamespaceListenerIsReportedAndTheSocketsOwnStillRun() {
		Namespace main = fixture.io.of("/");
		main.onEvent("e", (socket, args, ack) -> {
			throw new IllegalStateException("boom");
		});
		main.on((socket) -> {
			socket.onError((error) -> calls.add("error " + error.getMessage()));
			socket.on("e", (args, ack) -> calls.add("socket"));
		});
		TestClient client = fixture.open();
		client.connect();

		client.send("2[\"e\"]");

		assertThat(calls).containsExactly("error boom", "socket");
	}

	@Test
	void reservedEventNamesAreRefused() {
		assertThatThrownBy(() -> fixture.io.of("/").onEvent("disconnect", (socket, args, ack) -> {
		})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
	}

}
