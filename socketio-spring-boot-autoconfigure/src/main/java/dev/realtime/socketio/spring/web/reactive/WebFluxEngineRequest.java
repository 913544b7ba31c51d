package dev.realtime.socketio.spring.web.reactive;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.realtime.socketio.engine.spi.EngineRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.LinkedCaseInsensitiveMap;

/**
 * An {@link EngineRequest} read from a WebFlux {@link ServerHttpRequest} once, before the server
 * sees it: the server may keep it after the exchange is gone (for example as a session's handshake
 * request).
 */
class WebFluxEngineRequest implements EngineRequest {

	private final String method;

	private final String path;

	private final @Nullable String rawQuery;

	private final Map<String, List<String>> queryParameters;

	private final Map<String, List<String>> headers;

	private final @Nullable InetSocketAddress remoteAddress;

	private final @Nullable Principal principal;

	private final boolean secure;

	WebFluxEngineRequest(ServerHttpRequest request, @Nullable Principal principal) {
		this.method = request.getMethod().name();
		this.path = request.getPath().value();
		this.rawQuery = request.getURI().getRawQuery();
		// WebFlux decodes query parameters (UTF-8, '+' as space) and keeps their order
		this.queryParameters = Collections.unmodifiableMap(request.getQueryParams());
		LinkedCaseInsensitiveMap<List<String>> copy = new LinkedCaseInsensitiveMap<>();
		request.getHeaders().forEach((name, values) -> copy.put(name, List.copyOf(values)));
		this.headers = Collections.unmodifiableMap(copy);
		this.remoteAddress = request.getRemoteAddress();
		this.principal = principal;
		// the scheme reflects forwarded headers when a ForwardedHeaderTransformer is configured
		this.secure = request.getSslInfo() != null || "https".equalsIgnoreCase(request.getURI().getScheme())
				|| "wss".equalsIgnoreCase(request.getURI().getScheme());
	}

	@Override
	public String method() {
		return method;
	}

	@Override
	public String path() {
		return path;
	}

	@Override
	public @Nullable String rawQuery() {
		return rawQuery;
	}

	@Override
	public Map<String, List<String>> queryParameters() {
		return queryParameters;
	}

	@Override
	public Map<String, List<String>> headers() {
		return headers;
	}

	@Override
	public @Nullable String header(String name) {
		List<String> values = headers.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	@Override
	public @Nullable InetSocketAddress remoteAddress() {
		return remoteAddress;
	}

	@Override
	public @Nullable Principal principal() {
		return principal;
	}

	@Override
	public boolean secure() {
		return secure;
	}

}
