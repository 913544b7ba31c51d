package dev.realtime.socketio.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.engine.spi.WebSocketReceiver;
import dev.realtime.socketio.server.SocketIoServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The handshake scenario's server work in the core, without a web stack: a WebSocket
 * session opens on a {@link FakeConnection} (the Engine.IO open packet), the client's
 * {@code 40} joins the main namespace (the {@code 40{sid}} answer), and the client's
 * close frame ends it. Listeners run inline ({@link InlineServers}).
 *
 * <p>
 * {@code handlers}: {@code lambda} registers the benchmark server's two handlers on every
 * socket from a connection listener (what {@code --bench.handlers=lambda} does),
 * {@code namespace} registers them once on the namespace (what the {@code @SocketEvent}
 * handlers of {@code --bench.handlers=annotated} do), {@code none} registers nothing. The
 * difference between them is what the per-socket listeners cost a connect.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConnectBenchmark extends ShortRun {

	@Param({ "lambda", "namespace", "none" })
	public String handlers;

	private SocketIoServer io = InlineServers.server(1 << 20);

	@Setup(Level.Trial)
	public void setUp() {
		io = InlineServers.server(1 << 20);
		switch (handlers) {
			case "lambda" -> io.on((socket) -> {
				socket.on("echo", (args, ack) -> {
					if (ack != null) {
						ack.send(args.toArray());
					}
				});
				socket.on("broadcast", (args, ack) -> io.emit("broadcast", args.toArray()));
			});
			case "namespace" -> {
				io.of("/").onEvent("echo", (socket, args, ack) -> {
					if (ack != null) {
						ack.send(args.toArray());
					}
				});
				io.of("/").onEvent("broadcast", (socket, args, ack) -> io.emit("broadcast", args.toArray()));
			}
			case "none" -> {
			}
			default -> throw new IllegalArgumentException(handlers);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		io.close();
	}

	@Benchmark
	public long connectAndClose() {
		FakeConnection connection = new FakeConnection();
		WebSocketReceiver receiver = InlineServers.connect(io, connection);
		receiver.onClose(1000, null);
		return connection.frames;
	}

}
