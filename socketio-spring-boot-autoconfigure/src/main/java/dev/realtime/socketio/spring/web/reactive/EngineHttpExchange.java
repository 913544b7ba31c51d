package dev.realtime.socketio.spring.web.reactive;

import java.security.Principal;
import java.util.concurrent.atomic.AtomicReference;

import dev.realtime.socketio.engine.spi.ForwardingEngineRequest;
import dev.realtime.socketio.engine.spi.HttpExchange;
import dev.realtime.socketio.engine.spi.HttpResponse;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.MonoSink;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * A polling request handed to the Engine.IO server. {@link #respond(HttpResponse)}
 * completes the {@code Mono} WebFlux waits on, from whatever thread the server calls it;
 * cancellation of that {@code Mono} (the client went away) runs the abort callback.
 */
final class EngineHttpExchange extends ForwardingEngineRequest implements HttpExchange {

	/** Marks an exchange that was answered or aborted: later signals are ignored. */
	private static final Runnable DONE = () -> {
	};

	/** Marks an exchange aborted before the server registered its callback. */
	private static final Runnable ABORTED = () -> {
	};

	private final byte[] body;

	private final MonoSink<HttpResponse> sink;

	/**
	 * {@code null} while open, the server's abort callback, {@link #DONE} or
	 * {@link #ABORTED}.
	 */
	private final AtomicReference<@Nullable Runnable> state = new AtomicReference<>();

	EngineHttpExchange(ServerHttpRequest request, @Nullable Principal principal, byte[] body,
			MonoSink<HttpResponse> sink) {
		super(RequestSnapshots.of(request, principal));
		this.body = body;
		this.sink = sink;
	}

	@Override
	public byte[] body() {
		return body;
	}

	@Override
	public void respond(HttpResponse response) {
		for (;;) {
			Runnable current = state.get();
			if (current == DONE || current == ABORTED) {
				return;
			}
			if (state.compareAndSet(current, DONE)) {
				sink.success(response);
				return;
			}
		}
	}

	@Override
	public void onAbort(Runnable callback) {
		for (;;) {
			Runnable current = state.get();
			if (current == null) {
				if (state.compareAndSet(null, callback)) {
					return;
				}
			}
			else if (current == ABORTED) {
				// the client left while the server was still deciding: tell it now
				if (state.compareAndSet(ABORTED, DONE)) {
					callback.run();
				}
				return;
			}
			else {
				return;
			}
		}
	}

	/** The response {@code Mono} was cancelled: the client is gone. */
	void abort() {
		for (;;) {
			Runnable current = state.get();
			if (current == DONE || current == ABORTED) {
				return;
			}
			if (current == null) {
				if (state.compareAndSet(null, ABORTED)) {
					return;
				}
			}
			else if (state.compareAndSet(current, DONE)) {
				current.run();
				return;
			}
		}
	}

}
