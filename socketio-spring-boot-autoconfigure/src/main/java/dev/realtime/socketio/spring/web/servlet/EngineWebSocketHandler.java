package dev.realtime.socketio.spring.web.servlet;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.engine.RequestSnapshot;
import dev.realtime.socketio.engine.spi.WebSocketReceiver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;

/**
 * Adapts the WebSockets spring-websocket opens for one {@link EngineServer} to the
 * server's port: each upgrade gets its own {@link WebSocketHandler} (so a frame reaches
 * its connection without a lookup in the session's attributes), each session an
 * {@link EngineWebSocketConnection}, and the server's {@link WebSocketReceiver} gets its
 * frames.
 *
 * <p>
 * Frames arrive as partial messages and are joined here, up to one byte or character past
 * {@code maxHttpBufferSize} (the server then closes with 1009). That way the container
 * never needs a message buffer as large as the limit for every connection: memory grows
 * only with what a client actually sends.
 */
final class EngineWebSocketHandler {

	private static final Log logger = LogFactory.getLog(EngineWebSocketHandler.class);

	private final EngineServer server;

	private final int maxMessageSize;

	/** Writes broadcast frames for the connections with direct writes. */
	private final FanOutFlusher flusher = new FanOutFlusher();

	/** Whether the container's threads run the listeners of the messages they read. */
	private volatile boolean inlineDispatch = true;

	EngineWebSocketHandler(EngineServer server) {
		this.server = server;
		this.maxMessageSize = (int) Math.min(server.options().maxHttpBufferSize(), Integer.MAX_VALUE - 16);
	}

	/** See {@link EngineHandlerMapping#setInlineDispatch(boolean)}. */
	void setInlineDispatch(boolean inlineDispatch) {
		this.inlineDispatch = inlineDispatch;
	}

	/**
	 * Tomcat's user property bounding its blocking sends (the close frame among them).
	 */
	private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private static final Long CLOSE_SEND_TIMEOUT_MILLIS = 1000L;

	/** Whether Tomcat's WebSocket classes are there (for {@link TomcatFrameWriter}). */
	private static final boolean TOMCAT = ClassUtils.isPresent(
			"org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer",
			EngineWebSocketHandler.class.getClassLoader());

	/** The handler of the WebSocket that the upgrade {@code request} opens. */
	WebSocketHandler forUpgrade(RequestSnapshot request) {
		return new Inbound(request);
	}

	/**
	 * One connection's handler. The container delivers the frames of one socket one at a
	 * time, so the buffers need no lock; {@code closed} and {@code connection} are
	 * volatile because close may come from the container's error path on another thread.
	 */
	private final class Inbound implements WebSocketHandler {

		/** The upgrade request, until the connection opened. */
		private @Nullable RequestSnapshot request;

		private volatile @Nullable EngineWebSocketConnection connection;

		private WebSocketReceiver receiver = WebSocketReceiver.ignoring();

		private @Nullable StringBuilder text;

		private @Nullable ByteArrayOutputStream binary;

		/** A message already went past the limit: drop its remaining fragments. */
		private boolean discarding;

		private volatile boolean closed;

		Inbound(RequestSnapshot request) {
			this.request = request;
		}

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			RequestSnapshot upgrade = request;
			request = null;
			if (upgrade == null) {
				return;
			}
			jakarta.websocket.Session nativeSession = ((NativeWebSocketSession) session)
				.getNativeSession(jakarta.websocket.Session.class);
			// Tomcat's blocking close waits for an asynchronous send still in flight by
			// spinning a worker thread, for 20 s by default: with many clients closing at
			// once that starves the whole server. The close frame gives up after a second
			// instead.
			nativeSession.getUserProperties().put(BLOCKING_SEND_TIMEOUT, CLOSE_SEND_TIMEOUT_MILLIS);
			EngineOptions options = server.options();
			DirectFrameWriter direct = TOMCAT ? TomcatFrameWriter.of(nativeSession) : null;
			EngineWebSocketConnection opened = new EngineWebSocketConnection(session, nativeSession.getAsyncRemote(),
					nativeSession, options.writeHighWaterMark(),
					options.maxBufferedBytes() + options.writeHighWaterMark(), direct, flusher, inlineDispatch);
			connection = opened;
			receiver = server.onWebSocketOpen(upgrade, opened);
		}

		@Override
		public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
			if (message instanceof TextMessage textMessage) {
				onText(textMessage.getPayload(), textMessage.isLast());
			}
			else if (message instanceof BinaryMessage binaryMessage) {
				onBinary(binaryMessage.getPayload(), binaryMessage.isLast());
			}
			// pongs: the Engine.IO heartbeat lives in its own packets
		}

		@Override
		public void handleTransportError(WebSocketSession session, Throwable exception) {
			onError(exception);
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
			onClose(closeStatus.getCode(), closeStatus.getReason());
		}

		@Override
		public boolean supportsPartialMessages() {
			return true;
		}

		void onText(String fragment, boolean last) {
			if (discarding) {
				discarding = !last;
				return;
			}
			if (last && text == null) {
				deliverText(fragment);
				return;
			}
			StringBuilder buffer = (text != null) ? text : (text = new StringBuilder());
			int room = maxMessageSize + 1 - buffer.length();
			buffer.append(fragment, 0, Math.min(room, fragment.length()));
			if (buffer.length() > maxMessageSize) {
				text = null;
				discarding = !last;
				deliverText(buffer.toString());
			}
			else if (last) {
				text = null;
				deliverText(buffer.toString());
			}
		}

		void onBinary(ByteBuffer fragment, boolean last) {
			if (discarding) {
				discarding = !last;
				return;
			}
			ByteArrayOutputStream buffer = (binary != null) ? binary : (binary = new ByteArrayOutputStream());
			int room = maxMessageSize + 1 - buffer.size();
			int length = Math.min(room, fragment.remaining());
			byte[] bytes = new byte[length];
			fragment.get(bytes);
			buffer.writeBytes(bytes);
			if (buffer.size() > maxMessageSize) {
				binary = null;
				discarding = !last;
				deliverBinary(buffer.toByteArray());
			}
			else if (last) {
				binary = null;
				deliverBinary(buffer.toByteArray());
			}
		}

		private void deliverText(String message) {
			try {
				receiver.onText(message);
			}
			catch (RuntimeException ex) {
				logger.warn("Engine.IO receiver failed on a text frame", ex);
			}
		}

		private void deliverBinary(byte[] message) {
			try {
				receiver.onBinary(message);
			}
			catch (RuntimeException ex) {
				logger.warn("Engine.IO receiver failed on a binary frame", ex);
			}
		}

		void onError(Throwable error) {
			if (!closed) {
				receiver.onError(error);
			}
		}

		void onClose(int code, @Nullable String reason) {
			if (closed) {
				return;
			}
			closed = true;
			EngineWebSocketConnection opened = connection;
			if (opened != null) {
				opened.terminated();
			}
			receiver.onClose(code, reason);
		}

	}

}
