package dev.realtime.socketio.spring.web.reactive;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.realtime.socketio.engine.spi.Frame;
import dev.realtime.socketio.engine.spi.WebSocketConnection;
import io.netty.channel.Channel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * The server's side of one WebFlux WebSocket. Frames go through a unicast sink into
 * {@link WebSocketSession#send}, so they are written in call order and the caller never blocks;
 * a frame's callback runs when Reactor Netty takes it for writing (it asks for more only as its
 * earlier writes complete, so the callbacks pace the server). {@link #close(int, String)} queues
 * the close behind the frames already sent.
 */
final class WebFluxWebSocketConnection implements WebSocketConnection {

	private static final Log logger = LogFactory.getLog(WebFluxWebSocketConnection.class);

	/** Frames waiting for the transport beyond which the connection reports itself not writable. */
	private static final int PENDING_LIMIT = 64;

	private static final Outgoing END = new Outgoing(null, (failure) -> {
	});

	private final WebSocketSession session;

	private final @Nullable Channel channel;

	/**
	 * A multi-producer queue behind a unicast sink: emission is an offer plus a drain guarded by a
	 * work-in-progress counter, so concurrent and re-entrant sends (a completion callback that sends
	 * the next frame) neither lock nor fail.
	 */
	private final Sinks.Many<Outgoing> outgoing = Sinks.unsafe()
		.many()
		.unicast()
		.onBackpressureBuffer(Queues.<Outgoing>unboundedMultiproducer().get());

	/** Frames passed to {@link #send} that Reactor Netty has not taken yet. */
	private final AtomicInteger pending = new AtomicInteger();

	private final AtomicReference<@Nullable CloseStatus> closeStatus = new AtomicReference<>();

	private final AtomicBoolean ended = new AtomicBoolean();

	WebFluxWebSocketConnection(WebSocketSession session, @Nullable Channel channel) {
		this.session = session;
		this.channel = channel;
	}

	@Override
	public void send(Frame frame, SendCallback callback) {
		if (ended.get()) {
			callback.completed(new ClosedChannelException());
			return;
		}
		pending.incrementAndGet();
		if (outgoing.tryEmitNext(new Outgoing(frame, callback)).isFailure()) {
			pending.decrementAndGet();
			callback.completed(new ClosedChannelException());
		}
	}

	@Override
	public void close(int code, @Nullable String reason) {
		if (closeStatus.compareAndSet(null, new CloseStatus(code, reason))) {
			end();
		}
	}

	/**
	 * Writable while nothing waits for the transport, so that a frame is always in flight when the
	 * server holds back and its completion wakes the server up again; otherwise as Netty's channel
	 * says, or by the number of waiting frames when the channel is out of reach.
	 */
	@Override
	public boolean isWritable() {
		int waiting = pending.get();
		if (waiting == 0) {
			return true;
		}
		Channel netty = channel;
		return (netty != null) ? netty.isWritable() && waiting < PENDING_LIMIT : waiting < PENDING_LIMIT;
	}

	/** Stops taking frames: what is queued is still written, then the close (if any) follows. */
	void end() {
		if (ended.compareAndSet(false, true)) {
			outgoing.tryEmitNext(END);
		}
	}

	/**
	 * The outbound side of the session: every frame sent, then the close frame when the server asked
	 * for one. Completes when the connection ends.
	 */
	Mono<Void> output() {
		Flux<WebSocketMessage> messages = outgoing.asFlux()
			.takeUntil((item) -> item == END)
			.filter((item) -> item != END)
			.map(this::handOver)
			.doOnDiscard(Outgoing.class, this::fail);
		return session.send(messages)
			.then(Mono.defer(this::closeSession))
			.onErrorResume((ex) -> {
				logger.debug("WebSocket write failed", ex);
				end();
				return Mono.empty();
			});
	}

	private WebSocketMessage handOver(Outgoing item) {
		Frame frame = item.frame();
		// the frame's bytes are shared by every receiver of a broadcast: wrapped, never copied
		WebSocketMessage message = new WebSocketMessage(
				frame.binary() ? WebSocketMessage.Type.BINARY : WebSocketMessage.Type.TEXT,
				session.bufferFactory().wrap(frame.bytes()));
		pending.decrementAndGet();
		item.callback().completed(null);
		return message;
	}

	private void fail(Outgoing item) {
		if (item != END) {
			pending.decrementAndGet();
			item.callback().completed(new ClosedChannelException());
		}
	}

	private Mono<Void> closeSession() {
		CloseStatus status = closeStatus.get();
		if (status == null) {
			return Mono.empty();
		}
		// the peer may be gone already: then there is nothing left to close
		return session.close(status).onErrorResume((ex) -> Mono.empty());
	}

	/** One frame and its completion, or {@link #END}. */
	private record Outgoing(@Nullable Frame frame, SendCallback callback) {

		@Override
		public Frame frame() {
			Frame value = this.frame;
			if (value == null) {
				throw new IllegalStateException("The end marker carries no frame");
			}
			return value;
		}

	}

}
