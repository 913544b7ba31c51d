package dev.realtime.socketio.spring.web.reactive;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.realtime.socketio.engine.RequestSnapshot;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Reads what the Engine.IO server needs from a WebFlux {@link ServerHttpRequest}, once,
 * into a {@link RequestSnapshot}: the server may keep it after the exchange is gone (for
 * example as a session's handshake request).
 */
final class RequestSnapshots {

	private RequestSnapshots() {
	}

	static RequestSnapshot of(ServerHttpRequest request, @Nullable Principal principal) {
		// WebFlux decodes query parameters (UTF-8, '+' as space) and keeps their order
		Map<String, List<String>> headers = new LinkedHashMap<>();
		request.getHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
		return new RequestSnapshot(request.getMethod().name(), request.getPath().value(),
				request.getURI().getRawQuery(), request.getQueryParams(), headers, request.getRemoteAddress(),
				principal, isSecure(request));
	}

	/**
	 * Whether the request came over TLS; the scheme reflects forwarded headers when a
	 * ForwardedHeaderTransformer is configured.
	 */
	static boolean isSecure(ServerHttpRequest request) {
		return request.getSslInfo() != null || "https".equalsIgnoreCase(request.getURI().getScheme())
				|| "wss".equalsIgnoreCase(request.getURI().getScheme());
	}

}
