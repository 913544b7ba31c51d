package dev.realtime.socketio.spring.web.reactive;

import java.util.Comparator;
import java.util.List;

import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.spring.web.ClientBundle;
import dev.realtime.socketio.spring.web.StaticFiles;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;

/**
 * Routes every request under an {@link EngineServer}'s path to that server, ahead of
 * every other handler mapping. The path is matched within the application, so
 * {@code spring.webflux.base-path} applies. The handler is a {@code WebHandler}, run by
 * WebFlux's {@code SimpleHandlerAdapter}.
 *
 * <pre>{@code
 * &#64;Bean
 * EngineHandlerMapping engineHandlerMapping(EngineServer engine) {
 *     return new EngineHandlerMapping(List.of(engine));
 * }
 * }</pre>
 *
 * <p>
 * CORS is the Engine.IO server's business: a pre-flight request is answered by the server
 * here, because WebFlux's {@code DispatcherHandler} never invokes the handler of a
 * pre-flight request.
 */
public final class EngineHandlerMapping implements HandlerMapping, Ordered {

	private final List<EngineHttpHandler> handlers;

	private final List<StaticFilesHandler> staticFiles;

	private final boolean nativeWebSocket;

	private boolean listenersOnEventLoop;

	/**
	 * Serves each server on its own path; when paths nest, the longest one wins.
	 * @param engines the servers to serve
	 */
	public EngineHandlerMapping(List<EngineServer> engines) {
		this(engines, List.of());
	}

	/**
	 * Serves each server on its own path, and the client bundle under its path.
	 * @param engines the servers to serve
	 * @param clientBundle the client bundle to serve (Node's {@code serveClient}), or
	 * {@code null} for none
	 */
	public EngineHandlerMapping(List<EngineServer> engines, @Nullable ClientBundle clientBundle) {
		this(engines, (clientBundle != null) ? List.of(clientBundle.files()) : List.of());
	}

	/**
	 * Serves each server on its own path, and static files under theirs.
	 * @param engines the servers to serve
	 * @param staticFiles files to serve under their paths (the client bundle, the Admin
	 * UI), answered before the servers
	 */
	public EngineHandlerMapping(List<EngineServer> engines, List<StaticFiles> staticFiles) {
		this(engines, staticFiles, true);
	}

	/**
	 * Serves each server on its own path, and static files under theirs.
	 * @param engines the servers to serve
	 * @param staticFiles files to serve under their paths (the client bundle, the Admin
	 * UI), answered before the servers
	 * @param nativeWebSocket whether WebSockets are upgraded by Reactor Netty directly
	 * (no Spring {@code WebSocketSession} per connection); {@code false} for WebFlux's
	 * {@code WebSocketService}
	 */
	public EngineHandlerMapping(List<EngineServer> engines, List<StaticFiles> staticFiles, boolean nativeWebSocket) {
		this.nativeWebSocket = nativeWebSocket;
		this.handlers = engines.stream()
			.sorted(Comparator.comparingInt((EngineServer engine) -> engine.options().path().length()).reversed())
			.map((engine) -> new EngineHttpHandler(engine, nativeWebSocket))
			.toList();
		this.staticFiles = staticFiles.stream().map(StaticFilesHandler::new).toList();
	}

	@Override
	public Mono<Object> getHandler(ServerWebExchange exchange) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		for (StaticFilesHandler files : staticFiles) {
			if (files.serves(exchange.getRequest().getMethod(), path)) {
				return Mono.just(files);
			}
		}
		for (EngineHttpHandler handler : handlers) {
			if (handler.matches(path)) {
				if (CorsUtils.isPreFlightRequest(exchange.getRequest())) {
					return handler.handle(exchange).thenReturn(handler);
				}
				return Mono.just(handler);
			}
		}
		return Mono.empty();
	}

	/**
	 * Whether the listeners of a WebSocket message run on the Netty event loop that read
	 * it (when none of the connection's listeners is running already) instead of on the
	 * server's listener executor: no thread hand-over per message and per connect, but a
	 * listener that blocks stalls every connection of its event loop, as a blocking
	 * WebFlux controller does. Only for applications whose listeners never block. Off by
	 * default. Polling requests always hand their packets over.
	 * @param listenersOnEventLoop whether listeners run on the event loop
	 */
	public void setListenersOnEventLoop(boolean listenersOnEventLoop) {
		this.listenersOnEventLoop = listenersOnEventLoop;
		for (EngineHttpHandler handler : handlers) {
			handler.setListenersOnEventLoop(listenersOnEventLoop);
		}
	}

	/** See {@link #setListenersOnEventLoop(boolean)}. */
	public boolean isListenersOnEventLoop() {
		return listenersOnEventLoop;
	}

	/**
	 * Whether WebSockets are upgraded by Reactor Netty directly (when the server is
	 * Reactor Netty), rather than through WebFlux's {@code WebSocketService}.
	 * @return whether the native upgrade is on
	 */
	public boolean isNativeWebSocket() {
		return nativeWebSocket;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
