package dev.realtime.socketio.benchmarks.jmh;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.benchmarks.server.AnnotatedHandlers;
import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.engine.spi.WebSocketReceiver;
import dev.realtime.socketio.server.SocketIoOptions;
import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.annotation.support.SocketAnnotationConfigurer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.context.support.GenericApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The echo scenario's server work without a web stack: a text frame
 * {@code 42<id>["echo",{"n":<id>,"text":"hello world"}]} goes into a real
 * {@link SocketIoServer}'s WebSocket receiver (Engine.IO decode, session, Socket.IO
 * decode, the connection's serial executor, the listener), and the listener's ack is
 * encoded and written to a {@link FakeConnection} that completes every write at once.
 * Listeners run inline ({@link InlineServers}). {@code handlers=lambda} registers the
 * listener as a lambda on every socket, {@code handlers=annotated} as the
 * {@code @SocketEvent} method of the bench server's {@link AnnotatedHandlers}, through
 * the starter's {@link SocketAnnotationConfigurer} (argument resolution, invocation,
 * return value as the ack).
 *
 * <p>
 * Baseline in the same run: {@code jacksonOnly} reads the frame's JSON into a tree with
 * Jackson and writes the ack's JSON and its UTF-8 bytes (the floor of a tree-based echo).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EchoBenchmark extends ShortRun {

	private static final int FRAMES = 64;

	private final JsonMapper mapper = JsonMapper.builder().build();

	private SocketIoServer io = new SocketIoServer(SocketIoOptions.builder().build());

	private final FakeConnection connection = new FakeConnection();

	private WebSocketReceiver receiver = WebSocketReceiver.ignoring();

	private final String[] frames = new String[FRAMES];

	private int next;

	@Param({ "lambda", "annotated" })
	public String handlers = "lambda";

	private GenericApplicationContext context;

	@Setup(Level.Trial)
	public void setUp() {
		io.close();
		io = InlineServers.server(EngineOptions.builder().build().maxBufferedBytes());
		if ("annotated".equals(handlers)) {
			context = new GenericApplicationContext();
			context.registerBean(AnnotatedHandlers.class);
			context.refresh();
			SocketAnnotationConfigurer configurer = new SocketAnnotationConfigurer(io);
			configurer.setApplicationContext(context);
			configurer.afterSingletonsInstantiated();
		}
		else {
			io.on((socket) -> socket.on("echo", (args, ack) -> {
				if (ack != null) {
					ack.send(args.toArray());
				}
			}));
		}
		receiver = InlineServers.connect(io, connection);
		for (int i = 0; i < FRAMES; i++) {
			frames[i] = "42" + (1000 + i) + "[\"echo\",{\"n\":" + (1000 + i) + ",\"text\":\"hello world\"}]";
		}
		receiver.onText(frames[0]);
		String ack = connection.lastText;
		if (!"431000[{\"n\":1000,\"text\":\"hello world\"}]".equals(ack)) {
			throw new IllegalStateException("unexpected ack: " + ack);
		}
		connection.recording = false;
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		io.close();
		if (context != null) {
			context.close();
		}
	}

	/** One event frame in, its ack frame out. */
	@Benchmark
	public long echo() {
		receiver.onText(frames[next++ & (FRAMES - 1)]);
		return connection.frames;
	}

	/** Baseline: Jackson reads the frame's JSON into a tree and writes the ack. */
	@Benchmark
	public byte[] jacksonOnly() {
		String frame = frames[next++ & (FRAMES - 1)];
		JsonNode array = mapper.readTree(frame.substring(6));
		String ack = "43" + frame.substring(2, 6) + mapper.writeValueAsString(List.of(array.get(1)));
		return ack.getBytes(StandardCharsets.UTF_8);
	}

}
