package dev.realtime.socketio.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import dev.realtime.socketio.engine.CloseReason;
import dev.realtime.socketio.engine.EngineSocket;
import dev.realtime.socketio.engine.codec.EnginePacket;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The observer SPI sees connections, namespace joins and refusals, events, acks and
 * messages.
 */
class ServerObserverTests {

	private final List<String> seen = new CopyOnWriteArrayList<>();

	private final SocketIoFixture fixture = new SocketIoFixture();

	@AfterEach
	void close() {
		fixture.close();
	}

	private final ServerObserver recorder = new ServerObserver() {

		@Override
		public void sessionOpened(EngineSocket session) {
			seen.add("open " + session.transport());
		}

		@Override
		public void sessionClosed(EngineSocket session, String transport, CloseReason reason) {
			seen.add("close " + transport + " " + reason.text());
		}

		@Override
		public void messageReceived(EngineSocket session, Object data) {
			seen.add("in " + data);
		}

		@Override
		public void messagesSent(EngineSocket session, List<EnginePacket> packets) {
			seen.add("out " + packets.size());
		}

		@Override
		public void socketConnecting(Socket socket) {
			seen.add("connecting " + socket.namespace().name());
		}

		@Override
		public void socketConnected(Socket socket) {
			seen.add("connected " + socket.namespace().name());
		}

		@Override
		public void connectError(String namespace, @Nullable Socket socket, String message, @Nullable Object data,
				@Nullable Throwable error) {
			seen.add("connect_error " + namespace + " " + message + " " + data);
		}

		@Override
		public void socketDisconnected(Socket socket, DisconnectReason reason) {
			seen.add("disconnected " + socket.namespace().name() + " " + reason.text());
		}

		@Override
		public void eventHandled(Socket socket, String event, boolean declared, EventOutcome outcome,
				long durationNanos, @Nullable Throwable error) {
			assertThat(durationNanos).isGreaterThanOrEqualTo(0);
			seen.add("event " + event + " " + declared + " " + outcome
					+ ((error != null) ? " " + error.getMessage() : ""));
		}

		@Override
		public void ackCompleted(Socket socket, AckOutcome outcome, long durationNanos) {
			seen.add("ack " + outcome);
		}
	};

	@Test
	void seesTheLifeOfAConnection() {
		fixture.io.addObserver(recorder);
		fixture.io.on((socket) -> {
			socket.on("hello", (args, ack) -> {
			});
			socket.on("boom", (args, ack) -> {
				throw new IllegalStateException("kaboom");
			});
		});
		fixture.io.of("/private").use((socket) -> {
			throw new ConnectionRefusedException("nope", Map.of("code", "access_denied"));
		});
		TestClient client = fixture.open();
		assertThat(seen).containsExactly("open websocket");
		client.connect();
		assertThat(seen).contains("in 0", "connecting /", "connected /", "out 1");
		seen.clear();

		client.send("2[\"hello\"]");
		client.send("2[\"boom\"]");
		client.send("2[\"made-up\"]");
		assertThat(seen).containsExactly("in 2[\"hello\"]", "event hello true SUCCESS", "in 2[\"boom\"]",
				"event boom true ERROR kaboom", "in 2[\"made-up\"]", "event made-up false SUCCESS");
		seen.clear();

		client.send("0/private,");
		client.send("0/nowhere,");
		assertThat(seen).containsSubsequence("connecting /private", "connect_error /private nope {code=access_denied}",
				"connect_error /nowhere Invalid namespace null");
		seen.clear();

		client.sendRaw("1");
		assertThat(seen).containsExactly("close websocket transport close", "disconnected / transport close");
	}

	@Test
	void reportsDeniedEventsAndAcks() {
		fixture.close();
		SocketIoFixture denying = new SocketIoFixture((options) -> options.interceptor(new SocketInterceptor() {
			@Override
			public void aroundEvent(Socket socket, String event, EventArgs args, @Nullable Ack ack, Runnable dispatch) {
				if (!event.startsWith("secret")) {
					dispatch.run();
				}
			}
		}));
		try {
			denying.io.addObserver(recorder);
			CompletableFuture<Socket> connected = new CompletableFuture<>();
			denying.io.on((socket) -> {
				socket.on("secret", (args, ack) -> {
				});
				connected.complete(socket);
			});
			TestClient client = denying.open();
			client.connect();
			client.send("2[\"secret\"]");
			assertThat(seen).contains("event secret true DENIED");

			Socket socket = connected.join();
			socket.emitWithAck("question");
			client.send("30[\"answer\"]");
			socket.timeout(Duration.ofSeconds(1)).emitWithAck("late");
			denying.clock.advance(Duration.ofSeconds(2));
			socket.emitWithAck("never");
			client.sendRaw("1");
			assertThat(seen).containsSubsequence("ack ANSWERED", "ack TIMEOUT", "ack DISCONNECTED");
		}
		finally {
			denying.close();
		}
	}

	@Test
	void aRemovedObserverIsNoLongerCalledAndCanComeBack() {
		List<String> other = new CopyOnWriteArrayList<>();
		ServerObserver second = new ServerObserver() {
			@Override
			public void eventHandled(Socket socket, String event, boolean declared, EventOutcome outcome,
					long durationNanos, @Nullable Throwable error) {
				other.add("event " + event);
			}
		};
		fixture.io.addObserver(recorder);
		fixture.io.addObserver(second);
		fixture.io.on((socket) -> socket.on("hello", (args, ack) -> {
		}));
		TestClient client = fixture.open();
		client.connect();
		seen.clear();

		assertThat(fixture.io.removeObserver(recorder)).isTrue();
		assertThat(fixture.io.removeObserver(recorder)).isFalse();
		client.send("2[\"hello\"]");
		assertThat(seen).isEmpty();
		assertThat(other).containsExactly("event hello");
		assertThat(fixture.io.observer()).isSameAs(second);
		assertThat(fixture.io.engine().messageObserver()).isNull();

		fixture.io.removeObserver(second);
		assertThat(fixture.io.observer()).isNull();
		assertThat(fixture.io.engine().observer()).isNull();
		client.send("2[\"hello\"]");
		assertThat(other).containsExactly("event hello");

		fixture.io.addObserver(recorder);
		client.send("2[\"hello\"]");
		assertThat(seen).containsExactly("in 2[\"hello\"]", "event hello true SUCCESS");
	}

	@Test
	void dynamicNamespacesKnowTheirParent() {
		ParentNamespace parent = fixture.io.of(Pattern.compile("^/room-\\d+$"));
		TestClient client = fixture.open();
		client.connect("/room-1");
		Namespace child = fixture.io.of("/room-1");
		assertThat(child.parent()).isSameAs(parent);
		assertThat(parent.label()).isEqualTo("^/room-\\d+$");
		assertThat(fixture.io.of("/static").parent()).isNull();
		assertThat(fixture.io.parentNamespaces()).containsExactly(parent);
	}

	@Test
	void aFailingObserverDoesNotBreakTheServer() {
		fixture.io.addObserver(new ServerObserver() {
			@Override
			public void eventHandled(Socket socket, String event, boolean declared, EventOutcome outcome,
					long durationNanos, @Nullable Throwable error) {
				throw new IllegalStateException("observer bug");
			}

			@Override
			public void messageReceived(EngineSocket session, Object data) {
				throw new IllegalStateException("observer bug");
			}
		});
		fixture.io.addObserver(recorder);
		fixture.io.on((socket) -> socket.on("hello", (args, ack) -> ack.send("hi")));
		TestClient client = fixture.open();
		client.connect();
		client.send("21[\"hello\"]");
		assertThat(client.last()).isEqualTo("431[\"hi\"]");
	}

	@Test
	void dynamicNamespacesBeyondTheLimitAreRefused() {
		fixture.io.addObserver(recorder);
		fixture.io.of(Pattern.compile("^/room-\\d+$"));
		fixture.io.setMaxDynamicNamespaces(1);
		TestClient client = fixture.open();
		client.connect("/room-1");
		client.send("0/room-2,");
		assertThat(client.last()).isEqualTo("44/room-2,{\"message\":\"Invalid namespace\"}");
		assertThat(fixture.io.dynamicNamespaceCount()).isEqualTo(1);
		assertThat(seen).contains("connect_error /room-2 Invalid namespace null");
		TestClient other = fixture.open();
		other.connect("/room-1");
	}

}
