package dev.realtime.socketio.server;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.engine.spi.UpgradeDecision;
import dev.realtime.socketio.testsupport.FakeHttpExchange;
import dev.realtime.socketio.testsupport.FakeWebSocket;
import dev.realtime.socketio.testsupport.ManualScheduler;
import dev.realtime.socketio.testsupport.TestExecutors;

/**
 * A {@link SocketIoServer} whose engine runs on a fake clock and, by default, the
 * same-thread executor, so that everything a client frame causes has happened when the
 * call returns. Clients are WebSocket-only sessions driven with raw Socket.IO packets.
 */
final class SocketIoFixture implements AutoCloseable {

	static final Duration PING_INTERVAL = Duration.ofSeconds(25);

	static final Duration PING_TIMEOUT = Duration.ofSeconds(20);

	final ManualScheduler clock = new ManualScheduler();

	final SocketIoServer io;

	SocketIoFixture() {
		this(UnaryOperator.identity());
	}

	SocketIoFixture(UnaryOperator<SocketIoOptions.Builder> customizer) {
		this(customizer, TestExecutors.direct());
	}

	SocketIoFixture(UnaryOperator<SocketIoOptions.Builder> customizer, Executor executor) {
		this(customizer, executor, UnaryOperator.identity());
	}

	SocketIoFixture(UnaryOperator<SocketIoOptions.Builder> customizer, Executor executor,
			UnaryOperator<EngineOptions.Builder> engineCustomizer) {
		EngineOptions engine = engineCustomizer
			.apply(EngineOptions.builder()
				.path("/socket.io/")
				.pingInterval(PING_INTERVAL)
				.pingTimeout(PING_TIMEOUT)
				.scheduler(clock)
				.executor(executor))
			.build();
		this.io = new SocketIoServer(customizer.apply(SocketIoOptions.builder().engine(engine)).build());
	}

	/**
	 * Opens a WebSocket-only Engine.IO session, as a client with
	 * {@code transports: ["websocket"]}.
	 */
	TestClient open() {
		return open("EIO=4&transport=websocket");
	}

	TestClient open(String query) {
		FakeHttpExchange request = FakeHttpExchange.get(query);
		UpgradeDecision decision = io.engine().checkUpgrade(request);
		if (!decision.accepted()) {
			throw new AssertionError("upgrade refused: " + decision.rejection().bodyText());
		}
		FakeWebSocket webSocket = new FakeWebSocket();
		webSocket.handler(io.engine().onWebSocketOpen(request, webSocket));
		return new TestClient(webSocket);
	}

	/** The connected socket with this id in the namespace. */
	Socket socket(String namespace, String id) {
		Socket socket = io.of(namespace).socket(id);
		if (socket == null) {
			throw new AssertionError("no socket " + id + " in " + namespace);
		}
		return socket;
	}

	@Override
	public void close() {
		io.close();
	}

}
