package dev.realtime.socketio.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Interceptors wrap event dispatch and listeners; a socket carries its own principal. */
class SocketInterceptorTests {

	private final List<String> trace = new ArrayList<>();

	private SocketIoFixture fixture;

	@AfterEach
	void close() {
		fixture.close();
	}

	private SocketIoFixture withInterceptors(SocketInterceptor... interceptors) {
		fixture = new SocketIoFixture((options) -> {
			for (SocketInterceptor interceptor : interceptors) {
				options.interceptor(interceptor);
			}
			return options;
		});
		return fixture;
	}

	private SocketInterceptor tracing(String name) {
		return new SocketInterceptor() {
			@Override
			public void aroundEvent(Socket socket, String event, EventArgs args, Ack ack, Runnable dispatch) {
				trace.add(name + ">" + event);
				dispatch.run();
				trace.add(name + "<" + event);
			}

			@Override
			public void aroundListener(Socket socket, Runnable listener) {
				trace.add(name + ">listener");
				listener.run();
				trace.add(name + "<listener");
			}
		};
	}

	@Test
	void anExecutedTaskRunsAfterTheCurrentEventInsideTheInterceptors() {
		withInterceptors(tracing("a"));
		fixture.io.on((socket) -> socket.on("later", (args, ack) -> {
			socket.execute(() -> trace.add("task"));
			trace.add("event end");
		}));
		TestClient client = fixture.open();
		client.connect();
		trace.clear();

		client.send("2[\"later\"]");

		assertThat(trace).containsExactly("a>later", "event end", "a<later", "a>listener", "task", "a<listener");
	}

	@Test
	void aFailingExecutedTaskGoesToTheErrorListeners() {
		withInterceptors();
		fixture.io.on((socket) -> {
			socket.onError((error) -> trace.add("error " + error.getMessage()));
			socket.execute(() -> {
				throw new IllegalStateException("late");
			});
		});
		TestClient client = fixture.open();
		client.connect();

		assertThat(trace).containsExactly("error late");
	}

	@Test
	void interceptorsWrapEventDispatchFirstOneOutermost() {
		withInterceptors(tracing("a"), tracing("b"));
		fixture.io.on((socket) -> socket.on("hello", (args, ack) -> trace.add("hello")));
		TestClient client = fixture.open();
		client.connect();
		trace.clear();

		client.send("2[\"hello\"]");

		assertThat(trace).containsExactly("a>hello", "b>hello", "hello", "b<hello", "a<hello");
	}

	@Test
	void interceptorThatDoesNotProceedDropsTheEventAndCanAnswerTheAck() {
		withInterceptors(new SocketInterceptor() {
			@Override
			public void aroundEvent(Socket socket, String event, EventArgs args, Ack ack, Runnable dispatch) {
				if (event.equals("secret")) {
					ack.send(Map.of("error", "forbidden"));
					return;
				}
				dispatch.run();
			}
		});
		fixture.io.on((socket) -> socket.on("secret", (args, ack) -> trace.add("dispatched")));
		TestClient client = fixture.open();
		client.connect();

		client.send("27[\"secret\"]");

		assertThat(trace).isEmpty();
		assertThat(client.last()).isEqualTo("437[{\"error\":\"forbidden\"}]");
	}

	@Test
	void connectionAndDisconnectionListenersRunInsideTheInterceptors() {
		withInterceptors(tracing("a"));
		fixture.io.on((socket) -> {
			trace.add("connected");
			socket.onDisconnect((reason) -> trace.add("disconnected"));
		});
		TestClient client = fixture.open();
		client.connect();

		client.send("1");

		assertThat(trace).containsExactly("a>listener", "connected", "a<listener", "a>listener", "disconnected",
				"a<listener");
	}

	@Test
	void principalSetByAMiddlewareWinsOverTheHandshakePrincipal() {
		withInterceptors();
		fixture.io.use((socket) -> {
			if (socket.principal() == null) {
				socket.setPrincipal(() -> "token-user");
			}
		});
		List<String> seen = new ArrayList<>();
		fixture.io.on((socket) -> seen.add(socket.principal().getName()));
		TestClient client = fixture.open();

		client.connect();

		assertThat(seen).containsExactly("token-user");
	}

}
