package dev.realtime.socketio.spring.web.reactive;

import dev.realtime.socketio.engine.spi.HttpResponse;
import dev.realtime.socketio.spring.web.ClientBundle;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;

/** Answers GET and HEAD requests for the files of the {@link ClientBundle}. */
final class ClientBundleHandler implements WebHandler {

	private final ClientBundle bundle;

	ClientBundleHandler(ClientBundle bundle) {
		this.bundle = bundle;
	}

	/**
	 * Whether this handler answers a request with this method for this path within the
	 * application.
	 */
	boolean serves(HttpMethod method, String path) {
		return (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) && bundle.matches(path);
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		HttpResponse answer = bundle.serve(exchange.getRequest().getPath().pathWithinApplication().value(),
				headers.getFirst(HttpHeaders.IF_NONE_MATCH), headers.getFirst(HttpHeaders.ACCEPT_ENCODING));
		if (answer == null) {
			exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
			return exchange.getResponse().setComplete();
		}
		return EngineHttpHandler.write(exchange.getResponse(), answer);
	}

}
