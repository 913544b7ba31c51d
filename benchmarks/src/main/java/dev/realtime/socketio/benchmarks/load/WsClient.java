package dev.realtime.socketio.benchmarks.load;

import java.net.URI;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketClientCompressionHandler;

/**
 * A bare WebSocket client on one Netty event loop (the load generator has one core). It
 * speaks just enough Engine.IO to stay connected: it answers the open packet with the
 * namespace CONNECT and every ping with a pong; everything else goes to the scenario's
 * {@link ConnListener}.
 *
 * <p>
 * {@code raw}: no Engine.IO at all (for the bare floor servers): a connection counts as
 * connected once the WebSocket handshake is done and every text frame goes to the
 * listener. {@code deflate}: the client offers permessage-deflate, as browsers do;
 * {@link Conn#deflate} tells whether the server accepted it.
 */
final class WsClient implements AutoCloseable {

	private final EventLoopGroup group;

	private final EventLoop loop;

	private final Bootstrap bootstrap;

	private final String host;

	private final int port;

	private final String path;

	private final boolean raw;

	private final boolean deflate;

	WsClient(String host, int port, String path) {
		this(host, port, path, false, false);
	}

	WsClient(String host, int port, String path, boolean raw, boolean deflate) {
		this.raw = raw;
		this.deflate = deflate;
		this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
		this.loop = group.next();
		this.host = host;
		this.port = port;
		this.path = path;
		this.bootstrap = new Bootstrap().group(loop)
			.channel(NioSocketChannel.class)
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
			.remoteAddress(host, port);
	}

	/** The loop every connection and scenario callback runs on. */
	EventLoop loop() {
		return loop;
	}

	/** Runs {@code task} on the event loop and waits for its result (at most 30 s). */
	<T> T onLoop(Callable<T> task) {
		try {
			return loop.submit(task).get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Opens a WebSocket; callbacks go to {@code listener}. Call from any thread. */
	Conn open(ConnListener listener) {
		return open(listener, port);
	}

	/**
	 * Opens a WebSocket to another server of the same host (a cluster), on the same event
	 * loop.
	 */
	Conn open(ConnListener listener, int serverPort) {
		URI uri = URI.create("ws://" + host + ":" + serverPort + path + "?EIO=4&transport=websocket");
		Conn conn = new Conn(listener);
		WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
			.webSocketUri(uri)
			.version(WebSocketVersion.V13)
			.allowExtensions(this.deflate)
			.maxFramePayloadLength(1 << 20)
			.handleCloseFrames(true)
			.sendCloseFrame(WebSocketCloseStatus.NORMAL_CLOSURE)
			.dropPongFrames(true)
			.handshakeTimeoutMillis(10_000)
			.forceCloseTimeoutMillis(2_000)
			.generateOriginHeader(false)
			.withUTF8Validator(false)
			.build();
		Bootstrap b = bootstrap.clone()
			.remoteAddress(host, serverPort)
			.handler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel ch) {
					ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192));
					if (WsClient.this.deflate) {
						ch.pipeline().addLast(new WebSocketClientCompressionHandler(0));
					}
					ch.pipeline()
						.addLast(new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(1 << 20),
								WsClient.this.raw ? new RawHandler(conn) : new EngineHandler(conn));
				}
			});
		ChannelFuture future = b.connect();
		conn.channel = future.channel();
		future.addListener((f) -> {
			if (!f.isSuccess()) {
				closed(conn);
			}
		});
		return conn;
	}

	private static void closed(Conn conn) {
		if (!conn.closed) {
			conn.closed = true;
			conn.listener.onClosed(conn);
		}
	}

	@Override
	public void close() {
		group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
	}

	/**
	 * Whether the server accepted an extension (permessage-deflate): its decoder is in
	 * the pipeline.
	 */
	private static void readExtensions(ChannelHandlerContext ctx, Conn conn) {
		conn.deflate = ctx.pipeline().get(WebSocketExtensionDecoder.class) != null;
	}

	/**
	 * The end of a connection's pipeline: its close goes to the listener, an error closes
	 * it.
	 */
	private abstract static class ConnHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

		final Conn conn;

		ConnHandler(Conn conn) {
			this.conn = conn;
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) throws Exception {
			closed(conn);
			super.channelInactive(ctx);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			ctx.close();
		}

	}

	/**
	 * No protocol: connected once the WebSocket is open, every text frame to the
	 * listener.
	 */
	private static final class RawHandler extends ConnHandler {

		RawHandler(Conn conn) {
			super(conn);
		}

		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
			if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE
					&& !conn.connected) {
				readExtensions(ctx, conn);
				conn.connected = true;
				conn.listener.onConnected(conn);
			}
			super.userEventTriggered(ctx, event);
		}

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
			if (frame instanceof TextWebSocketFrame) {
				conn.listener.onMessage(conn, ((TextWebSocketFrame) frame).text());
			}
		}

	}

	/**
	 * Engine.IO on top of the WebSocket: open → CONNECT, ping → pong, the rest to the
	 * listener.
	 */
	private static final class EngineHandler extends ConnHandler {

		EngineHandler(Conn conn) {
			super(conn);
		}

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
			if (!(frame instanceof TextWebSocketFrame)) {
				return;
			}
			String text = ((TextWebSocketFrame) frame).text();
			if (text.isEmpty()) {
				return;
			}
			switch (text.charAt(0)) {
				case '0':
					readExtensions(ctx, conn);
					conn.send(Wire.CONNECT);
					break;
				case '2':
					conn.send(Wire.PONG);
					break;
				case '4':
					if (!conn.connected && Wire.isConnected(text)) {
						conn.connected = true;
						conn.listener.onConnected(conn);
					}
					else {
						conn.listener.onMessage(conn, text);
					}
					break;
				default:
					break;
			}
		}

	}

}
