package dev.realtime.socketio.benchmarks.jmh;

import java.time.Duration;

import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.engine.spi.WebSocketReceiver;
import dev.realtime.socketio.server.SocketIoOptions;
import dev.realtime.socketio.server.SocketIoServer;

/**
 * The servers of the in-process benchmarks: listeners run inline (the pool is
 * {@code Runnable::run}) so the benchmark thread does all the work, no heartbeat during a
 * run, and WebSocket clients on {@link FakeConnection}s joined to the main namespace.
 */
final class InlineServers {

	private InlineServers() {
	}

	/** A server whose sessions may buffer up to {@code maxBufferedBytes} each. */
	static SocketIoServer server(long maxBufferedBytes) {
		EngineOptions engine = EngineOptions.builder()
			.executor(Runnable::run)
			// no heartbeat during the run: only the packets are measured
			.pingInterval(Duration.ofHours(1))
			.pingTimeout(Duration.ofHours(1))
			.maxBufferedBytes(maxBufferedBytes)
			.build();
		return new SocketIoServer(SocketIoOptions.builder().engine(engine).build());
	}

	/**
	 * Opens a WebSocket session on {@code connection} and joins the main namespace.
	 * @return what the binding would feed with the client's frames
	 */
	static WebSocketReceiver connect(SocketIoServer io, FakeConnection connection) {
		FakeRequest request = new FakeRequest();
		if (!io.engine().checkUpgrade(request).accepted()) {
			throw new IllegalStateException("upgrade refused");
		}
		WebSocketReceiver receiver = io.engine().onWebSocketOpen(request, connection);
		receiver.onText("40");
		String reply = connection.lastText;
		if (reply == null || !reply.startsWith("40{")) {
			throw new IllegalStateException("socket did not connect: " + reply);
		}
		return receiver;
	}

}
