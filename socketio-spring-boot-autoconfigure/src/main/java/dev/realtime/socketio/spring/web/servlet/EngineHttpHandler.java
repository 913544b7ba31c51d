package dev.realtime.socketio.spring.web.servlet;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.engine.RequestSnapshot;
import dev.realtime.socketio.engine.spi.HttpResponse;
import dev.realtime.socketio.engine.spi.UpgradeDecision;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * Serves every request under one {@link EngineServer}'s path: WebSocket upgrades through
 * spring-websocket's handshake (after the server accepted them), everything else as a polling
 * exchange.
 */
final class EngineHttpHandler implements HttpRequestHandler {

	/** Margin over the longest time the server itself keeps a GET parked (one ping interval). */
	private static final long ASYNC_TIMEOUT_MARGIN_MILLIS = 60_000;

	private final EngineServer server;

	private final long asyncTimeoutMillis;

	private final DefaultHandshakeHandler handshakeHandler;

	private final EngineWebSocketHandler webSocketHandler;

	EngineHttpHandler(EngineServer server) {
		this.server = server;
		EngineOptions options = server.options();
		// the server answers a parked GET within a ping interval (a ping, or the close on timeout);
		// the container's timeout is only a safety net against a lost exchange
		this.asyncTimeoutMillis = options.pingInterval().toMillis() + options.pingTimeout().toMillis()
				+ ASYNC_TIMEOUT_MARGIN_MILLIS;
		this.handshakeHandler = new EngineHandshakeHandler(options.perMessageDeflate());
		this.handshakeHandler.start();
		this.webSocketHandler = new EngineWebSocketHandler(server);
	}

	EngineServer server() {
		return server;
	}

	@Override
	public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (isWebSocketUpgrade(request)) {
			upgrade(request, response);
		}
		else {
			EngineHttpExchange.serve(server, request, response, asyncTimeoutMillis);
		}
	}

	private static boolean isWebSocketUpgrade(HttpServletRequest request) {
		return "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
	}

	private void upgrade(HttpServletRequest request, HttpServletResponse response) throws IOException {
		RequestSnapshot snapshot = RequestSnapshots.of(request);
		UpgradeDecision decision = server.checkUpgrade(snapshot);
		HttpResponse rejection = decision.rejection();
		if (rejection != null) {
			// like Node's abortUpgrade: a plain answer, and the connection is not reused
			response.setHeader("Connection", "close");
			EngineHttpExchange.writeBlocking(response, rejection);
			return;
		}
		for (Map.Entry<String, String> header : decision.responseHeaders().entrySet()) {
			response.addHeader(header.getKey(), header.getValue());
		}
		Map<String, Object> attributes = new HashMap<>();
		attributes.put(EngineWebSocketHandler.REQUEST_ATTRIBUTE, snapshot);
		ServletServerHttpResponse serverResponse = new ServletServerHttpResponse(response);
		try {
			handshakeHandler.doHandshake(new ServletServerHttpRequest(request), serverResponse, webSocketHandler,
					attributes);
		}
		finally {
			// writes the status and headers of a handshake spring-websocket refused
			serverResponse.close();
		}
	}

	/**
	 * The standard (JSR 356) handshake, negotiating permessage-deflate only when the server's options
	 * ask for it.
	 */
	private static final class EngineHandshakeHandler extends DefaultHandshakeHandler {

		private final boolean perMessageDeflate;

		EngineHandshakeHandler(boolean perMessageDeflate) {
			super(new StandardWebSocketUpgradeStrategy());
			this.perMessageDeflate = perMessageDeflate;
		}

		@Override
		protected List<WebSocketExtension> filterRequestedExtensions(ServerHttpRequest request,
				List<WebSocketExtension> requestedExtensions, List<WebSocketExtension> supportedExtensions) {
			if (!perMessageDeflate) {
				return List.of();
			}
			return super.filterRequestedExtensions(request, requestedExtensions, supportedExtensions);
		}
	}
}
