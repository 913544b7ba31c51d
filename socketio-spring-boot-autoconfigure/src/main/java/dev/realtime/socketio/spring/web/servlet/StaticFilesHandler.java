package dev.realtime.socketio.spring.web.servlet;

import java.io.IOException;

import dev.realtime.socketio.engine.spi.HttpResponse;
import dev.realtime.socketio.spring.web.StaticFiles;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.HttpRequestHandler;

/** Answers GET and HEAD requests for the files of a {@link StaticFiles}. */
final class StaticFilesHandler implements HttpRequestHandler {

	private final StaticFiles files;

	StaticFilesHandler(StaticFiles files) {
		this.files = files;
	}

	/**
	 * Whether this handler answers a request with this method for this path within the
	 * application.
	 */
	boolean serves(String method, String path) {
		return ("GET".equals(method) || "HEAD".equals(method)) && files.matches(path);
	}

	@Override
	public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
		HttpResponse answer = files.serve(EngineHandlerMapping.pathWithinApplication(request),
				request.getHeader("If-None-Match"), request.getHeader("Accept-Encoding"));
		if (answer == null) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		EngineHttpExchange.writeBlocking(response, answer);
	}

}
