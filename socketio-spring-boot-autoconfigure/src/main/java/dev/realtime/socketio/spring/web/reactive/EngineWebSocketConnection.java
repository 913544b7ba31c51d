package dev.realtime.socketio.spring.web.reactive;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;

import dev.realtime.socketio.engine.spi.Frame;
import dev.realtime.socketio.engine.spi.WebSocketConnection;
import dev.realtime.socketio.engine.spi.WebSocketReceiver;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import org.jspecify.annotations.Nullable;

/**
 * The server's side of one WebSocket on Reactor Netty, written straight to the Netty
 * channel under the WebFlux session: no Reactor pipeline per connection. A frame wraps
 * the packet's shared bytes (no copy, the same bytes for every receiver of a broadcast);
 * writes queue on the channel's event loop in call order and one flush follows each
 * burst; a frame's callback runs when Netty has written it, and writability is the
 * channel's own.
 */
final class EngineWebSocketConnection implements WebSocketConnection, Runnable {

	private static final VarHandle CLOSED;

	static {
		try {
			CLOSED = MethodHandles.lookup().findVarHandle(EngineWebSocketConnection.class, "closed", boolean.class);
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

	/** Where received frames go, set once the server accepted the socket. */
	private WebSocketReceiver receiver = WebSocketReceiver.ignoring();

	/**
	 * Frames Netty decoded after reading was paused (the rest of the buffer it had read),
	 * delivered on resume. Confined to the event loop.
	 */
	private @Nullable ArrayDeque<Object> held;

	/** Set by the server's backpressure; frames received meanwhile are held. */
	private volatile boolean readingPaused;

	EngineWebSocketConnection(Channel channel) {
		this.channel = channel;
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
		if (closed || loop.inEventLoop() || !(loop instanceof SingleThreadEventExecutor lazy)) {
			send(frame, callback);
			return;
		}
		lazy.lazyExecute(new Write(message(frame), callback, false));
	}

	@Override
	public void handOver() {
		EventLoop loop = channel.eventLoop();
		if (!loop.inEventLoop() && loop instanceof SingleThreadEventExecutor) {
			// the flush, behind the writes kept back; wakes the loop
			loop.execute(this);
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
			channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
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
