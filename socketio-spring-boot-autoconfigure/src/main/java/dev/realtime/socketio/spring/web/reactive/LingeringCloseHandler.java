package dev.realtime.socketio.spring.web.reactive;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.util.ReferenceCountUtil;

/**
 * Closes a WebSocket the way RFC 6455 §7.1.1 asks when the server closes it for a
 * protocol violation (1002) or a message too big (1009), while the client may still be
 * sending: the close frame goes out, the output is shut down, and what the client still
 * sends is read and discarded until it closes its side (or a deadline passes). Closing a
 * TCP socket with unread input resets it, and a reset client may lose the close frame
 * that was already on its way (a client writing a 20 MB message would).
 *
 * <p>
 * It is the channel's WebSocket frame encoder (it takes the place of Netty's, and encodes
 * as it does: a server's frames, unmasked), so it costs no handler of its own in the
 * pipeline of each idle connection: it sees the close frame the decoder writes for an
 * oversized frame, the ones the server writes, every close of the channel, and what is
 * read before the decoder. Other closes (1000 and the like, the client's own) are not
 * delayed.
 */
final class LingeringCloseHandler extends WebSocket08FrameEncoder implements ChannelInboundHandler {

	/** Netty's name for the WebSocket frame encoder of a server channel. */
	private static final String ENCODER = "wsencoder";

	private static final int PROTOCOL_ERROR = 1002;

	private static final int MESSAGE_TOO_BIG = 1009;

	/** How long the client may stay silent before the connection is closed anyway. */
	private static final long IDLE_MILLIS = 2_000;

	/** Longest wait for the client to close its side, however much it still sends. */
	private static final long MAX_LINGER_MILLIS = 10_000;

	/** A close frame for a violation went out: the close that follows lingers. */
	private boolean armed;

	private boolean lingering;

	private long lingerDeadline;

	private long lastRead;

	LingeringCloseHandler() {
		// a server's frames are not masked
		super(false);
	}

	/**
	 * Puts the handler in the place of Netty's frame encoder of an upgraded WebSocket
	 * channel, once; nothing when the pipeline has no such encoder by Netty's name.
	 */
	static void install(Channel channel) {
		ChannelHandler encoder = channel.pipeline().get(ENCODER);
		if (encoder instanceof WebSocket08FrameEncoder && !(encoder instanceof LingeringCloseHandler)) {
			channel.pipeline().replace(ENCODER, ENCODER, new LingeringCloseHandler());
		}
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
		if (msg instanceof CloseWebSocketFrame close
				&& (close.statusCode() == PROTOCOL_ERROR || close.statusCode() == MESSAGE_TOO_BIG)) {
			armed = true;
		}
		super.write(ctx, msg, promise);
	}

	@Override
	public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
		Channel channel = ctx.channel();
		if (!armed || lingering || !channel.isActive() || !(channel instanceof DuplexChannel duplex)
				|| duplex.isInputShutdown()) {
			ctx.close(promise);
			return;
		}
		lingering = true;
		// what was written (the close frame) goes out before the FIN
		ctx.flush();
		duplex.shutdownOutput().addListener((done) -> {
			channel.config().setAutoRead(true);
			channel.read();
		});
		channel.closeFuture().addListener((closed) -> promise.trySuccess());
		lastRead = System.nanoTime();
		lingerDeadline = lastRead + TimeUnit.MILLISECONDS.toNanos(MAX_LINGER_MILLIS);
		scheduleCheck(ctx, IDLE_MILLIS);
	}

	/**
	 * Closes once the client was silent for {@link #IDLE_MILLIS}, or at the deadline.
	 */
	private void scheduleCheck(ChannelHandlerContext ctx, long delayMillis) {
		ctx.executor().schedule(() -> {
			if (!ctx.channel().isOpen()) {
				return;
			}
			long now = System.nanoTime();
			long idleEnd = lastRead + TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS);
			if (now - lingerDeadline >= 0 || now - idleEnd >= 0) {
				ctx.close();
			}
			else {
				long next = Math.min(idleEnd - now, lingerDeadline - now);
				scheduleCheck(ctx, Math.max(1, TimeUnit.NANOSECONDS.toMillis(next)));
			}
		}, delayMillis, TimeUnit.MILLISECONDS);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (lingering) {
			lastRead = System.nanoTime();
			ReferenceCountUtil.release(msg);
			return;
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (lingering && event instanceof ChannelInputShutdownEvent) {
			// the client closed its side: nothing more to drain
			ctx.close();
			return;
		}
		ctx.fireUserEventTriggered(event);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (lingering) {
			// a reset while draining: the client is gone
			ctx.close();
			return;
		}
		ctx.fireExceptionCaught(cause);
	}

	// the other inbound events pass on

	@Override
	public void channelRegistered(ChannelHandlerContext ctx) {
		ctx.fireChannelRegistered();
	}

	@Override
	public void channelUnregistered(ChannelHandlerContext ctx) {
		ctx.fireChannelUnregistered();
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		ctx.fireChannelActive();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		ctx.fireChannelInactive();
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		ctx.fireChannelReadComplete();
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		ctx.fireChannelWritabilityChanged();
	}

}
