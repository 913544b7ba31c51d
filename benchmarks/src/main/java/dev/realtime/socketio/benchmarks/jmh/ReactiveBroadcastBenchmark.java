package dev.realtime.socketio.benchmarks.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import dev.realtime.socketio.engine.spi.WebSocketReceiver;
import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.web.reactive.ReactiveConnections;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.util.ReferenceCountUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code io.emit} to N sockets on the WebFlux binding's connections
 * ({@code EngineWebSocketConnection}), over real Netty channels (in-VM transport, two
 * event loops, Netty's WebSocket encoder): the broadcast's whole cost, the benchmark
 * thread's and the event loops' (read it with {@link CpuTimeProfiler}), until every
 * receiver got the frame. {@code batched=false} is the path before fan-out batching: one
 * event-loop task per delivery, each frame WebSocket-encoded per receiver.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReactiveBroadcastBenchmark extends ShortRun {

	@Param({ "1000" })
	public int targets = 1000;

	@Param({ "true", "false" })
	public boolean batched = true;

	private final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(2);

	private final List<Channel> channels = new ArrayList<>();

	private final AtomicInteger remaining = new AtomicInteger();

	private volatile Thread waiter;

	private SocketIoServer io;

	private Channel server;

	private Map<String, Object> message = Map.of();

	/** How many frames a broadcast delivers. */
	private int expected;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		ReactiveConnections.fanOutBatching(batched);
		io = InlineServers.server(Long.MAX_VALUE / 4);
		message = BroadcastBenchmark.message();
		LocalAddress address = new LocalAddress(ReactiveBroadcastBenchmark.class);
		List<Channel> accepted = new ArrayList<>();
		server = new ServerBootstrap().group(loops)
			.channel(LocalServerChannel.class)
			.childHandler(new ChannelInitializer<Channel>() {
				@Override
				protected void initChannel(Channel channel) {
					channel.pipeline().addLast(new WebSocket08FrameEncoder(false));
					synchronized (accepted) {
						accepted.add(channel);
					}
				}
			})
			.bind(address)
			.sync()
			.channel();
		// open frame and connect answer: two each
		remaining.set(2 * targets);
		for (int i = 0; i < targets; i++) {
			channels.add(new Bootstrap().group(loops)
				.channel(LocalChannel.class)
				.handler(new Counter())
				.connect(address)
				.sync()
				.channel());
		}
		while (true) {
			synchronized (accepted) {
				if (accepted.size() == targets) {
					break;
				}
			}
			Thread.onSpinWait();
		}
		for (Channel channel : accepted) {
			FakeRequest request = new FakeRequest();
			if (!io.engine().checkUpgrade(request).accepted()) {
				throw new IllegalStateException("upgrade refused");
			}
			WebSocketReceiver receiver = io.engine().onWebSocketOpen(request, ReactiveConnections.connection(channel));
			receiver.onText("40");
		}
		settle();
		// how many receivers a broadcast reaches: every one joined by now
		remaining.set(0);
		io.emit("broadcast", message);
		settle();
		expected = -remaining.get();
		if (expected <= 0) {
			throw new IllegalStateException("no receiver");
		}
	}

	/** Waits until no frame arrived for half a second. */
	private void settle() throws InterruptedException {
		int last;
		do {
			last = remaining.get();
			Thread.sleep(500);
		}
		while (remaining.get() != last);
	}

	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		io.close();
		for (Channel channel : channels) {
			channel.close().sync();
		}
		server.close().sync();
		loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
		ReactiveConnections.fanOutBatching(true);
	}

	/** {@code io.emit("broadcast", message)}, until every receiver got it. */
	@Benchmark
	public void emitToAll() {
		waiter = Thread.currentThread();
		remaining.set(expected);
		io.emit("broadcast", message);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (remaining.get() > 0) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(remaining.get() + " receivers missed the broadcast");
			}
			LockSupport.parkNanos(this, 100_000);
		}
	}

	/** A receiver: counts the messages that reach it. */
	private final class Counter extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			ReferenceCountUtil.release(msg);
			if (remaining.decrementAndGet() == 0 && waiter != null) {
				Thread thread = waiter;
				if (thread != null) {
					LockSupport.unpark(thread);
				}
			}
		}

	}

}
