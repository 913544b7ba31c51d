package dev.realtime.socketio.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.realtime.socketio.engine.spi.UpgradeDecision;
import dev.realtime.socketio.testsupport.FakeHttpExchange;
import dev.realtime.socketio.testsupport.FakeWebSocket;
import dev.realtime.socketio.testsupport.ManualScheduler;
import dev.realtime.socketio.testsupport.TestExecutors;

/**
 * An {@link EngineServer} on a fake clock, with the conformance suite's settings
 * (pingInterval 300, pingTimeout 200), driven the way a web stack drives it: exchanges
 * for HTTP, fake WebSockets for the rest. By default an echo server, like the Engine.IO
 * conformance profile.
 */
final class EngineFixture implements AutoCloseable {

	static final Duration PING_INTERVAL = Duration.ofMillis(300);

	static final Duration PING_TIMEOUT = Duration.ofMillis(200);

	private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

	final ManualScheduler clock = new ManualScheduler();

	final EngineServer engine;

	/** Why each session closed, in order. */
	final List<CloseReason> closeReasons = new CopyOnWriteArrayList<>();

	/** The sessions the server opened, in order. */
	final List<EngineSocket> sockets = new CopyOnWriteArrayList<>();

	EngineFixture() {
		this(UnaryOperator.identity());
	}

	EngineFixture(UnaryOperator<EngineOptions.Builder> customizer) {
		this(customizer, TestExecutors.direct(), true);
	}

	EngineFixture(UnaryOperator<EngineOptions.Builder> customizer, Executor executor, boolean echo) {
		EngineOptions.Builder builder = EngineOptions.builder()
			.pingInterval(PING_INTERVAL)
			.pingTimeout(PING_TIMEOUT)
			.maxHttpBufferSize(1_000_000)
			.scheduler(clock)
			.executor(executor);
		this.engine = new EngineServer(customizer.apply(builder).build());
		engine.onConnection((socket) -> {
			sockets.add(socket);
			socket.onClose(closeReasons::add);
			if (echo) {
				socket.onMessage(socket::sendContent);
			}
		});
	}

	static String sidOf(String openPacket) {
		Matcher matcher = SID.matcher(openPacket);
		if (!matcher.find()) {
			throw new AssertionError("no sid in " + openPacket);
		}
		return matcher.group(1);
	}

	/** A polling handshake; returns the session id. */
	String handshake() {
		FakeHttpExchange exchange = FakeHttpExchange.get("EIO=4&transport=polling");
		engine.handle(exchange);
		if (exchange.status() != 200) {
			throw new AssertionError("handshake failed: " + exchange.status() + " " + exchange.bodyText());
		}
		return sidOf(exchange.bodyText());
	}

	FakeHttpExchange handle(FakeHttpExchange exchange) {
		engine.handle(exchange);
		return exchange;
	}

	FakeHttpExchange get(String sid) {
		return handle(FakeHttpExchange.get("EIO=4&transport=polling&sid=" + sid));
	}

	FakeHttpExchange post(String sid, String body) {
		return handle(FakeHttpExchange.post("EIO=4&transport=polling&sid=" + sid, body)
			.header("Content-Type", "text/plain;charset=UTF-8"));
	}

	/** Opens a WebSocket the way a binding does: check, then (when accepted) open. */
	FakeWebSocket webSocket(String query) {
		FakeHttpExchange request = FakeHttpExchange.get(query);
		UpgradeDecision decision = engine.checkUpgrade(request);
		if (!decision.accepted()) {
			throw new AssertionError(
					"upgrade refused: " + decision.rejection().status() + " " + decision.rejection().bodyText());
		}
		FakeWebSocket webSocket = new FakeWebSocket();
		webSocket.handler(engine.onWebSocketOpen(request, webSocket));
		return webSocket;
	}

	/** A session opened directly on a WebSocket (no polling). */
	FakeWebSocket webSocketSession() {
		return webSocket("EIO=4&transport=websocket");
	}

	/** A WebSocket that asks to upgrade the polling session {@code sid}. */
	FakeWebSocket upgradeCandidate(String sid) {
		return webSocket("EIO=4&transport=websocket&sid=" + sid);
	}

	EngineSocket socket(String sid) {
		EngineSocket socket = engine.session(sid);
		if (socket == null) {
			throw new AssertionError("no open session " + sid);
		}
		return socket;
	}

	@Override
	public void close() {
		engine.close();
	}

}
