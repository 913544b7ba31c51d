package dev.realtime.socketio.spring.web.servlet;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.realtime.socketio.engine.spi.FanOut;
import dev.realtime.socketio.engine.spi.Frame;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Writes the frames of broadcasts for the servlet binding's direct writes
 * ({@link TomcatFrameWriter}): during a {@link FanOut} a connection only queues the frame
 * and registers with its lane; when the broadcast's loop ends, each lane that got
 * connections is handed to a flush thread once, which writes every registered
 * connection's queue in one gathering write.
 *
 * <p>
 * The broadcasting thread thus never waits on a socket, and a connection that got several
 * broadcasts before its turn writes them with one system call. Each broadcast frame is
 * built once into a read-only direct buffer holding its WebSocket header and payload,
 * shared by every receiver (each write takes a duplicate of it): no re-encoding per
 * receiver, and no copy of a heap array into a temporary direct buffer by the JDK per
 * write. Lanes flush in parallel on a multi-core machine; a connection always uses the
 * same lane. The flush threads are daemons and end after a second without work.
 */
final class FanOutFlusher {

	private static final Log logger = LogFactory.getLog(FanOutFlusher.class);

	/** Largest payload built into a shared direct buffer; larger frames go as today. */
	static final int MAX_SHARED_PAYLOAD = 256 * 1024;

	private static final int CACHE_SIZE = 4;

	private final Lane[] lanes;

	private final AtomicInteger nextLane = new AtomicInteger();

	/**
	 * The frames last built into wire buffers (any thread's): a broadcast hands its
	 * frames to every receiver one after the other. Racy on purpose: records with final
	 * fields, safely read by any thread; a miss only costs building the buffer again.
	 */
	private final @Nullable WireFrame[] recent = new WireFrame[CACHE_SIZE];

	private int cursor;

	private final AtomicLong built = new AtomicLong();

	/** The flusher of a server: one lane per processor, at most four. */
	FanOutFlusher() {
		this(Math.min(4, Runtime.getRuntime().availableProcessors()), flushThreads());
	}

	FanOutFlusher(int laneCount, Executor executor) {
		this.lanes = new Lane[Math.max(1, laneCount)];
		for (int i = 0; i < lanes.length; i++) {
			lanes[i] = new Lane(executor);
		}
	}

	private static Executor flushThreads() {
		AtomicInteger count = new AtomicInteger();
		ThreadFactory factory = (task) -> {
			Thread thread = new Thread(task, "socketio-flush-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
		ThreadPoolExecutor executor = new ThreadPoolExecutor(4, 4, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				factory);
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	/** The lane of a new connection (round robin). */
	Lane lane() {
		return lanes[Math.floorMod(nextLane.getAndIncrement(), lanes.length)];
	}

	/** How many frames were built into shared buffers (for tests). */
	long built() {
		return built.get();
	}

	/**
	 * A read-only direct buffer of the whole frame (header and payload), shared by every
	 * receiver: callers write duplicates of it. Null for payloads over
	 * {@link #MAX_SHARED_PAYLOAD}.
	 */
	@Nullable ByteBuffer wire(Frame frame) {
		@Nullable WireFrame[] cache = recent;
		for (WireFrame candidate : cache) {
			if (candidate != null && candidate.frame == frame) {
				return candidate.buffer;
			}
		}
		byte[] payload = frame.bytes();
		if (payload.length > MAX_SHARED_PAYLOAD) {
			return null;
		}
		byte[] header = new byte[EngineWebSocketConnection.MAX_HEADER_BYTES];
		int headerLength = EngineWebSocketConnection.writeHeader(header, 0, frame.binary(), payload.length);
		ByteBuffer buffer = ByteBuffer.allocateDirect(headerLength + payload.length);
		buffer.put(header, 0, headerLength).put(payload).flip();
		ByteBuffer shared = buffer.asReadOnlyBuffer();
		cache[(cursor++) & (CACHE_SIZE - 1)] = new WireFrame(frame, shared);
		built.incrementAndGet();
		return shared;
	}

	private record WireFrame(Frame frame, ByteBuffer buffer) {
	}

	/**
	 * Connections waiting for their queued broadcast frames to be written, flushed one
	 * after the other by at most one task at a time.
	 */
	static final class Lane implements Runnable {

		private final Executor executor;

		private final Object lock = new Object();

		// guarded by lock
		private ArrayDeque<EngineWebSocketConnection> pending = new ArrayDeque<>();

		private ArrayDeque<EngineWebSocketConnection> spare = new ArrayDeque<>();

		private boolean scheduled;

		/** Registered with the fan-out: starts the flush when the broadcast ends. */
		private final Runnable schedule = this::schedule;

		Lane(Executor executor) {
			this.executor = executor;
		}

		/**
		 * Registers a connection with frames queued during {@code fanOut}; the lane is
		 * flushed when the fan-out ends.
		 */
		void add(EngineWebSocketConnection connection, FanOut fanOut) {
			synchronized (lock) {
				pending.add(connection);
			}
			fanOut.atEnd(schedule);
		}

		private void schedule() {
			synchronized (lock) {
				if (scheduled || pending.isEmpty()) {
					return;
				}
				scheduled = true;
			}
			try {
				executor.execute(this);
			}
			catch (RejectedExecutionException ex) {
				// shutting down: the broadcasting thread writes them itself
				run();
			}
		}

		@Override
		public void run() {
			while (true) {
				ArrayDeque<EngineWebSocketConnection> batch;
				synchronized (lock) {
					if (pending.isEmpty()) {
						scheduled = false;
						return;
					}
					batch = pending;
					pending = spare;
					spare = null;
				}
				try {
					EngineWebSocketConnection connection;
					while ((connection = batch.poll()) != null) {
						try {
							connection.flushDeferred();
						}
						catch (RuntimeException ex) {
							logger.warn("Could not write a WebSocket's broadcast frames", ex);
						}
					}
				}
				finally {
					batch.clear();
					synchronized (lock) {
						spare = batch;
					}
				}
			}
		}

	}

}
