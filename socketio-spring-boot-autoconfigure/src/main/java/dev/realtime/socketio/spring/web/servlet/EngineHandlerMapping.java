package dev.realtime.socketio.spring.web.servlet;

import java.util.Comparator;
import java.util.List;

import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.spring.web.ClientBundle;
import dev.realtime.socketio.spring.web.StaticFiles;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.UrlPathHelper;

/**
 * Routes every request under the path of an {@link EngineServer} (for example
 * {@code /socket.io/}) to that server, ahead of the application's own handlers. Paths are
 * matched within the application, so a {@code server.servlet.context-path} stays in front
 * of them.
 *
 * <p>
 * Deliberately not an {@code AbstractHandlerMapping}: its CORS handling would answer
 * preflight requests itself, while the Engine.IO server applies its own
 * {@code CorsPolicy}.
 *
 * <pre>{@code
 * &#64;Bean
 * EngineHandlerMapping engineHandlerMapping(List<EngineServer> servers) {
 *     return new EngineHandlerMapping(servers);
 * }
 * }</pre>
 */
public final class EngineHandlerMapping implements HandlerMapping, Ordered {

	private final List<EngineHttpHandler> handlers;

	private final List<StaticFilesHandler> staticFiles;

	private int order = Ordered.HIGHEST_PRECEDENCE;

	private boolean inlineDispatch = true;

	/**
	 * @param servers the servers to route to, each on its own path
	 */
	public EngineHandlerMapping(List<EngineServer> servers) {
		this(servers, List.of());
	}

	/**
	 * @param servers the servers to route to, each on its own path
	 * @param clientBundle the client bundle to serve under its path (Node's
	 * {@code serveClient}), or {@code null} for none
	 */
	public EngineHandlerMapping(List<EngineServer> servers, @Nullable ClientBundle clientBundle) {
		this(servers, (clientBundle != null) ? List.of(clientBundle.files()) : List.of());
	}

	/**
	 * @param servers the servers to route to, each on its own path
	 * @param staticFiles files to serve under their paths (the client bundle, the Admin
	 * UI), answered before the servers
	 */
	public EngineHandlerMapping(List<EngineServer> servers, List<StaticFiles> staticFiles) {
		// the longest mount first, so that a nested path wins over its parent
		this.handlers = servers.stream()
			.sorted(Comparator.comparingInt((EngineServer server) -> server.options().path().length()).reversed())
			.map(EngineHttpHandler::new)
			.toList();
		this.staticFiles = staticFiles.stream().map(StaticFilesHandler::new).toList();
	}

	/** The servers this mapping routes to. */
	public List<EngineServer> servers() {
		return handlers.stream().map(EngineHttpHandler::server).toList();
	}

	@Override
	public @Nullable HandlerExecutionChain getHandler(HttpServletRequest request) {
		if (handlers.isEmpty() && staticFiles.isEmpty()) {
			return null;
		}
		String path = pathWithinApplication(request);
		for (StaticFilesHandler files : staticFiles) {
			if (files.serves(request.getMethod(), path)) {
				return new HandlerExecutionChain(files);
			}
		}
		for (EngineHttpHandler handler : handlers) {
			if (handler.server().matches(path)) {
				return new HandlerExecutionChain(handler);
			}
		}
		return null;
	}

	static String pathWithinApplication(HttpServletRequest request) {
		if (ServletRequestPathUtils.hasParsedRequestPath(request)) {
			return ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication().value();
		}
		return UrlPathHelper.defaultInstance.getPathWithinApplication(request);
	}

	/**
	 * Whether a WebSocket message is handled on the container's thread that read it
	 * (true, the default) rather than handed to the server's listener executor. The
	 * container's threads may block (controllers run on them), so the listeners of a
	 * connection run there when none of its listeners is running already: that saves a
	 * thread hop and two context switches per message. A slow listener then holds a
	 * container thread (as a slow controller does) instead of one of the executor's, and
	 * the executor's decorations (a {@code TaskDecorator}) do not apply to those
	 * messages. Polling requests and everything else still go through the executor.
	 * Applies to WebSockets opened after the call.
	 */
	public void setInlineDispatch(boolean inlineDispatch) {
		this.inlineDispatch = inlineDispatch;
		for (EngineHttpHandler handler : handlers) {
			handler.setInlineDispatch(inlineDispatch);
		}
	}

	/** See {@link #setInlineDispatch(boolean)}. */
	public boolean isInlineDispatch() {
		return inlineDispatch;
	}

	@Override
	public int getOrder() {
		return order;
	}

	/** Changes the position among the handler mappings; first of all by default. */
	public void setOrder(int order) {
		this.order = order;
	}

}
