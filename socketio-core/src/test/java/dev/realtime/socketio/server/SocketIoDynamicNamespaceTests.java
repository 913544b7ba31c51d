package dev.realtime.socketio.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SocketIoDynamicNamespaceTests {

	private static final Pattern WORKSPACES = Pattern.compile("^/workspace-\\d+$");

	private SocketIoFixture fixture = new SocketIoFixture();

	@AfterEach
	void closeServer() {
		fixture.close();
	}

	private void restart(UnaryOperator<SocketIoOptions.Builder> customizer) {
		fixture.close();
		fixture = new SocketIoFixture(customizer);
	}

	@Test
	void connectToAMatchingNameCreatesAChildNamespace() {
		ParentNamespace parent = fixture.io.of(WORKSPACES);
		TestClient client = fixture.open();

		client.send("0/workspace-1,");

		assertThat(client.last()).startsWith("40/workspace-1,{\"sid\":");
		assertThat(parent.children()).extracting(Namespace::name).containsExactly("/workspace-1");
		assertThat(fixture.io.namespaces()).extracting(Namespace::name).contains("/workspace-1");
	}

	@Test
	void nameThatMatchesNoParentIsAnInvalidNamespace() {
		fixture.io.of(WORKSPACES);
		TestClient client = fixture.open();

		client.send("0/workspace-x,");

		assertThat(client.take()).containsExactly("44/workspace-x,{\"message\":\"Invalid namespace\"}");
	}

	@Test
	void childInheritsTheParentsConnectionListeners() {
		fixture.io.of(WORKSPACES).on((socket) -> socket.emit("welcome", socket.namespace().name()));
		TestClient client = fixture.open();

		client.send("0/workspace-7,");

		assertThat(client.last()).isEqualTo("42/workspace-7,[\"welcome\",\"/workspace-7\"]");
	}

	@Test
	void childInheritsTheParentsMiddlewares() {
		fixture.io.of(WORKSPACES).use((socket) -> {
			throw new ConnectionRefusedException("members only");
		});
		TestClient client = fixture.open();

		client.send("0/workspace-2,");

		assertThat(client.take()).containsExactly("44/workspace-2,{\"message\":\"members only\"}");
	}

	@Test
	void middlewaresForEveryNamespaceRunBeforeTheInheritedOnes() {
		java.util.List<String> order = new java.util.ArrayList<>();
		fixture.io.of(WORKSPACES).use((socket) -> order.add("parent"));
		fixture.io.useForEveryNamespace((socket) -> order.add("everywhere"));
		TestClient client = fixture.open();

		client.send("0/workspace-3,");
		client.send("0");

		assertThat(order).containsExactly("everywhere", "parent", "everywhere");
	}

	@Test
	void predicateParentSeesTheAuthPayload() {
		fixture.io.of((name, auth) -> name.startsWith("/team-") && "secret".equals(auth.get("key")));
		TestClient client = fixture.open();

		client.send("0/team-a,{\"key\":\"wrong\"}");
		client.send("0/team-a,{\"key\":\"secret\"}");

		assertThat(client.take()).containsExactly("44/team-a,{\"message\":\"Invalid namespace\"}", client.last());
		assertThat(client.last()).startsWith("40/team-a,{\"sid\":");
	}

	@Test
	void parentBroadcastReachesTheSocketsOfEveryChild() {
		ParentNamespace parent = fixture.io.of(WORKSPACES);
		TestClient one = fixture.open();
		TestClient two = fixture.open();
		one.connect("/workspace-1");
		two.connect("/workspace-2");
		one.take();
		two.take();

		parent.emit("announcement", "hi");

		assertThat(one.take()).containsExactly("42/workspace-1,[\"announcement\",\"hi\"]");
		assertThat(two.take()).containsExactly("42/workspace-2,[\"announcement\",\"hi\"]");
	}

	@Test
	void parentFetchSocketsListsTheSocketsOfEveryChild() {
		ParentNamespace parent = fixture.io.of(WORKSPACES);
		String one = fixture.open().connect("/workspace-1");
		String two = fixture.open().connect("/workspace-2");

		assertThat(parent.fetchSockets().join()).extracting(RemoteSocket::id).containsExactlyInAnyOrder(one, two);
	}

	@Test
	void secondClientJoinsTheExistingChild() {
		ParentNamespace parent = fixture.io.of(WORKSPACES);
		TestClient one = fixture.open();
		TestClient two = fixture.open();

		one.connect("/workspace-1");
		two.connect("/workspace-1");

		assertThat(parent.children()).hasSize(1);
		assertThat(fixture.io.of("/workspace-1").sockets()).hasSize(2);
	}

	@Test
	void emptyChildIsRemovedWhenCleanupIsOn() {
		restart((options) -> options.cleanupEmptyChildNamespaces(true));
		ParentNamespace parent = fixture.io.of(WORKSPACES);
		TestClient client = fixture.open();
		client.connect("/workspace-1");

		client.send("1/workspace-1,");

		assertThat(parent.children()).isEmpty();
		assertThat(fixture.io.namespaces()).extracting(Namespace::name).doesNotContain("/workspace-1");
	}

	@Test
	void emptyChildIsKeptWhenCleanupIsOff() {
		ParentNamespace parent = fixture.io.of(WORKSPACES);
		TestClient client = fixture.open();
		client.connect("/workspace-1");

		client.send("1/workspace-1,");

		assertThat(parent.children()).hasSize(1);
	}

	@Test
	void removedChildIsCreatedAfreshOnTheNextConnect() {
		restart((options) -> options.cleanupEmptyChildNamespaces(true));
		ParentNamespace parent = fixture.io.of(WORKSPACES);
		List<String> names = new CopyOnWriteArrayList<>();
		parent.on((socket) -> names.add(socket.namespace().name()));
		TestClient client = fixture.open();
		client.connect("/workspace-1");
		client.send("1/workspace-1,");

		client.connect("/workspace-1");

		assertThat(names).containsExactly("/workspace-1", "/workspace-1");
		assertThat(parent.children()).hasSize(1);
	}

	@Test
	void newNamespaceListenerHearsStaticAndDynamicNamespaces() {
		List<String> created = new CopyOnWriteArrayList<>();
		fixture.io.onNewNamespace((namespace) -> created.add(namespace.name()));
		fixture.io.of(WORKSPACES);

		fixture.io.of("/static");
		fixture.open().connect("/workspace-3");

		assertThat(created).containsExactly("/static", "/workspace-3");
	}

	@Test
	void staticNamespaceWinsOverAMatchingParent() {
		List<String> calls = new CopyOnWriteArrayList<>();
		fixture.io.of(WORKSPACES).on((socket) -> calls.add("parent"));
		fixture.io.of("/workspace-9").on((socket) -> calls.add("static"));

		fixture.open().connect("/workspace-9");

		assertThat(calls).containsExactly("static");
	}

}
