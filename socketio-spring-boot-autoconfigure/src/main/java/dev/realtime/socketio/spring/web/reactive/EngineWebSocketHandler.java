package dev.realtime.socketio.spring.web.reactive;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.engine.spi.EngineRequest;
import dev.realtime.socketio.engine.spi.WebSocketReceiver;
import io.netty.channel.Channel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * Connects one accepted WebFlux WebSocket session to the Engine.IO server: opens it on
 * the server, feeds it every received message on the I/O thread (the server hands them
 * over without blocking) and writes the server's frames straight to the Netty channel
 * under it.
 */
final class EngineWebSocketHandler implements WebSocketHandler {

	private static final int MESSAGE_TOO_BIG = 1009;

	private static final int PROTOCOL_ERROR = 1002;

	private final EngineServer engine;

	private final EngineRequest request;

	private final Channel channel;

	private final boolean listenersOnEventLoop;

	EngineWebSocketHandler(EngineServer engine, EngineRequest request, Channel channel, boolean listenersOnEventLoop) {
		this.engine = engine;
		this.request = request;
		this.channel = channel;
		this.listenersOnEventLoop = listenersOnEventLoop;
	}

	/** Frames go straight to the Netty channel; the session is only read. */
	@Override
	public Mono<Void> handle(WebSocketSession session) {
		LingeringCloseHandler.install(channel);
		EngineWebSocketConnection connection = new EngineWebSocketConnection(channel, listenersOnEventLoop);
		WebSocketReceiver receiver = engine.onWebSocketOpen(request, connection);
		connection.receiver(receiver);
		AtomicBoolean closed = new AtomicBoolean();
		return session.receive().doOnNext((message) -> {
			if (message.getNativeMessage() instanceof WebSocketFrame frame && frame.rsv() != 0) {
				// RFC 6455 §5.2: reserved bits without a negotiated extension that
				// defines them (permessage-deflate clears its own before this point)
				connection.close(PROTOCOL_ERROR, "Reserved bits set");
				return;
			}
			dispatch(connection, message);
		})
			.then(Mono.defer(session::closeStatus))
			.map(CloseStatus::getCode)
			.defaultIfEmpty(CloseStatus.NO_CLOSE_FRAME.getCode())
			.doOnNext((code) -> {
				if (closed.compareAndSet(false, true)) {
					receiver.onClose(code, null);
				}
			})
			.onErrorResume((ex) -> {
				if (closed.compareAndSet(false, true)) {
					if (ex instanceof TooLongFrameException) {
						// Netty refused a message larger than the server accepts
						// (fragments add up
						// beyond the limit): the close code says why, as the server's own
						// check would
						connection.close(MESSAGE_TOO_BIG, "Message too big");
					}
					receiver.onError(ex);
					receiver.onClose(CloseStatus.NO_CLOSE_FRAME.getCode(), ex.getMessage());
				}
				return Mono.empty();
			})
			.doFinally((signal) -> connection.terminated())
			.then();
	}

	private static void dispatch(EngineWebSocketConnection connection, WebSocketMessage message) {
		// Reactor Netty releases each frame once this callback returns: read it here,
		// keep nothing
		switch (message.getType()) {
			case TEXT -> connection.received(message.getPayloadAsText());
			case BINARY -> {
				DataBuffer payload = message.getPayload();
				byte[] bytes = new byte[payload.readableByteCount()];
				payload.read(bytes);
				connection.received(bytes);
			}
			default -> {
				// pings are answered by Reactor Netty; pongs carry nothing for Engine.IO
			}
		}
	}

}
