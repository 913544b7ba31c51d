package dev.realtime.socketio.spring.web.reactive;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import dev.realtime.socketio.engine.spi.FanOut;
import dev.realtime.socketio.engine.spi.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;

/**
 * The broadcasts of one thread on Reactor Netty: during a {@link FanOut} a connection
 * only queues its frames and registers here, grouped by its channel's event loop; when
 * the outermost fan-out ends, each event loop that got connections is handed one task,
 * which writes the queued frames of all of them and flushes each channel once (rather
 * than one event-loop task per delivery).
 *
 * <p>
 * Each broadcast frame is built once, on the broadcasting thread, into one buffer of the
 * whole WebSocket frame (header and payload) that every receiver writes a retained
 * duplicate of: no WebSocket encoding and no copy of the payload per receiver. The
 * fan-out holds one reference to it until it ends; each receiver's duplicate holds one
 * more, released by Netty once written.
 *
 * <p>
 * Thread-confined, like the fan-out: one instance per broadcasting thread.
 */
final class FanOutWrites implements Runnable {

	private static final ThreadLocal<FanOutWrites> CURRENT = ThreadLocal.withInitial(FanOutWrites::new);

	/** Largest payload built into a shared buffer; larger frames go as frames. */
	static final int MAX_SHARED_PAYLOAD = 256 * 1024;

	/** How many of the last built frames a lookup looks at. */
	private static final int LOOKBACK = 4;

	private static final AtomicLong built = new AtomicLong();

	private static final AtomicLong tasks = new AtomicLong();

	/**
	 * The event loops that got connections during this fan-out, and their connections.
	 */
	private EventLoop[] loops = new EventLoop[4];

	@SuppressWarnings("unchecked")
	private ArrayList<EngineWebSocketConnection>[] connections = new ArrayList[4];

	private int loopCount;

	/** The frames built during this fan-out and their shared wire buffers. */
	private Frame[] frames = new Frame[4];

	private ByteBuf[] wires = new ByteBuf[4];

	private int wireCount;

	private FanOutWrites() {
	}

	/** How many frames were built into shared buffers, by any thread (for tests). */
	static long built() {
		return built.get();
	}

	/** How many event-loop tasks wrote fan-outs' frames, by any thread (for tests). */
	static long tasks() {
		return tasks.get();
	}

	/**
	 * Registers a connection that queued frames during {@code fanOut}: its event loop
	 * writes them when the fan-out ends.
	 */
	static void add(EngineWebSocketConnection connection, EventLoop loop, FanOut fanOut) {
		FanOutWrites writes = CURRENT.get();
		writes.register(connection, loop);
		fanOut.atEnd(writes);
	}

	private void register(EngineWebSocketConnection connection, EventLoop loop) {
		int index = -1;
		for (int i = 0; i < loopCount; i++) {
			if (loops[i] == loop) {
				index = i;
				break;
			}
		}
		if (index < 0) {
			if (loopCount == loops.length) {
				loops = Arrays.copyOf(loops, loopCount * 2);
				connections = Arrays.copyOf(connections, loopCount * 2);
			}
			index = loopCount++;
			loops[index] = loop;
			connections[index] = new ArrayList<>();
		}
		connections[index].add(connection);
	}

	/**
	 * A retained duplicate of {@code frame}'s whole wire bytes (header and payload),
	 * built once per fan-out of this thread ({@code fanOut}, in progress); null for a
	 * payload over {@link #MAX_SHARED_PAYLOAD}.
	 */
	static @Nullable ByteBuf wire(Frame frame, ByteBufAllocator allocator, FanOut fanOut) {
		if (frame.bytes().length > MAX_SHARED_PAYLOAD) {
			return null;
		}
		return CURRENT.get().sharedWire(frame, allocator, fanOut).retainedDuplicate();
	}

	private ByteBuf sharedWire(Frame frame, ByteBufAllocator allocator, FanOut fanOut) {
		for (int i = wireCount - 1; i >= 0 && i >= wireCount - LOOKBACK; i--) {
			if (frames[i] == frame) {
				return wires[i];
			}
		}
		byte[] payload = frame.bytes();
		int length = payload.length;
		int headerLength = (length < 126) ? 2 : (length <= 0xFFFF) ? 4 : 10;
		ByteBuf wire = allocator.directBuffer(headerLength + length);
		// FIN and the opcode; a server's frames are not masked (RFC 6455 §5.2)
		wire.writeByte(0x80 | (frame.binary() ? 0x2 : 0x1));
		if (length < 126) {
			wire.writeByte(length);
		}
		else if (length <= 0xFFFF) {
			wire.writeByte(126);
			wire.writeShort(length);
		}
		else {
			wire.writeByte(127);
			wire.writeLong(length);
		}
		wire.writeBytes(payload);
		if (wireCount == wires.length) {
			frames = Arrays.copyOf(frames, wireCount * 2);
			wires = Arrays.copyOf(wires, wireCount * 2);
		}
		frames[wireCount] = frame;
		wires[wireCount++] = wire;
		built.incrementAndGet();
		// released when the fan-out ends
		fanOut.atEnd(this);
		return wire;
	}

	/**
	 * The outermost fan-out ended: one task per event loop writes its connections'
	 * frames; the fan-out's own references to the shared buffers go.
	 */
	@Override
	public void run() {
		int count = loopCount;
		loopCount = 0;
		for (int i = 0; i < count; i++) {
			EventLoop loop = loops[i];
			ArrayList<EngineWebSocketConnection> batch = connections[i];
			loops[i] = null;
			connections[i] = null;
			try {
				loop.execute(new Batch(batch));
				tasks.incrementAndGet();
			}
			catch (RejectedExecutionException ex) {
				// the event loop is shutting down: the frames fail
				for (EngineWebSocketConnection connection : batch) {
					connection.dropDeferred(ex);
				}
			}
		}
		int built = wireCount;
		wireCount = 0;
		for (int i = 0; i < built; i++) {
			frames[i] = null;
			ByteBuf wire = wires[i];
			wires[i] = null;
			wire.release();
		}
	}

	/** One event loop's share of a fan-out: its connections' frames, one flush each. */
	private static final class Batch implements Runnable {

		private final ArrayList<EngineWebSocketConnection> connections;

		Batch(ArrayList<EngineWebSocketConnection> connections) {
			this.connections = connections;
		}

		@Override
		public void run() {
			for (int i = 0, n = connections.size(); i < n; i++) {
				connections.get(i).writeDeferred();
			}
		}

	}

}
