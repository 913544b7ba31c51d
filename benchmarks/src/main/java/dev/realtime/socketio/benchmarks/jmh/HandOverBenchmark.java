package dev.realtime.socketio.benchmarks.jmh;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.realtime.socketio.engine.ListenerPool;
import dev.realtime.socketio.engine.SerialExecutor;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.nio.NioIoHandler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The two thread hand-overs of one WebFlux echo, without sockets: a task on a Netty event
 * loop (the frame read) hands a listener task to a connection's {@link SerialExecutor} on
 * the listener pool, which hands the ack's write back to the event loop as a task; the
 * benchmark thread waits for it. The write's completion takes the lock the listener sends
 * under (a session's monitor, {@code EngineSession.onDrain}): {@code lock=held} wakes the
 * loop under it (the builds before {@code WebSocketConnection.sendLater}),
 * {@code lock=after} once it is released. Read the CPU per round trip
 * ({@code -prof dev.realtime.socketio.benchmarks.jmh.CpuTimeProfiler}) with the JVM on
 * one core ({@code taskset -c 0}), as the end-to-end benchmark runs the server.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HandOverBenchmark extends ShortRun {

	/**
	 * {@code held}: the listener hands the write over while holding the lock the write's
	 * completion takes on the event loop (a session's monitor); {@code after}: once it
	 * released it.
	 */
	@Param({ "held", "after" })
	public String lock = "held";

	private final Object session = new Object();

	private long counted;

	private EventLoopGroup group;

	private EventLoop loop;

	private ExecutorService listeners;

	private SerialExecutor serial;

	private volatile Thread waiter;

	private volatile boolean done;

	private final Runnable written = () -> {
		synchronized (session) {
			counted--;
		}
		done = true;
		LockSupport.unpark(waiter);
	};

	private final Runnable listener = () -> {
		if ("held".equals(lock)) {
			synchronized (session) {
				counted++;
				loop.execute(written);
				counted++;
			}
		}
		else {
			synchronized (session) {
				counted += 2;
			}
			loop.execute(written);
		}
	};

	private final Runnable frame = () -> serial.execute(listener);

	@Setup(Level.Trial)
	public void setUp() {
		group = new MultiThreadIoEventLoopGroup(1, ioHandler());
		loop = group.next();
		int threads = ListenerPool.defaultThreads();
		listeners = ListenerPool.create(threads);
		serial = new SerialExecutor(listeners);
	}

	/** Epoll when Reactor Netty's native transport is on the class path, else NIO. */
	private static IoHandlerFactory ioHandler() {
		try {
			return (IoHandlerFactory) Class.forName("io.netty.channel.epoll.EpollIoHandler")
				.getMethod("newFactory")
				.invoke(null);
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			return NioIoHandler.newFactory();
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		listeners.shutdownNow();
		group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
	}

	/** One frame's round trip: event loop, listener pool, event loop. */
	@Benchmark
	public boolean roundTrip() {
		done = false;
		waiter = Thread.currentThread();
		loop.execute(frame);
		while (!done) {
			LockSupport.park(this);
		}
		return done;
	}

}
