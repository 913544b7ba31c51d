package dev.realtime.socketio.spring.web.reactive;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.engine.spi.EngineRequest;
import dev.realtime.socketio.engine.spi.HttpResponse;
import dev.realtime.socketio.engine.spi.UpgradeDecision;
import io.netty.channel.Channel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.NettyInbound;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebHandler;

/**
 * Serves one {@link EngineServer}: WebSocket upgrade requests go through
 * {@link EngineServer#decideUpgrade} and then Reactor Netty's own upgrade (a
 * {@link NativeWebSocketHandler}), or WebFlux's {@link WebSocketService} when the native
 * upgrade is off ({@code socketio.webflux.native-websocket=false}); every other request
 * is read (up to one byte over the limit, so the server can answer 413) and handed to
 * {@link EngineServer#handle}, whose answer completes the returned {@code Mono}.
 */
final class EngineHttpHandler implements WebHandler {

	private static final String SEC_WEBSOCKET_KEY = "Sec-WebSocket-Key";

	/** Largest array the JVM reliably allocates. */
	private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

	private static final byte[] EMPTY = new byte[0];

	private static final Log logger = LogFactory.getLog(EngineHttpHandler.class);

	/**
	 * Room Reactor Netty leaves above the server's limit. A message slightly over the
	 * limit is read in full and refused by the server itself (close 1009); were Netty to
	 * refuse it while the client is still writing, closing a socket with unread data
	 * resets the connection and the client may never see the 1009.
	 */
	private static final int FRAME_HEADROOM = 64 * 1024;

	private final EngineServer engine;

	private final WebSocketService webSocketService;

	/**
	 * Whether WebSockets are upgraded by Reactor Netty directly, without Spring's
	 * {@code WebSocketSession}, when the server is Reactor Netty.
	 */
	private final boolean nativeWebSocket;

	/** The native upgrade's settings, the same as the WebSocket service's. */
	private final WebsocketServerSpec websocketSpec;

	private final long bodyLimit;

	/** See {@link EngineHandlerMapping#setListenersOnEventLoop(boolean)}. */
	private volatile boolean listenersOnEventLoop;

	/** See {@link EngineHandlerMapping#setListenersOnEventLoop(boolean)}. */
	void setListenersOnEventLoop(boolean listenersOnEventLoop) {
		this.listenersOnEventLoop = listenersOnEventLoop;
	}

	EngineHttpHandler(EngineServer engine) {
		this(engine, true);
	}

	EngineHttpHandler(EngineServer engine, boolean nativeWebSocket) {
		this(engine, reactorNettyWebSocketService(engine.options()), nativeWebSocket);
	}

	EngineHttpHandler(EngineServer engine, WebSocketService webSocketService, boolean nativeWebSocket) {
		this.engine = engine;
		this.webSocketService = webSocketService;
		this.nativeWebSocket = nativeWebSocket;
		this.websocketSpec = websocketSpec(engine.options()).build();
		this.bodyLimit = Math.min(engine.options().maxHttpBufferSize(), MAX_ARRAY - 1) + 1;
	}

	/**
	 * A WebSocket service for Reactor Netty that takes messages somewhat larger than the
	 * server accepts (the server enforces the exact limit and closes with 1009),
	 * fragments aggregated up to that size, with permessage-deflate as configured.
	 */
	static WebSocketService reactorNettyWebSocketService(EngineOptions options) {
		HandshakeWebSocketService service = new HandshakeWebSocketService(
				new ReactorNettyRequestUpgradeStrategy(() -> websocketSpec(options)));
		service.start();
		return service;
	}

	/**
	 * Reactor Netty's WebSocket settings: messages somewhat larger than the server
	 * accepts, permessage-deflate as configured.
	 */
	private static WebsocketServerSpec.Builder websocketSpec(EngineOptions options) {
		return WebsocketServerSpec.builder()
			.maxFramePayloadLength(maxFrame(options))
			.compress(options.perMessageDeflate());
	}

	/**
	 * The largest message Reactor Netty reads (fragments joined): somewhat larger than
	 * the server accepts.
	 */
	private static int maxFrame(EngineOptions options) {
		return (int) Math.min(options.maxHttpBufferSize(), MAX_ARRAY - FRAME_HEADROOM) + FRAME_HEADROOM;
	}

	/** Whether a path within the application belongs to this server. */
	boolean matches(String path) {
		return engine.matches(path);
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange) {
		if (isWebSocketUpgrade(exchange.getRequest())) {
			return principal(exchange).flatMap((principal) -> upgrade(exchange, principal.orElse(null)));
		}
		return Mono.zip(readBody(exchange.getRequest()), principal(exchange))
			.flatMap((request) -> Mono.<HttpResponse>create((sink) -> {
				EngineHttpExchange polling = new EngineHttpExchange(exchange.getRequest(), request.getT2().orElse(null),
						request.getT1(), sink);
				// cancelled: the client closed the connection before the server answered
				sink.onCancel(polling::abort);
				engine.handle(polling);
			}))
			.flatMap((response) -> write(exchange.getResponse(), response));
	}

	private Mono<Void> upgrade(ServerWebExchange exchange, @Nullable Principal principal) {
		HttpServerResponse nativeResponse = nativeWebSocket ? nativeResponse(exchange.getResponse()) : null;
		// natively upgraded, the session keeps the request itself (Reactor Netty keeps
		// its headers anyway); otherwise a copy
		EngineRequest request = (nativeResponse != null) ? UpgradeRequest.of(exchange.getRequest(), principal)
				: RequestSnapshots.of(exchange.getRequest(), principal);
		CompletableFuture<UpgradeDecision> decision = engine.decideUpgrade(request);
		if (decision.isDone()) {
			return upgrade(exchange, request, nativeResponse, decision.join());
		}
		// an asynchronous request gate is deciding: no thread waits for it
		return Mono.fromFuture(decision).flatMap((decided) -> upgrade(exchange, request, nativeResponse, decided));
	}

	private Mono<Void> upgrade(ServerWebExchange exchange, EngineRequest request,
			@Nullable HttpServerResponse nativeResponse, UpgradeDecision decision) {
		HttpResponse rejection = decision.rejection();
		if (rejection != null) {
			return write(exchange.getResponse(), rejection);
		}
		HttpHeaders headers = exchange.getResponse().getHeaders();
		decision.responseHeaders().forEach(headers::set);
		Channel channel = nettyChannel(exchange.getRequest());
		if (channel == null) {
			// frames are written to the Netty channel: another server under WebFlux
			// cannot carry them
			return write(exchange.getResponse(), HttpResponse.text(500, Map.of("Content-Type", "text/plain"),
					"Socket.IO WebSockets on WebFlux need Reactor Netty"));
		}
		Mono<Void> handshake = (nativeResponse != null)
				? Mono.defer(() -> nativeUpgrade(exchange, request, channel, nativeResponse))
				: Mono.defer(() -> webSocketService.handleRequest(exchange,
						new EngineWebSocketHandler(engine, request, channel, listenersOnEventLoop)));
		if (!channel.eventLoop().inEventLoop()) {
			// an upgrade started off the event loop (the security chain may finish on a
			// Reactor scheduler) can lose the client's first frame, the upgrade probe:
			// hand it back to the connection's event loop
			return handshake.subscribeOn(Schedulers.fromExecutor(channel.eventLoop()));
		}
		return handshake;
	}

	/**
	 * The upgrade done by Reactor Netty itself: the checks of WebFlux's
	 * {@code HandshakeWebSocketService} (the same answers), WebFlux's commit actions (a
	 * security chain's headers), then Reactor Netty's handshake with the same settings.
	 * The socket is served by a {@link NativeWebSocketHandler}.
	 */
	private Mono<Void> nativeUpgrade(ServerWebExchange exchange, EngineRequest request, Channel channel,
			HttpServerResponse nativeResponse) {
		ServerHttpRequest httpRequest = exchange.getRequest();
		if (httpRequest.getMethod() != HttpMethod.GET) {
			return Mono.error(new MethodNotAllowedException(httpRequest.getMethod(), Set.of(HttpMethod.GET)));
		}
		HttpHeaders headers = httpRequest.getHeaders();
		List<String> connection = headers.getConnection();
		if (!connection.contains("Upgrade") && !connection.contains("upgrade")) {
			return Mono.error(new ServerWebInputException("Invalid 'Connection' header"));
		}
		if (headers.getFirst(SEC_WEBSOCKET_KEY) == null) {
			return Mono.error(new ServerWebInputException("Missing \"Sec-WebSocket-Key\" header"));
		}
		NativeWebSocketHandler handler = new NativeWebSocketHandler(engine, request, channel,
				websocketSpec.maxFramePayloadLength(), listenersOnEventLoop);
		return exchange.getResponse()
			.setComplete()
			.then(Mono.defer(() -> nativeResponse.sendWebsocket(handler, websocketSpec)));
	}

	/** Reactor Netty's response under WebFlux's, or {@code null} on another server. */
	private static @Nullable HttpServerResponse nativeResponse(ServerHttpResponse response) {
		try {
			Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
			return (nativeResponse instanceof HttpServerResponse reactorResponse) ? reactorResponse : null;
		}
		catch (IllegalArgumentException ex) {
			// not a Reactor Netty response
			return null;
		}
	}

	private static boolean isWebSocketUpgrade(ServerHttpRequest request) {
		return "websocket".equalsIgnoreCase(request.getHeaders().getUpgrade());
	}

	private static Mono<Optional<Principal>> principal(ServerWebExchange exchange) {
		return exchange.getPrincipal().<Optional<Principal>>map(Optional::of).defaultIfEmpty(Optional.empty());
	}

	/**
	 * The body, stopped one byte past the limit: the server answers 413 to anything
	 * longer. Empty when the client went away before sending all of it: nothing to
	 * answer, nothing to log but at debug level (the client's doing, not the server's).
	 */
	private Mono<byte[]> readBody(ServerHttpRequest request) {
		return DataBufferUtils.join(DataBufferUtils.takeUntilByteCount(request.getBody(), bodyLimit))
			.map(EngineHttpHandler::drain)
			.defaultIfEmpty(EMPTY)
			.onErrorResume((ex) -> {
				if (logger.isDebugEnabled()) {
					logger.debug("Client aborted a polling request body: " + ex);
				}
				return Mono.empty();
			});
	}

	private static byte[] drain(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	/** Status, headers and body in one buffer (the server set Content-Length). */
	static Mono<Void> write(ServerHttpResponse response, HttpResponse answer) {
		response.setStatusCode(HttpStatusCode.valueOf(answer.status()));
		HttpHeaders headers = response.getHeaders();
		answer.headers().forEach(headers::set);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(answer.body())));
	}

	/**
	 * The Netty channel under the request; {@code null} when it is not a Reactor Netty
	 * request.
	 */
	private static @Nullable Channel nettyChannel(ServerHttpRequest request) {
		try {
			Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
			if (nativeRequest instanceof NettyInbound inbound) {
				ChannelHolder holder = new ChannelHolder();
				inbound.withConnection(holder);
				return holder.channel;
			}
		}
		catch (IllegalArgumentException ex) {
			// not a Reactor Netty request
		}
		return null;
	}

	private static final class ChannelHolder implements Consumer<Connection> {

		private @Nullable Channel channel;

		@Override
		public void accept(Connection connection) {
			this.channel = connection.channel();
		}

	}

}
