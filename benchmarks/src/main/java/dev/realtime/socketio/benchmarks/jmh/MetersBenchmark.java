package dev.realtime.socketio.benchmarks.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.engine.EngineObserver;
import dev.realtime.socketio.engine.EngineSocket;
import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.engine.spi.WebSocketReceiver;
import dev.realtime.socketio.server.SocketIoOptions;
import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.actuate.SocketIoMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the Micrometer meters ({@link SocketIoMeters} on a {@code SimpleMeterRegistry}, as
 * {@code bench.metrics=simple} and the auto-configuration set them up) cost the echo and
 * broadcast paths, without a web stack: a real {@link SocketIoServer} whose sessions sit
 * on {@link FakeConnection}s that complete every write at once, listeners run inline.
 *
 * <p>
 * {@code meters}: {@code none} (no registry), {@code meters} (the starter's meters), and
 * {@code perMessage}, the earlier design for comparison: the same meters plus an observer
 * that updates two Micrometer counters on every message received and every delivery sent
 * (as {@code socketio.packets} and {@code socketio.bytes} were counted before). Read the
 * ratio of {@code meters} to {@code none} in one run, in CPU time per operation on a
 * shared machine ({@link CpuTimeProfiler}) and in allocation. The {@code *Paired}
 * benchmarks alternate both variants within each operation and time each in CPU time of
 * the benchmark thread: their {@code ·meters}/{@code ·none} ratio is the steadiest figure
 * on a loaded machine:
 * {@code benchmarks/jmh.sh MetersBenchmark -prof dev.realtime.socketio.benchmarks.jmh.CpuTimeProfiler -prof gc}.
 */
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MetersBenchmark extends ShortRun {

	/** A server with or without meters. */
	static SocketIoServer server(String meters) {
		SocketIoServer io = InlineServers.server(Long.MAX_VALUE / 4);
		switch (meters) {
			case "none" -> {
			}
			case "meters" -> new SocketIoMeters(io).bindTo(new SimpleMeterRegistry());
			case "perMessage" -> {
				SimpleMeterRegistry registry = new SimpleMeterRegistry();
				new SocketIoMeters(io).bindTo(registry);
				io.engine().addObserver(new PerMessageCounters(registry));
			}
			default -> throw new IllegalArgumentException("meters: none, meters or perMessage, was " + meters);
		}
		return io;
	}

	/** {@code io.emit} to {@link #targets} connected sockets. */
	@State(Scope.Benchmark)
	public static class Broadcast {

		@Param({ "none", "meters", "perMessage" })
		public String meters = "none";

		@Param({ "1000" })
		public int targets = 1000;

		SocketIoServer io = new SocketIoServer(SocketIoOptions.builder().build());

		Map<String, Object> message = Map.of();

		@Setup(Level.Trial)
		public void setUp() {
			io.close();
			io = server(meters);
			for (int i = 0; i < targets; i++) {
				FakeConnection connection = new FakeConnection();
				InlineServers.connect(io, connection);
				connection.recording = false;
			}
			message = BroadcastBenchmark.message();
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			io.close();
		}

	}

	/** One socket that sends {@code echo} events with an ack id. */
	@State(Scope.Benchmark)
	public static class Echo {

		private static final int FRAMES = 64;

		@Param({ "none", "meters", "perMessage" })
		public String meters = "none";

		SocketIoServer io = new SocketIoServer(SocketIoOptions.builder().build());

		final FakeConnection connection = new FakeConnection();

		WebSocketReceiver receiver = WebSocketReceiver.ignoring();

		final String[] frames = new String[FRAMES];

		int next;

		@Setup(Level.Trial)
		public void setUp() {
			io.close();
			io = server(meters);
			io.on((socket) -> socket.on("echo", (args, ack) -> {
				if (ack != null) {
					ack.send(args.toArray());
				}
			}));
			receiver = InlineServers.connect(io, connection);
			for (int i = 0; i < FRAMES; i++) {
				frames[i] = "42" + (1000 + i) + "[\"echo\",{\"n\":" + (1000 + i) + ",\"text\":\"hello world\"}]";
			}
			receiver.onText(frames[0]);
			if (!"431000[{\"n\":1000,\"text\":\"hello world\"}]".equals(connection.lastText)) {
				throw new IllegalStateException("unexpected ack: " + connection.lastText);
			}
			connection.recording = false;
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			io.close();
		}

	}

	/** {@code io.emit("broadcast", message)} to every socket. */
	@Benchmark
	public void broadcast(Broadcast state) {
		state.io.emit("broadcast", state.message);
	}

	/** One event frame in, its ack frame out. */
	@Benchmark
	public long echo(Echo state) {
		state.receiver.onText(state.frames[state.next++ & (Echo.FRAMES - 1)]);
		return state.connection.frames;
	}

	/**
	 * The CPU time of the benchmark thread spent in each variant of a paired benchmark,
	 * summed over an iteration (ns): their ratio is the meters' overhead.
	 */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.EVENTS)
	public static class CpuNanos {

		public long none;

		public long meters;

		private boolean metersFirst;

		@Setup(Level.Iteration)
		public void reset() {
			none = 0;
			meters = 0;
		}

	}

	/** A server without meters and one with, side by side. */
	@State(Scope.Benchmark)
	public static class Pair {

		final Broadcast broadcastNone = new Broadcast();

		final Broadcast broadcastMeters = new Broadcast();

		final Echo echoNone = new Echo();

		final Echo echoMeters = new Echo();

		/**
		 * Which server is set up first: on a loaded machine that alone moved the
		 * broadcast ratio by up to 30 %, so read both orders.
		 */
		@Param({ "none", "meters" })
		public String setUpFirst = "none";

		@Setup(Level.Trial)
		public void setUp() {
			broadcastMeters.meters = "meters";
			echoMeters.meters = "meters";
			boolean metersFirst = "meters".equals(setUpFirst);
			(metersFirst ? broadcastMeters : broadcastNone).setUp();
			(metersFirst ? broadcastNone : broadcastMeters).setUp();
			(metersFirst ? echoMeters : echoNone).setUp();
			(metersFirst ? echoNone : echoMeters).setUp();
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			broadcastNone.tearDown();
			broadcastMeters.tearDown();
			echoNone.tearDown();
			echoMeters.tearDown();
		}

	}

	private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	/** Echoes per CPU-time reading in {@link #echoPaired}. */
	private static final int ECHO_BATCH = 32;

	/**
	 * A broadcast without meters and one with, in alternating order, each timed in CPU
	 * time of this thread: the pairing cancels what the other processes of a shared
	 * machine do to both. Read {@code ·meters / ·none}.
	 */
	@Benchmark
	public void broadcastPaired(Pair pair, CpuNanos cpu) {
		cpu.metersFirst = !cpu.metersFirst;
		Broadcast first = cpu.metersFirst ? pair.broadcastMeters : pair.broadcastNone;
		Broadcast second = cpu.metersFirst ? pair.broadcastNone : pair.broadcastMeters;
		long start = threads.getCurrentThreadCpuTime();
		broadcast(first);
		long middle = threads.getCurrentThreadCpuTime();
		broadcast(second);
		long end = threads.getCurrentThreadCpuTime();
		count(cpu, middle - start, end - middle);
	}

	/** {@value #ECHO_BATCH} echoes without meters and as many with, as above. */
	@Benchmark
	public long echoPaired(Pair pair, CpuNanos cpu) {
		cpu.metersFirst = !cpu.metersFirst;
		Echo first = cpu.metersFirst ? pair.echoMeters : pair.echoNone;
		Echo second = cpu.metersFirst ? pair.echoNone : pair.echoMeters;
		long frames = 0;
		long start = threads.getCurrentThreadCpuTime();
		for (int i = 0; i < ECHO_BATCH; i++) {
			frames += echo(first);
		}
		long middle = threads.getCurrentThreadCpuTime();
		for (int i = 0; i < ECHO_BATCH; i++) {
			frames += echo(second);
		}
		long end = threads.getCurrentThreadCpuTime();
		count(cpu, middle - start, end - middle);
		return frames;
	}

	private static void count(CpuNanos cpu, long firstNanos, long secondNanos) {
		cpu.meters += cpu.metersFirst ? firstNanos : secondNanos;
		cpu.none += cpu.metersFirst ? secondNanos : firstNanos;
	}

	/**
	 * The earlier design of {@code socketio.packets} and {@code socketio.bytes}: two
	 * counter increments per message, on the observer's per-message calls.
	 */
	static final class PerMessageCounters implements EngineObserver {

		private final Counter packetsIn;

		private final Counter bytesIn;

		private final Counter packetsOut;

		private final Counter bytesOut;

		PerMessageCounters(MeterRegistry registry) {
			this.packetsIn = registry.counter("packets", "direction", "in");
			this.bytesIn = registry.counter("bytes", "direction", "in");
			this.packetsOut = registry.counter("packets", "direction", "out");
			this.bytesOut = registry.counter("bytes", "direction", "out");
		}

		@Override
		public void messageReceived(EngineSocket session, Object data) {
			packetsIn.increment();
			bytesIn.increment((data instanceof byte[] bytes) ? bytes.length : ((String) data).length() + 1);
		}

		@Override
		public void messagesSent(EngineSocket session, List<EnginePacket> packets) {
			long size = 0;
			for (EnginePacket packet : packets) {
				size += packet.weight();
			}
			packetsOut.increment(packets.size());
			bytesOut.increment(size);
		}

	}

}
