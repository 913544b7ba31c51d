package dev.realtime.socketio.spring.web.reactive;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BiFunction;

import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.engine.spi.EngineRequest;
import dev.realtime.socketio.engine.spi.WebSocketReceiver;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * One WebSocket upgraded by Reactor Netty itself
 * ({@code HttpServerResponse.sendWebsocket}), without Spring's reactive
 * {@code WebSocketSession}: no {@code HandshakeInfo} (a copy of the request's headers and
 * cookies kept for the socket's life), no Reactor operator chain per message, no frame
 * aggregator in the pipeline (fragments are joined here). It is at once the handler
 * Reactor Netty calls after the 101, the subscriber of the socket's frames (Reactor Netty
 * hands each one to it on the event loop and releases it afterwards) and the
 * {@code Publisher<Void>} that tells Reactor Netty when the socket is done. Frames are
 * written by {@link EngineWebSocketConnection}, straight to the Netty channel.
 */
final class NativeWebSocketHandler implements BiFunction<WebsocketInbound, WebsocketOutbound, Publisher<Void>>,
		CoreSubscriber<Object>, Publisher<Void>, Subscription {

	private static final int MESSAGE_TOO_BIG = 1009;

	private static final int PROTOCOL_ERROR = 1002;

	private static final int NO_CLOSE_FRAME = 1006;

	private final int maxFrameSize;

	/** Until the socket is open: what the server needs to open it. */
	private @Nullable EngineServer engine;

	private @Nullable EngineRequest request;

	private final EngineWebSocketConnection connection;

	private WebSocketReceiver receiver = WebSocketReceiver.ignoring();

	private @Nullable WebsocketInbound inbound;

	private @Nullable Subscription frames;

	/** Reactor Netty's subscriber of {@link #apply}'s result: completed at the end. */
	private @Nullable Subscriber<? super Void> done;

	/**
	 * The message being received in fragments, if any. Confined to the event loop.
	 */
	private @Nullable Fragments fragments;

	/** Whether the receiver was told the socket closed. Confined to the event loop. */
	private boolean closed;

	NativeWebSocketHandler(EngineServer engine, EngineRequest request, Channel channel, int maxFrameSize,
			boolean listenersOnEventLoop) {
		this.engine = engine;
		this.request = request;
		this.maxFrameSize = maxFrameSize;
		this.connection = new EngineWebSocketConnection(channel, listenersOnEventLoop);
	}

	/** Called by Reactor Netty once the 101 is written, on the channel's event loop. */
	@Override
	public Publisher<Void> apply(WebsocketInbound in, WebsocketOutbound out) {
		this.inbound = in;
		return this;
	}

	/**
	 * Reactor Netty subscribes to the handler's result: the socket opens on the server
	 * and its frames are read (fragments joined up to the frame limit).
	 */
	@Override
	public void subscribe(Subscriber<? super Void> subscriber) {
		this.done = subscriber;
		subscriber.onSubscribe(this);
		WebsocketInbound in = this.inbound;
		EngineServer server = this.engine;
		EngineRequest upgrade = this.request;
		if (in == null || server == null || upgrade == null) {
			subscriber.onComplete();
			return;
		}
		this.engine = null;
		this.request = null;
		in.withConnection((conn) -> LingeringCloseHandler.install(conn.channel()));
		// the session reads its own compact copy of the request (UpgradeRequest)
		NettyHeaderMaps.release(in);
		this.receiver = server.onWebSocketOpen(upgrade, connection);
		connection.receiver(receiver);
		in.receiveObject().subscribe(this);
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		this.frames = subscription;
		subscription.request(Long.MAX_VALUE);
	}

	/**
	 * A frame, on the event loop; Reactor Netty releases it once this returns: read it
	 * here, keep nothing of it.
	 */
	@Override
	public void onNext(Object received) {
		if (!(received instanceof WebSocketFrame frame)) {
			return;
		}
		if (frame.rsv() != 0) {
			// RFC 6455 §5.2: reserved bits without a negotiated extension that defines
			// them (permessage-deflate clears its own before this point)
			connection.close(PROTOCOL_ERROR, "Reserved bits set");
			return;
		}
		Fragments message = fragments;
		if (message == null && frame.isFinalFragment()) {
			// a whole message in one frame: the common case
			if (frame instanceof TextWebSocketFrame text) {
				connection.received(text.text());
			}
			else if (frame instanceof BinaryWebSocketFrame binary) {
				connection.received(ByteBufUtil.getBytes(binary.content()));
			}
			// pings are answered by Reactor Netty, close frames handled by it; pongs
			// carry nothing for Engine.IO
			return;
		}
		if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
			// the first fragment of a message (Netty's decoder refuses a new message
			// before the last one ended, and a continuation without a first fragment)
			message = new Fragments(frame instanceof BinaryWebSocketFrame);
			fragments = message;
		}
		else if (message == null || !(frame instanceof ContinuationWebSocketFrame)) {
			return;
		}
		if (!message.add(frame.content(), maxFrameSize)) {
			// the fragments add up beyond what the server reads: the close code says
			// why, as the server's own check would
			fragments = null;
			connection.close(MESSAGE_TOO_BIG, "Message too big");
			return;
		}
		if (frame.isFinalFragment()) {
			fragments = null;
			connection.received(message.binary ? message.bytes() : new String(message.bytes(), StandardCharsets.UTF_8));
		}
	}

	@Override
	public void onError(Throwable error) {
		if (!closed) {
			closed = true;
			if (error instanceof TooLongFrameException) {
				// Netty refused a message larger than the server accepts (fragments add
				// up beyond the limit): the close code says why, as the server's own
				// check would
				connection.close(MESSAGE_TOO_BIG, "Message too big");
			}
			receiver.onError(error);
			receiver.onClose(NO_CLOSE_FRAME, error.getMessage());
		}
		finish();
	}

	/**
	 * The frames ended: the client's close frame was answered, or the connection is gone.
	 */
	@Override
	public void onComplete() {
		WebsocketInbound in = this.inbound;
		if (!closed && in != null) {
			closed = true;
			// Reactor Netty already answered the client's close frame (or the connection
			// is gone): the session's close that follows writes no second close frame
			connection.terminated();
			// already known by now: the client's close frame, or nothing
			in.receiveCloseStatus()
				.map(WebSocketCloseStatus::code)
				.defaultIfEmpty(NO_CLOSE_FRAME)
				.subscribe((code) -> receiver.onClose(code, null),
						(ex) -> receiver.onClose(NO_CLOSE_FRAME, ex.getMessage()));
		}
		finish();
	}

	private void finish() {
		connection.terminated();
		this.inbound = null;
		Subscriber<? super Void> subscriber = this.done;
		this.done = null;
		if (subscriber != null) {
			subscriber.onComplete();
		}
	}

	/**
	 * The fragments of one message, joined here rather than by a frame aggregator in the
	 * channel's pipeline (one handler fewer per connection): their bytes, copied, up to
	 * the limit.
	 */
	private static final class Fragments {

		private final boolean binary;

		private byte[] bytes = new byte[256];

		private int size;

		Fragments(boolean binary) {
			this.binary = binary;
		}

		/** Appends a fragment; false when the message would exceed {@code max}. */
		boolean add(ByteBuf content, int max) {
			int length = content.readableBytes();
			if ((long) size + length > max) {
				return false;
			}
			if (size + length > bytes.length) {
				bytes = Arrays.copyOf(bytes, (int) Math.min(max, Math.max((long) size + length, 2L * bytes.length)));
			}
			content.getBytes(content.readerIndex(), bytes, size, length);
			size += length;
			return true;
		}

		byte[] bytes() {
			return (size == bytes.length) ? bytes : Arrays.copyOf(bytes, size);
		}

	}

	/** Reactor Netty's demand for the handler's result: it produces no value. */
	@Override
	public void request(long n) {
	}

	/** Reactor Netty gave up on the handler: stop reading. */
	@Override
	public void cancel() {
		Subscription subscription = this.frames;
		if (subscription != null) {
			subscription.cancel();
		}
	}

}
