package dev.realtime.socketio.spring.web.servlet;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.realtime.socketio.engine.spi.FanOut;
import dev.realtime.socketio.engine.spi.Frame;
import dev.realtime.socketio.engine.spi.WebSocketConnection;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * The core's view of a WebSocket served by a JSR 356 container (Tomcat). Callers never
 * block: frames wait in a queue bounded in bytes, one write is in flight at a time, and a
 * close waits behind the frames sent before it.
 *
 * <p>
 * With a {@link DirectFrameWriter} (Tomcat, see {@link TomcatFrameWriter}), a write takes
 * every frame queued at that moment (at most {@value #MAX_BATCH_FRAMES} frames, about
 * {@value #MAX_BATCH_BYTES} bytes) and writes them in one gathering write on the calling
 * thread: a small frame as one array of header and payload, a large one as its header and
 * the packet's own bytes (never copied). When the socket takes it all at once, the
 * completions run on that thread too and the next batch follows in the same loop. Frames
 * sent meanwhile wait for the write in flight and go out together after it. Frames of a
 * broadcast (sent during a {@link FanOut}) are only queued: the connection's
 * {@link FanOutFlusher} lane writes them after the broadcast's loop, together with any
 * other broadcast queued by then, from one direct buffer per frame that every receiver
 * shares. Without a direct writer, each frame goes through the session's asynchronous
 * {@link RemoteEndpoint.Async}, one at a time, because the container refuses a second
 * send while one is in flight.
 */
final class EngineWebSocketConnection implements WebSocketConnection {

	private static final Log logger = LogFactory.getLog(EngineWebSocketConnection.class);

	/** Longest close reason a close frame can carry, in UTF-8 bytes. */
	private static final int MAX_CLOSE_REASON_BYTES = 123;

	private final WebSocketSession session;

	private final RemoteEndpoint.Async remote;

	/** The container's session, whose reading may be suspended (Tomcat's WsSession). */
	private final @Nullable Object nativeSession;

	private final long writableBytes;

	/** Most frames in one direct write. */
	static final int MAX_BATCH_FRAMES = 64;

	/** A direct write takes no further frame once it holds this many bytes. */
	static final int MAX_BATCH_BYTES = 64 * 1024;

	/** Writes whole frames to the container's socket; null: the standard API. */
	private final @Nullable DirectFrameWriter direct;

	/**
	 * Where frames sent during a broadcast's {@link FanOut} are written from (null: they
	 * are written at once, as any other).
	 */
	private final FanOutFlusher.@Nullable Lane lane;

	private final @Nullable FanOutFlusher flusher;

	private final CompletionHandler<Long, Batch> batchWritten = new CompletionHandler<>() {

		@Override
		public void completed(Long written, Batch batch) {
			batchDone(batch, null);
		}

		@Override
		public void failed(Throwable failure, Batch batch) {
			batchDone(batch, failure);
		}

	};

	private final long maxQueuedBytes;

	private final boolean inlineDispatch;

	private final Object lock = new Object();

	// guarded by lock
	private final ArrayDeque<Outbound> queue = new ArrayDeque<>();

	private long queuedBytes;

	private boolean writing;

	private boolean closeRequested;

	private boolean terminated;

	/** Registered with the lane, which will write the queue. */
	private boolean deferred;

	/**
	 * @param nativeSession the container's session: reading is paused through its
	 * {@code suspend()} and {@code resume()} (Tomcat's {@code WsSession}), when it has
	 * them
	 * @param writableBytes queued bytes below which {@link #isWritable()} is true
	 * @param maxQueuedBytes queued bytes beyond which a send fails at once
	 * @param direct writes whole frames to the container's socket, or null to use the
	 * standard asynchronous API
	 * @param flusher writes the frames of broadcasts after their fan-out (with a direct
	 * writer only), or null to write them at once
	 */
	EngineWebSocketConnection(WebSocketSession session, RemoteEndpoint.Async remote, @Nullable Object nativeSession,
			long writableBytes, long maxQueuedBytes, @Nullable DirectFrameWriter direct,
			@Nullable FanOutFlusher flusher) {
		this(session, remote, nativeSession, writableBytes, maxQueuedBytes, direct, flusher, false);
	}

	/**
	 * @param inlineDispatch whether the container's thread that delivers a message may
	 * run its listeners (see {@link #runsListenersInline()})
	 */
	EngineWebSocketConnection(WebSocketSession session, RemoteEndpoint.Async remote, @Nullable Object nativeSession,
			long writableBytes, long maxQueuedBytes, @Nullable DirectFrameWriter direct,
			@Nullable FanOutFlusher flusher, boolean inlineDispatch) {
		this.inlineDispatch = inlineDispatch;
		this.session = session;
		this.direct = direct;
		this.flusher = (direct != null) ? flusher : null;
		this.lane = (this.flusher != null) ? this.flusher.lane() : null;
		this.remote = remote;
		this.nativeSession = nativeSession;
		this.writableBytes = writableBytes;
		this.maxQueuedBytes = maxQueuedBytes;
	}

	/**
	 * The {@code suspend()} and {@code resume()} methods of a container's session class,
	 * or an empty array: Tomcat's {@code WsSession} stops processing frames after the
	 * current one once suspended, and leaves the rest in the socket.
	 */
	private static final ClassValue<Method[]> READ_CONTROL = new ClassValue<>() {

		@Override
		protected Method[] computeValue(Class<?> type) {
			try {
				return new Method[] { type.getMethod("suspend"), type.getMethod("resume") };
			}
			catch (NoSuchMethodException | SecurityException ex) {
				return new Method[0];
			}
		}

	};

	/**
	 * The container's worker threads may block (Spring MVC runs controllers on them) and
	 * deliver one session's frames one after the other, so they can run its listeners:
	 * those of a message, and those of the client's close frame (the disconnection). Not
	 * Tomcat's WebSocket background thread, which closes the sessions that were idle too
	 * long for every connection at once.
	 */
	@Override
	public boolean runsListenersInline() {
		return inlineDispatch && Thread.currentThread().getClass() != BACKGROUND_THREAD;
	}

	/** Tomcat's WebSocket background thread class, or null. */
	private static final @Nullable Class<?> BACKGROUND_THREAD = backgroundThreadClass();

	private static @Nullable Class<?> backgroundThreadClass() {
		try {
			return Class.forName("org.apache.tomcat.websocket.BackgroundProcessManager$WsBackgroundThread", false,
					EngineWebSocketConnection.class.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
	}

	@Override
	public boolean pauseReading() {
		return readControl(0);
	}

	@Override
	public void resumeReading() {
		readControl(1);
	}

	private boolean readControl(int which) {
		Object target = nativeSession;
		if (target == null) {
			return false;
		}
		Method[] methods = READ_CONTROL.get(target.getClass());
		if (methods.length == 0) {
			return false;
		}
		try {
			methods[which].invoke(target);
			return true;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			// the session closed meanwhile (its read state forbids the change)
			logger.debug("Could not " + methods[which].getName() + " reading a WebSocket", ex);
			return false;
		}
	}

	/**
	 * Queues a frame. Outside a broadcast it is written at once when no write is in
	 * flight; during a broadcast's {@link FanOut} (direct writes only) it waits for the
	 * lane, which writes it with whatever else queued meanwhile after the fan-out, from
	 * one buffer that every receiver shares.
	 */
	@Override
	public void send(Frame frame, SendCallback callback) {
		int size = frame.bytes().length;
		FanOutFlusher.Lane lane = this.lane;
		FanOut fanOut = (lane != null) ? FanOut.current() : null;
		ByteBuffer wire = (fanOut != null) ? flusher.wire(frame) : null;
		Throwable refusal = null;
		boolean start = false;
		boolean register = false;
		synchronized (lock) {
			if (terminated || closeRequested) {
				refusal = new ClosedChannelException();
			}
			else if (queuedBytes + size > maxQueuedBytes && queuedBytes > 0) {
				refusal = new IOException("More than " + maxQueuedBytes + " bytes waiting for a slow WebSocket client");
			}
			else {
				queue.add(new Outbound(frame, callback, size, 0, null, wire));
				queuedBytes += size;
				if (!writing) {
					if (fanOut == null) {
						start = true;
						writing = true;
					}
					else if (!deferred) {
						register = true;
						deferred = true;
					}
				}
			}
		}
		if (refusal != null) {
			complete(callback, refusal);
			return;
		}
		if (register) {
			lane.add(this, fanOut);
		}
		if (start) {
			drain();
		}
	}

	/**
	 * Writes what queued during broadcasts, on the lane's thread (unless a write is
	 * already in flight, which goes on with the queue).
	 */
	void flushDeferred() {
		synchronized (lock) {
			deferred = false;
			if (writing || queue.isEmpty()) {
				return;
			}
			writing = true;
		}
		drain();
	}

	@Override
	public void close(int code, @Nullable String reason) {
		boolean start;
		synchronized (lock) {
			if (terminated || closeRequested) {
				return;
			}
			closeRequested = true;
			queue.add(new Outbound(null, null, 0, code, reason, null));
			start = !writing;
			writing = true;
		}
		if (start) {
			drain();
		}
	}

	@Override
	public boolean isWritable() {
		synchronized (lock) {
			return !terminated && queuedBytes < writableBytes;
		}
	}

	/**
	 * The socket is gone (closed by either side or failed): frames still queued fail,
	 * later sends fail at once.
	 */
	void terminated() {
		List<Outbound> dropped;
		synchronized (lock) {
			terminated = true;
			dropped = new ArrayList<>(queue);
			queue.clear();
			queuedBytes = 0;
		}
		for (Outbound outbound : dropped) {
			if (outbound.callback != null) {
				complete(outbound.callback, new ClosedChannelException());
			}
		}
	}

	/**
	 * Writes queued frames: in batches through the direct writer, else one after the
	 * other. A write the container completes before its call returns continues in this
	 * loop rather than recursing, so a long queue cannot overflow the stack.
	 */
	private void drain() {
		while (true) {
			Outbound close = null;
			synchronized (lock) {
				Outbound head = queue.peek();
				if (head == null) {
					writing = false;
					return;
				}
				if (head.frame == null) {
					close = queue.poll();
				}
			}
			if (close != null) {
				closeNow(close.closeCode, close.closeReason);
				synchronized (lock) {
					writing = false;
				}
				return;
			}
			boolean completed;
			if (direct != null && direct.tryLock()) {
				Outbound[] frames;
				synchronized (lock) {
					frames = takeBatchLocked();
				}
				if (frames.length == 0) {
					// terminated meanwhile: the queue was emptied
					direct.unlock();
					continue;
				}
				completed = writeDirect(direct, frames);
			}
			else {
				// the container is writing a control frame of its own (or there is no
				// direct writer): its standard API queues behind it
				Outbound next;
				synchronized (lock) {
					next = queue.poll();
				}
				if (next == null) {
					continue;
				}
				completed = write(next);
			}
			if (!completed) {
				// the completion, from another thread, carries on with the queue
				return;
			}
		}
	}

	/** The frames at the head of the queue, up to a close. Caller holds the lock. */
	private Outbound[] takeBatchLocked() {
		int count = 0;
		long bytes = 0;
		for (Outbound outbound : queue) {
			if (outbound.frame == null || count == MAX_BATCH_FRAMES
					|| (count > 0 && bytes + outbound.size > MAX_BATCH_BYTES)) {
				break;
			}
			count++;
			bytes += outbound.size;
		}
		Outbound[] frames = new Outbound[count];
		for (int i = 0; i < count; i++) {
			frames[i] = queue.poll();
		}
		return frames;
	}

	/**
	 * Writes a batch of frames in one go: each frame's header and payload (a broadcast's
	 * frame as a duplicate of its shared direct buffer; other small frames as one array;
	 * large ones as the header and the packet's own bytes).
	 * @return whether the write has already completed
	 */
	private boolean writeDirect(DirectFrameWriter writer, Outbound[] frames) {
		int count = 0;
		for (Outbound outbound : frames) {
			count += (outbound.wire != null || outbound.size <= MAX_JOINED_PAYLOAD) ? 1 : 2;
		}
		ByteBuffer[] buffers = new ByteBuffer[count];
		int at = 0;
		for (Outbound outbound : frames) {
			Frame frame = outbound.frame;
			byte[] payload = frame.bytes();
			if (outbound.wire != null) {
				buffers[at++] = outbound.wire.duplicate();
			}
			else if (payload.length <= MAX_JOINED_PAYLOAD) {
				buffers[at++] = ByteBuffer.wrap(wireBytes(frame, payload));
			}
			else {
				byte[] header = new byte[MAX_HEADER_BYTES];
				buffers[at++] = ByteBuffer.wrap(header, 0, writeHeader(header, 0, frame.binary(), payload.length));
				buffers[at++] = ByteBuffer.wrap(payload);
			}
		}
		Batch batch = new Batch(frames);
		writer.write(buffers, batch, batchWritten);
		return !batch.compareAndSet(PENDING, RETURNED);
	}

	/** Largest payload written as one array with its header. */
	static final int MAX_JOINED_PAYLOAD = 8 * 1024;

	/** A frame's header and payload in one array. */
	private static byte[] wireBytes(Frame frame, byte[] payload) {
		int length = (payload.length < 126) ? 2 : 4;
		byte[] bytes = new byte[length + payload.length];
		writeHeader(bytes, 0, frame.binary(), payload.length);
		System.arraycopy(payload, 0, bytes, length, payload.length);
		return bytes;
	}

	private void batchDone(Batch batch, @Nullable Throwable failure) {
		long bytes = 0;
		for (Outbound outbound : batch.frames) {
			bytes += outbound.size;
		}
		synchronized (lock) {
			queuedBytes -= bytes;
		}
		for (Outbound outbound : batch.frames) {
			if (outbound.callback != null) {
				complete(outbound.callback, failure);
			}
		}
		if (!batch.compareAndSet(PENDING, COMPLETED_INLINE)) {
			drain();
		}
	}

	/** Longest header of an unmasked server frame. */
	static final int MAX_HEADER_BYTES = 10;

	/**
	 * Writes the header of a final, unmasked frame of {@code length} payload bytes (RFC
	 * 6455, section 5.2).
	 * @return the header's length
	 */
	static int writeHeader(byte[] into, int at, boolean binary, int length) {
		into[at] = (byte) (0x80 | (binary ? 0x2 : 0x1));
		if (length < 126) {
			into[at + 1] = (byte) length;
			return 2;
		}
		if (length < 65536) {
			into[at + 1] = 126;
			into[at + 2] = (byte) (length >>> 8);
			into[at + 3] = (byte) length;
			return 4;
		}
		into[at + 1] = 127;
		into[at + 2] = 0;
		into[at + 3] = 0;
		into[at + 4] = 0;
		into[at + 5] = 0;
		into[at + 6] = (byte) (length >>> 24);
		into[at + 7] = (byte) (length >>> 16);
		into[at + 8] = (byte) (length >>> 8);
		into[at + 9] = (byte) length;
		return 10;
	}

	/**
	 * @return whether the write has already completed
	 */
	private boolean write(Outbound outbound) {
		Frame frame = outbound.frame;
		AtomicInteger state = new AtomicInteger(PENDING);
		jakarta.websocket.SendHandler handler = (result) -> {
			onWritten(outbound, result.isOK() ? null : failureOf(result));
			if (!state.compareAndSet(PENDING, COMPLETED_INLINE)) {
				drain();
			}
		};
		try {
			if (frame.binary()) {
				remote.sendBinary(ByteBuffer.wrap(frame.bytes()), handler);
			}
			else {
				remote.sendText(frame.text(), handler);
			}
		}
		catch (RuntimeException ex) {
			// IllegalStateException once the session is closed
			onWritten(outbound, ex);
			return true;
		}
		return !state.compareAndSet(PENDING, RETURNED);
	}

	private static final int PENDING = 0;

	private static final int RETURNED = 1;

	private static final int COMPLETED_INLINE = 2;

	private static Throwable failureOf(SendResult result) {
		Throwable failure = result.getException();
		return (failure != null) ? failure : new IOException("WebSocket write failed");
	}

	private void onWritten(Outbound outbound, @Nullable Throwable failure) {
		synchronized (lock) {
			queuedBytes -= outbound.size;
		}
		if (outbound.callback != null) {
			complete(outbound.callback, failure);
		}
	}

	private void closeNow(int code, @Nullable String reason) {
		try {
			session.close(new CloseStatus(code, truncate(reason)));
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not close WebSocket " + session.getId(), ex);
		}
	}

	private static @Nullable String truncate(@Nullable String reason) {
		if (reason == null || reason.getBytes(StandardCharsets.UTF_8).length <= MAX_CLOSE_REASON_BYTES) {
			return reason;
		}
		String cut = reason.substring(0, Math.min(reason.length(), MAX_CLOSE_REASON_BYTES));
		while (cut.getBytes(StandardCharsets.UTF_8).length > MAX_CLOSE_REASON_BYTES) {
			cut = cut.substring(0, cut.length() - 1);
		}
		return cut;
	}

	private static void complete(SendCallback callback, @Nullable Throwable failure) {
		try {
			callback.completed(failure);
		}
		catch (RuntimeException ex) {
			logger.warn("WebSocket send callback failed", ex);
		}
	}

	/**
	 * Frames written together; its value tells whether the completion came before the
	 * write call returned.
	 */
	@SuppressWarnings("serial")
	private static final class Batch extends AtomicInteger {

		final Outbound[] frames;

		Batch(Outbound[] frames) {
			super(PENDING);
			this.frames = frames;
		}

	}

	/**
	 * A frame with its callback, or (frame null) the close that ends the queue.
	 * {@code wire}: a broadcast frame's shared buffer (header and payload), or null.
	 */
	private record Outbound(@Nullable Frame frame, @Nullable SendCallback callback, int size, int closeCode,
			@Nullable String closeReason, @Nullable ByteBuffer wire) {
	}

}
