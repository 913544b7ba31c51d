package dev.realtime.socketio.spring.web.reactive;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;

import dev.realtime.socketio.engine.spi.FanOut;
import dev.realtime.socketio.engine.spi.Frame;
import dev.realtime.socketio.engine.spi.WebSocketConnection;
import dev.realtime.socketio.engine.spi.WebSocketReceiver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import org.jspecify.annotations.Nullable;

/**
 * The server's side of one WebSocket on Reactor Netty, written straight to the Netty
 * channel under the WebFlux session: no Reactor pipeline per connection. A frame wraps
 * the packet's shared bytes (no copy, the same bytes for every receiver of a broadcast);
 * writes queue on the channel's event loop in call order and one flush follows each
 * burst; a frame's callback runs when Netty has written it, and writability is the
 * channel's own.
 *
 * <p>
 * Frames sent during a broadcast's {@link FanOut} are only queued here
 * ({@link FanOutWrites}): when the fan-out ends, one task per event loop writes the
 * queued frames of all its connections and flushes each once. Frames sent while some are
 * queued join the queue, so a connection's frames keep their order.
 */
final class EngineWebSocketConnection implements WebSocketConnection, Runnable {

	private static final VarHandle CLOSED;

	private static final VarHandle KEPT_BACK;

	static {
		try {
			CLOSED = MethodHandles.lookup().findVarHandle(EngineWebSocketConnection.class, "closed", boolean.class);
			KEPT_BACK = MethodHandles.lookup()
				.findVarHandle(EngineWebSocketConnection.class, "keptBack", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final Channel channel;

	/** Confined to the channel's event loop. */
	private boolean flushScheduled;

	/**
	 * Set once by {@link #close} or {@link #terminated()} (a field rather than an
	 * {@code AtomicBoolean}: one object fewer per connection).
	 */
	private volatile boolean closed;

	/**
	 * Set after {@link #sendLater} queued a write without waking the loop, cleared by the
	 * {@link #handOver()} that wakes it: a hand-over with nothing kept back (the frame
	 * went to a fan-out's queue or was sent at once) schedules nothing.
	 */
	private volatile boolean keptBack;

	/** Where received frames go, set once the server accepted the socket. */
	private WebSocketReceiver receiver = WebSocketReceiver.ignoring();

	/**
	 * Frames Netty decoded after reading was paused (the rest of the buffer it had read),
	 * delivered on resume. Confined to the event loop.
	 */
	private @Nullable ArrayDeque<Object> held;

	/** Set by the server's backpressure; frames received meanwhile are held. */
	private volatile boolean readingPaused;

	/**
	 * Frames queued during fan-outs and not yet written, oldest first: non-null while the
	 * connection waits for its event loop's {@link FanOutWrites} task. Guarded by
	 * {@code this}; read without the lock first (a stale value is checked under it).
	 */
	private @Nullable Deferred deferredHead;

	private @Nullable Deferred deferredTail;

	/**
	 * Whether the channel takes ready-made WebSocket frames as bytes (no extension such
	 * as permessage-deflate transforms its frames): 0 not known yet, 1 yes, 2 no.
	 * Confined to the event loop.
	 */
	private byte rawWrites;

	/** Off: every frame is written as its own event-loop task (for A/B benchmarks). */
	static volatile boolean fanOutBatching = true;

	/**
	 * Whether the event loop that reads this connection's frames runs their listeners
	 * (the application's opt-in, {@code socketio.webflux.listeners-on-event-loop}).
	 */
	private final boolean listenersOnEventLoop;

	EngineWebSocketConnection(Channel channel) {
		this(channel, false);
	}

	EngineWebSocketConnection(Channel channel, boolean listenersOnEventLoop) {
		this.channel = channel;
		this.listenersOnEventLoop = listenersOnEventLoop;
	}

	/**
	 * Whether the listeners of a message (and of the close) run on the event loop that
	 * read it, when none of the connection's listeners is running: only when the
	 * application said its listeners never block. Netty reads the channel's next frame
	 * only once they returned.
	 */
	@Override
	public boolean runsListenersInline() {
		return listenersOnEventLoop && channel.eventLoop().inEventLoop();
	}

	void receiver(WebSocketReceiver receiver) {
		this.receiver = receiver;
	}

	/**
	 * A received frame's content (a {@code String} or a {@code byte[]}), on the event
	 * loop: to the server, or held while reading is paused.
	 */
	void received(Object data) {
		if (closed) {
			// closed by the server (a protocol violation): what follows is not read
			return;
		}
		if (readingPaused || held != null) {
			ArrayDeque<Object> queue = (held != null) ? held : (held = new ArrayDeque<>());
			queue.add(data);
			return;
		}
		deliver(data);
	}

	private void deliver(Object data) {
		if (data instanceof String text) {
			receiver.onText(text);
		}
		else {
			receiver.onBinary((byte[]) data);
		}
	}

	/**
	 * Stops reading the socket: Netty finishes the buffer it has read (its frames are
	 * held here) and reads no more until {@link #resumeReading()}.
	 */
	@Override
	public boolean pauseReading() {
		readingPaused = true;
		channel.config().setAutoRead(false);
		return true;
	}

	@Override
	public void resumeReading() {
		channel.eventLoop().execute(() -> {
			readingPaused = false;
			ArrayDeque<Object> queue = held;
			while (queue != null && !readingPaused && !queue.isEmpty()) {
				deliver(queue.poll());
			}
			if (!readingPaused) {
				held = null;
				// reads at once when it was off
				channel.config().setAutoRead(true);
			}
		});
	}

	@Override
	public void send(Frame frame, SendCallback callback) {
		if (closed) {
			callback.completed(new ClosedChannelException());
			return;
		}
		FanOut fanOut = fanOutBatching ? FanOut.current() : null;
		if ((fanOut != null || deferredHead != null) && defer(frame, callback, fanOut)) {
			return;
		}
		// the write runs as an event-loop task, in call order; the flush it schedules is
		// queued behind every write already waiting, so one flush serves a burst and no
		// write is left unflushed
		channel.eventLoop().execute(new Write(message(frame), callback, true));
	}

	private static WebSocketFrame message(Frame frame) {
		return frame.binary() ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame.bytes()))
				: new TextWebSocketFrame(Unpooled.wrappedBuffer(frame.bytes()));
	}

	/**
	 * From a thread other than the event loop, the write is queued on the loop without
	 * waking it: {@link #handOver()} wakes it, with the flush behind the writes, once the
	 * session's monitor is released (woken under it, the loop would block on it to
	 * complete the write, and on a single core it runs at once).
	 */
	@Override
	public void sendLater(Frame frame, SendCallback callback) {
		EventLoop loop = channel.eventLoop();
		if (closed || loop.inEventLoop() || !(loop instanceof SingleThreadEventExecutor lazy) || deferredHead != null
				|| (fanOutBatching && FanOut.current() != null)) {
			// (behind frames queued by a fan-out, or during one: queued as well)
			send(frame, callback);
			return;
		}
		lazy.lazyExecute(new Write(message(frame), callback, false));
		// after the write is queued: a hand-over that sees the flag flushes behind it
		keptBack = true;
	}

	@Override
	public void handOver() {
		EventLoop loop = channel.eventLoop();
		if (keptBack && KEPT_BACK.compareAndSet(this, true, false)) {
			// the flush, behind the writes kept back; wakes the loop
			loop.execute(this);
		}
	}

	/**
	 * Queues a frame sent during a fan-out, or behind frames queued by one: false when
	 * nothing is queued and no fan-out is in progress (the frame goes as usual).
	 */
	private boolean defer(Frame frame, SendCallback callback, @Nullable FanOut fanOut) {
		boolean register;
		synchronized (this) {
			if (deferredHead == null && fanOut == null) {
				// the queue was written meanwhile
				return false;
			}
			ByteBuf wire = (fanOut != null) ? FanOutWrites.wire(frame, channel.alloc(), fanOut) : null;
			Deferred deferred = new Deferred(frame, wire, callback);
			register = enqueue(deferred);
		}
		if (register && fanOut != null) {
			// (an empty queue was only appended to during a fan-out)
			FanOutWrites.add(this, channel.eventLoop(), fanOut);
		}
		return true;
	}

	/**
	 * Appends to the queue; true when it was empty (the connection must register with its
	 * event loop's task). Caller holds the lock.
	 */
	private boolean enqueue(Deferred deferred) {
		Deferred tail = deferredTail;
		deferredTail = deferred;
		if (tail == null) {
			deferredHead = deferred;
			return true;
		}
		tail.next = deferred;
		return false;
	}

	/**
	 * Writes the frames queued during fan-outs and flushes once, on the event loop (the
	 * {@link FanOutWrites} task).
	 */
	void writeDeferred() {
		Deferred deferred;
		synchronized (this) {
			deferred = deferredHead;
			deferredHead = null;
			deferredTail = null;
		}
		if (deferred == null) {
			return;
		}
		boolean raw = rawWrites();
		while (deferred != null) {
			Deferred next = deferred.next;
			deferred.next = null;
			deferred.write(raw);
			deferred = next;
		}
		channel.flush();
	}

	/**
	 * The fan-out's event loop refused the task (shutting down): the queued frames fail.
	 */
	void dropDeferred(Throwable failure) {
		Deferred deferred;
		synchronized (this) {
			deferred = deferredHead;
			deferredHead = null;
			deferredTail = null;
		}
		while (deferred != null) {
			deferred.drop(failure);
			deferred = deferred.next;
		}
	}

	/**
	 * Whether ready-made frame bytes may be written: Netty's WebSocket encoder is in the
	 * pipeline and no extension's encoder that would transform frames.
	 */
	private boolean rawWrites() {
		if (rawWrites == 0) {
			ChannelPipeline pipeline = channel.pipeline();
			boolean raw = pipeline.get(WebSocketFrameEncoder.class) != null
					&& pipeline.get(WebSocketExtensionEncoder.class) == null;
			rawWrites = (byte) (raw ? 1 : 2);
		}
		return rawWrites == 1;
	}

	/**
	 * A frame queued during a fan-out (or behind one), and the listener of its write; or
	 * the close frame queued behind them.
	 */
	private final class Deferred implements ChannelFutureListener {

		/** The {@link Frame}, or the {@link CloseWebSocketFrame} that ends the queue. */
		private final Object content;

		/** The frame's shared wire bytes (a retained duplicate), or null. */
		private @Nullable ByteBuf wire;

		private final @Nullable SendCallback callback;

		private @Nullable Deferred next;

		Deferred(Frame frame, @Nullable ByteBuf wire, SendCallback callback) {
			this.content = frame;
			this.wire = wire;
			this.callback = callback;
		}

		Deferred(CloseWebSocketFrame close) {
			this.content = close;
			this.callback = null;
		}

		void write(boolean raw) {
			if (!(content instanceof Frame frame)) {
				channel.write(content).addListener(ChannelFutureListener.CLOSE);
				return;
			}
			ByteBuf bytes = this.wire;
			this.wire = null;
			Object message;
			if (bytes != null && raw) {
				message = bytes;
			}
			else {
				if (bytes != null) {
					bytes.release();
				}
				message = message(frame);
			}
			channel.write(message).addListener(this);
		}

		void drop(Throwable failure) {
			ByteBuf bytes = this.wire;
			this.wire = null;
			if (bytes != null) {
				bytes.release();
			}
			if (content instanceof CloseWebSocketFrame close) {
				close.release();
			}
			if (callback != null) {
				callback.completed(failure);
			}
		}

		@Override
		public void operationComplete(ChannelFuture future) {
			if (callback != null) {
				callback.completed(future.isSuccess() ? null : future.cause());
			}
		}

	}

	/**
	 * One frame's write: the event-loop task and the listener of its completion in one
	 * object.
	 */
	private final class Write implements Runnable, ChannelFutureListener {

		private final WebSocketFrame message;

		private final SendCallback callback;

		/** False for a write kept back by {@link #sendLater}: its hand-over flushes. */
		private final boolean flushes;

		Write(WebSocketFrame message, SendCallback callback, boolean flushes) {
			this.message = message;
			this.callback = callback;
			this.flushes = flushes;
		}

		@Override
		public void run() {
			channel.write(message).addListener(this);
			if (flushes && !flushScheduled) {
				flushScheduled = true;
				channel.eventLoop().execute(EngineWebSocketConnection.this);
			}
		}

		@Override
		public void operationComplete(ChannelFuture future) {
			callback.completed(future.isSuccess() ? null : future.cause());
		}

	}

	/**
	 * The flush, run on the event loop behind the writes that asked for it (the
	 * connection is its own task: one object fewer per connection).
	 */
	@Override
	public void run() {
		flushScheduled = false;
		channel.flush();
	}

	/**
	 * Sends the close frame behind the frames already written, then closes the
	 * connection.
	 */
	@Override
	public void close(int code, @Nullable String reason) {
		if (CLOSED.compareAndSet(this, false, true)) {
			CloseWebSocketFrame close = new CloseWebSocketFrame(code, reason);
			if (deferredHead != null) {
				synchronized (this) {
					if (deferredHead != null) {
						// behind the frames queued during a fan-out
						enqueue(new Deferred(close));
						return;
					}
				}
			}
			channel.writeAndFlush(close).addListener(ChannelFutureListener.CLOSE);
		}
	}

	@Override
	public boolean isWritable() {
		return channel.isWritable();
	}

	/** The peer is gone: later sends fail at once. */
	void terminated() {
		closed = true;
	}

}
