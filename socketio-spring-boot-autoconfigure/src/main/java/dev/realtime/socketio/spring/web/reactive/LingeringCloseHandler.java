package dev.realtime.socketio.spring.web.reactive;

import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * Closes a WebSocket connection the way RFC 6455 §7.1.1 asks when the server closes first: the
 * close frame is sent, the output shut down, and whatever the client is still sending is read and
 * discarded until it closes its side (or a deadline passes). Closing a TCP socket with unread
 * input resets it, and a reset client may lose the close frame (and its code, 1009 for a message
 * too big) that was already on its way, which a client still writing a 20 MB message would.
 *
 * <p>First in the pipeline, next to the socket: it sees every close, Netty's own (its frame
 * decoder closes on a protocol violation) included.
 */
final class LingeringCloseHandler extends ChannelDuplexHandler {

	static final String NAME = "socketio-lingering-close";

	/** How long the client may stay silent before the connection is closed anyway. */
	private static final long IDLE_MILLIS = 2_000;

	/** Longest wait for the client to close its side, however much it still sends. */
	private static final long MAX_LINGER_MILLIS = 10_000;

	private boolean lingering;

	private long lingerDeadline;

	private long lastRead;

	/** Installs the handler on an upgraded WebSocket channel, once. */
	static void install(Channel channel) {
		if (channel.pipeline().get(NAME) == null) {
			channel.pipeline().addFirst(NAME, new LingeringCloseHandler());
		}
	}

	@Override
	public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
		Channel channel = ctx.channel();
		if (lingering || !channel.isActive() || !(channel instanceof DuplexChannel duplex) || duplex.isInputShutdown()) {
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

	/** Closes once the client was silent for {@link #IDLE_MILLIS}, or at the deadline. */
	private void scheduleCheck(ChannelHandlerContext ctx, long delayMillis) {
		ctx.executor().schedule(() -> {
			if (!ctx.channel().isOpen()) {
				return;
			}
			long now = System.nanoTime();
			long idleEnd = lastRead + TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS);
			if (now >= lingerDeadline || now >= idleEnd) {
				ctx.close();
			}
			else {
				scheduleCheck(ctx, Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(idleEnd, lingerDeadline) - now)));
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
		if (lingering && event instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
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
}
