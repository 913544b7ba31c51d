package dev.realtime.socketio.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * The compact per-connection structures: a client's sockets by namespace
 * ({@link NamespaceSockets}), the copy-on-write listener collections
 * ({@link CopyOnWrite}) and the handshake read from the connection's request.
 */
class CompactSocketStateTests {

	private final SocketIoFixture fixture = new SocketIoFixture();

	@AfterEach
	void closeServer() {
		fixture.close();
	}

	/** Three sockets of one client, in "/", "/a" and "/b". */
	private List<Socket> socketsInThreeNamespaces() {
		List<Socket> sockets = new ArrayList<>();
		fixture.io.on(sockets::add);
		fixture.io.of("/a").on(sockets::add);
		fixture.io.of("/b").on(sockets::add);
		TestClient client = fixture.open();
		client.send("0");
		client.send("0/a,");
		client.send("0/b,");
		assertThat(sockets).hasSize(3);
		return sockets;
	}

	@Test
	void namespaceSocketsGoFromOneSocketToAMapAndBack() {
		List<Socket> sockets = socketsInThreeNamespaces();
		Socket main = sockets.get(0);
		Socket a = sockets.get(1);
		Socket b = sockets.get(2);
		NamespaceSockets byName = new NamespaceSockets();
		assertThat(byName.isEmpty()).isTrue();
		assertThat(byName.get("/")).isNull();
		assertThat(byName.values()).isEmpty();

		byName.put("/", main);
		assertThat(byName.get("/")).isSameAs(main);
		assertThat(byName.get("/a")).isNull();
		assertThat(byName.containsKey("/")).isTrue();
		assertThat(byName.values()).containsExactly(main);

		byName.put("/a", a);
		byName.put("/b", b);
		assertThat(byName.size()).isEqualTo(3);
		assertThat(byName.get("/a")).isSameAs(a);
		assertThat(byName.values()).containsExactlyInAnyOrder(main, a, b);

		// only the socket it holds is removed
		assertThat(byName.remove("/a", b)).isFalse();
		assertThat(byName.remove("/a", a)).isTrue();
		assertThat(byName.remove("/a", a)).isFalse();
		assertThat(byName.values()).containsExactlyInAnyOrder(main, b);
		assertThat(byName.remove("/", main)).isTrue();
		assertThat(byName.values()).containsExactly(b);
		assertThat(byName.get("/b")).isSameAs(b);
		assertThat(byName.remove("/", main)).isFalse();
		assertThat(byName.remove("/b", b)).isTrue();
		assertThat(byName.isEmpty()).isTrue();

		byName.put("/", main);
		byName.clear();
		assertThat(byName.isEmpty()).isTrue();
	}

	@Test
	void namespaceSocketsStayConsistentUnderConcurrentJoinsAndLeaves() throws Exception {
		List<Socket> sockets = socketsInThreeNamespaces();
		NamespaceSockets byName = new NamespaceSockets();
		ExecutorService threads = Executors.newFixedThreadPool(3);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> runs = new ArrayList<>();
			for (Socket socket : sockets) {
				String name = socket.namespace().name();
				runs.add(threads.submit(() -> {
					start.await();
					for (int i = 0; i < 20_000; i++) {
						byName.put(name, socket);
						assertThat(byName.get(name)).isSameAs(socket);
						assertThat(byName.remove(name, socket)).isTrue();
					}
					byName.put(name, socket);
					return null;
				}));
			}
			start.countDown();
			for (Future<?> run : runs) {
				run.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(byName.values()).containsExactlyInAnyOrderElementsOf(sockets);
	}

	@Test
	void aClientWithSeveralNamespacesLeavesThemOneByOne() {
		fixture.io.of("/a");
		fixture.io.of("/b");
		List<String> heard = new ArrayList<>();
		fixture.io.of("/b").on((socket) -> socket.on("ping", (args, ack) -> heard.add(socket.namespace().name())));
		TestClient client = fixture.open();
		client.connect("/a");
		client.connect("/b");
		assertThat(fixture.io.of("/a").sockets()).hasSize(1);
		client.send("1/a,");
		assertThat(fixture.io.of("/a").sockets()).isEmpty();
		client.send("2/b,[\"ping\"]");
		assertThat(heard).containsExactly("/b");
		// a namespace left can be joined again, the other stays
		client.connect("/a");
		assertThat(fixture.io.of("/a").sockets()).hasSize(1);
		client.send("1/b,");
		client.send("1/a,");
		assertThat(fixture.io.of("/a").sockets()).isEmpty();
		assertThat(fixture.io.of("/b").sockets()).isEmpty();
		// no namespace left: the connection may join one again
		client.connect("/b");
		client.send("2/b,[\"ping\"]");
		assertThat(heard).containsExactly("/b", "/b");
		assertThat(client.webSocket.closed()).isFalse();
		// an event for a namespace it left is a protocol error: the connection closes
		client.send("2/a,[\"ping\"]");
		assertThat(fixture.io.of("/b").sockets()).isEmpty();
	}

	@Test
	void listenerListsAreCopiedOnWrite() {
		List<String> empty = List.of();
		List<String> one = CopyOnWrite.plus(empty, "a", false);
		List<String> two = CopyOnWrite.plus(one, "b", false);
		List<String> three = CopyOnWrite.plus(two, "first", true);
		assertThat(one).containsExactly("a");
		assertThat(two).containsExactly("a", "b");
		assertThat(three).containsExactly("first", "a", "b");
		assertThat(CopyOnWrite.minus(three, "a")).containsExactly("first", "b");
		assertThat(CopyOnWrite.minus(three, "missing")).isSameAs(three);
		assertThat(CopyOnWrite.minusOrAll(three, null)).isEmpty();
		assertThat(CopyOnWrite.plus(CopyOnWrite.plus(one, "a", false), "b", false)).containsExactly("a", "a", "b");
		assertThat(CopyOnWrite.minus(List.of("a", "b", "a"), "a")).containsExactly("b", "a");
		assertThatNullPointerException().isThrownBy(() -> CopyOnWrite.plus(one, null, false));

		Map<String, List<String>> events = CopyOnWrite.with(Map.of(), "chat", one);
		events = CopyOnWrite.with(events, "typing", two);
		assertThat(events).containsOnlyKeys("chat", "typing");
		events = CopyOnWrite.with(events, "chat", List.of());
		assertThat(events).containsOnlyKeys("typing");
		Map<String, List<String>> unchanged = events;
		assertThat(CopyOnWrite.with(events, "absent", List.of())).isSameAs(unchanged);
		for (int i = 0; i < 40; i++) {
			events = CopyOnWrite.with(events, "event" + i, one);
		}
		assertThat(events).hasSize(41).containsEntry("event39", one);
	}

	@Test
	void socketListenersAddAndRemoveAsBefore() {
		AtomicReference<Socket> connected = new AtomicReference<>();
		List<String> heard = new ArrayList<>();
		fixture.io.on(connected::set);
		TestClient client = fixture.open();
		client.send("0");
		Socket socket = connected.get();
		EventListener first = (args, ack) -> heard.add("first");
		EventListener second = (args, ack) -> heard.add("second");
		socket.on("chat", first);
		socket.on("chat", second);
		socket.on("chat", first);
		client.send("2[\"chat\"]");
		assertThat(heard).containsExactly("first", "second", "first");
		socket.off("chat", first);
		heard.clear();
		client.send("2[\"chat\"]");
		assertThat(heard).containsExactly("second", "first");
		socket.off("chat", second);
		socket.off("chat", first);
		assertThat(socket.hasListeners("chat")).isFalse();
		List<String> any = new ArrayList<>();
		AnyListener all = (event, args) -> any.add(event);
		socket.onAny(all);
		socket.prependAny((event, args) -> any.add("before " + event));
		client.send("2[\"chat\"]");
		assertThat(any).containsExactly("before chat", "chat");
		socket.offAny(all);
		any.clear();
		client.send("2[\"chat\"]");
		assertThat(any).containsExactly("before chat");
		socket.offAny(null);
		any.clear();
		client.send("2[\"chat\"]");
		assertThat(any).isEmpty();
	}

	@Test
	void aLocalHandshakeReadsTheConnectionsRequest() {
		AtomicReference<Socket> connected = new AtomicReference<>();
		fixture.io.on(connected::set);
		TestClient client = fixture.open("EIO=4&transport=websocket&room=lobby");
		client.send("0{\"token\":\"abc\"}");
		Handshake handshake = connected.get().handshake();

		assertThat(handshake.url()).endsWith(".io/?EIO=4&transport=websocket&room=lobby");
		assertThat(handshake.queryParameter("room")).isEqualTo("lobby");
		assertThat(handshake.auth()).containsEntry("token", "abc");
		assertThat(handshake.time()).isEqualTo(Namespace.handshakeTime(handshake.issued()));
		assertThat(handshake.address()).isNotNull();
		assertThat(handshake.xdomain()).isFalse();
		// the same values as a handshake that holds them (another server's)
		Handshake copy = Handshake.fromNodeShape(handshake.toNodeShape());
		assertThat(copy.url()).isEqualTo(handshake.url());
		assertThat(copy.time()).isEqualTo(handshake.time());
		assertThat(copy.address()).isEqualTo(handshake.address());
		assertThat(copy.query()).isEqualTo(handshake.query());
		assertThat(copy.auth()).isEqualTo(handshake.auth());
		Handshake explicit = new Handshake(handshake.headers(), handshake.time(), handshake.address(),
				handshake.xdomain(), handshake.secure(), handshake.issued(), handshake.url(), handshake.query(),
				handshake.auth(), handshake.principal());
		assertThat(explicit).isEqualTo(handshake).hasSameHashCodeAs(handshake);
		assertThat(explicit.toString()).isEqualTo(handshake.toString());
	}

}
