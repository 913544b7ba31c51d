package dev.realtime.socketio.spring.web.reactive;

import dev.realtime.socketio.engine.spi.HttpResponse;
import dev.realtime.socketio.spring.web.StaticFiles;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;

/** Answers GET and HEAD requests for the files of a {@link StaticFiles}. */
final class StaticFilesHandler implements WebHandler {

	private final StaticFiles files;

	StaticFilesHandler(StaticFiles files) {
		this.files = files;
	}

	/**
	 * Whether this handler answers a request with this method for this path within the
	 * application.
	 */
	boolean serves(HttpMethod method, String path) {
		return (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) && files.matches(path);
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		HttpResponse answer = files.serve(exchange.getRequest().getPath().pathWithinApplication().value(),
				headers.getFirst(HttpHeaders.IF_NONE_MATCH), headers.getFirst(HttpHeaders.ACCEPT_ENCODING));
		if (answer == null) {
			exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
			return exchange.getResponse().setComplete();
		}
		return EngineHttpHandler.write(exchange.getResponse(), answer);
	}

}
