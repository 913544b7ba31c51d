package dev.realtime.socketio.benchmarks.jmh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.engine.spi.Frame;
import dev.realtime.socketio.server.SocketIoOptions;
import dev.realtime.socketio.server.SocketIoServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code io.emit} to N connected sockets of the main namespace, through the public API: a
 * real {@link SocketIoServer} with the in-memory adapter, whose sessions sit on
 * {@link FakeConnection}s that complete every write at once. Listeners run inline so the
 * benchmark thread does all the work.
 *
 * <p>
 * Baselines in the same run: {@code idealEncodeOnce} (Jackson writes the packet once and
 * the same bytes go to the N connections: the floor of an encode-once broadcast) and
 * {@code encodePerTarget} (Jackson writes it once per target: what encode-once saves).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BroadcastBenchmark extends ShortRun {

	/** Number of connected sockets the broadcast reaches. */
	@Param({ "10", "1000" })
	public int targets = 10;

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final List<FakeConnection> connections = new ArrayList<>();

	private SocketIoServer io = new SocketIoServer(SocketIoOptions.builder().build());

	private Map<String, Object> message = Map.of();

	@Setup(Level.Trial)
	public void setUp() {
		io.close();
		io = InlineServers.server(Long.MAX_VALUE / 4);
		for (int i = 0; i < targets; i++) {
			FakeConnection connection = new FakeConnection();
			InlineServers.connect(io, connection);
			connection.recording = false;
			connections.add(connection);
		}
		message = message();
	}

	/** The broadcast's payload. */
	static Map<String, Object> message() {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("seq", 1);
		payload.put("t", 123456789012L);
		payload.put("text", "hello everyone");
		return payload;
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		io.close();
	}

	/** {@code io.emit("broadcast", message)} to every socket. */
	@Benchmark
	public void emitToAll() {
		io.emit("broadcast", message);
	}

	/**
	 * Baseline: Jackson writes the packet once, the same bytes go to every connection.
	 */
	@Benchmark
	public void idealEncodeOnce() {
		byte[] bytes = ("42" + mapper.writeValueAsString(List.of("broadcast", message)))
			.getBytes(StandardCharsets.UTF_8);
		Frame frame = new BytesFrame(bytes);
		for (FakeConnection connection : connections) {
			connection.send(frame, (failure) -> {
			});
		}
	}

	/** Baseline: Jackson writes the packet again for every connection. */
	@Benchmark
	public void encodePerTarget() {
		for (FakeConnection connection : connections) {
			byte[] bytes = ("42" + mapper.writeValueAsString(List.of("broadcast", message)))
				.getBytes(StandardCharsets.UTF_8);
			connection.send(new BytesFrame(bytes), (failure) -> {
			});
		}
	}

	private record BytesFrame(byte[] bytes) implements Frame {

		@Override
		public boolean binary() {
			return false;
		}

		@Override
		public String text() {
			return new String(bytes, StandardCharsets.UTF_8);
		}
	}

}
