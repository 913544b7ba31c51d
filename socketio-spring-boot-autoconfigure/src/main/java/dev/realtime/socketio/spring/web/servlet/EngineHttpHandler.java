package dev.realtime.socketio.spring.web.servlet;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;

import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.engine.RequestSnapshot;
import dev.realtime.socketio.engine.spi.HttpResponse;
import dev.realtime.socketio.engine.spi.UpgradeDecision;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * Serves every request under one {@link EngineServer}'s path: WebSocket upgrades through
 * spring-websocket's handshake (after the server accepted them), everything else as a
 * polling exchange.
 */
final class EngineHttpHandler implements HttpRequestHandler {

	/**
	 * Margin over the longest time the server itself keeps a GET parked (one ping
	 * interval).
	 */
	private static final long ASYNC_TIMEOUT_MARGIN_MILLIS = 60_000;

	private final EngineServer server;

	private final long asyncTimeoutMillis;

	private static final String EXTENSIONS_HEADER = "Sec-WebSocket-Extensions";

	private final boolean perMessageDeflate;

	private final DefaultHandshakeHandler handshakeHandler;

	private final EngineWebSocketHandler webSocketHandler;

	EngineHttpHandler(EngineServer server) {
		this.server = server;
		EngineOptions options = server.options();
		// the server answers a parked GET within a ping interval (a ping, or the close on
		// timeout);
		// the container's timeout is only a safety net against a lost exchange
		this.asyncTimeoutMillis = options.pingInterval().toMillis() + options.pingTimeout().toMillis()
				+ ASYNC_TIMEOUT_MARGIN_MILLIS;
		this.perMessageDeflate = options.perMessageDeflate();
		this.handshakeHandler = new DefaultHandshakeHandler(new StandardWebSocketUpgradeStrategy());
		this.handshakeHandler.start();
		this.webSocketHandler = new EngineWebSocketHandler(server);
	}

	EngineServer server() {
		return server;
	}

	/** See {@link EngineHandlerMapping#setInlineDispatch(boolean)}. */
	void setInlineDispatch(boolean inlineDispatch) {
		webSocketHandler.setInlineDispatch(inlineDispatch);
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
		ServletServerHttpResponse serverResponse = new ServletServerHttpResponse(response);
		try {
			handshakeHandler.doHandshake(new ServletServerHttpRequest(upgradeRequest(request)), serverResponse,
					webSocketHandler.forUpgrade(snapshot), new HashMap<>());
		}
		finally {
			// writes the status and headers of a handshake spring-websocket refused
			serverResponse.close();
		}
	}

	/**
	 * The upgrade request as the container sees it: without the client's extension offers
	 * when permessage-deflate is off. Filtering the offers in spring-websocket's
	 * handshake is not enough: given no extension, Tomcat's JSR 356 upgrade negotiates
	 * every extension it has installed (permessage-deflate) against the offers it reads
	 * from the request itself.
	 */
	private HttpServletRequest upgradeRequest(HttpServletRequest request) {
		if (perMessageDeflate || request.getHeader(EXTENSIONS_HEADER) == null) {
			return request;
		}
		return new HttpServletRequestWrapper(request) {

			@Override
			public @Nullable String getHeader(String name) {
				return EXTENSIONS_HEADER.equalsIgnoreCase(name) ? null : super.getHeader(name);
			}

			@Override
			public Enumeration<String> getHeaders(String name) {
				return EXTENSIONS_HEADER.equalsIgnoreCase(name) ? Collections.emptyEnumeration()
						: super.getHeaders(name);
			}

			@Override
			public Enumeration<String> getHeaderNames() {
				return Collections.enumeration(Collections.list(super.getHeaderNames())
					.stream()
					.filter((header) -> !EXTENSIONS_HEADER.equalsIgnoreCase(header))
					.toList());
			}
		};
	}

}
