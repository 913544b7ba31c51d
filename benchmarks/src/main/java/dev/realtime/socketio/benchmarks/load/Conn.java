package dev.realtime.socketio.benchmarks.load;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import org.jspecify.annotations.Nullable;

/**
 * One client WebSocket. Its fields belong to the scenario and are touched on the event
 * loop only.
 */
final class Conn {

	final ConnListener listener;

	final long openedAt = System.nanoTime();

	@Nullable Channel channel;

	boolean connected;

	boolean closed;

	/** Whether the server accepted permessage-deflate (known once connected). */
	boolean deflate;

	/** Scenario state: the time the pending request was sent. */
	long sentAt;

	/** Scenario state: the next ack id. */
	long nextId;

	Conn(ConnListener listener) {
		this.listener = listener;
	}

	/** Sends a text frame (pooled buffer, no completion listener). */
	void send(String text) {
		Channel ch = channel;
		if (ch != null && ch.isActive()) {
			ch.writeAndFlush(new TextWebSocketFrame(ByteBufUtil.writeUtf8(ch.alloc(), text)), ch.voidPromise());
		}
	}

	/**
	 * Sends a close frame and drops the TCP connection at once, without waiting for the
	 * server's close frame (a client that leaves without the closing handshake's second
	 * half).
	 */
	void abandon() {
		Channel ch = channel;
		if (ch == null) {
			return;
		}
		if (ch.isActive()) {
			ch.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
				.addListener(ChannelFutureListener.CLOSE);
		}
		else {
			ch.close();
		}
	}

	/**
	 * Starts the closing handshake and drops the TCP connection if the server has not
	 * within 2 s.
	 */
	void close() {
		Channel ch = channel;
		if (ch == null) {
			return;
		}
		if (ch.isActive()) {
			ch.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE), ch.voidPromise());
			ch.eventLoop().schedule(() -> {
				ch.close();
			}, 2, TimeUnit.SECONDS);
		}
		else {
			ch.close();
		}
	}

}
