package dev.realtime.socketio.engine.spi;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An {@link EngineRequest} that answers from another one, typically an immutable snapshot
 * taken when the request arrived: the base of a binding's {@link HttpExchange}, which
 * adds the body and the response.
 */
public abstract class ForwardingEngineRequest implements EngineRequest {

	private final EngineRequest request;

	protected ForwardingEngineRequest(EngineRequest request) {
		this.request = request;
	}

	@Override
	public String method() {
		return request.method();
	}

	@Override
	public String path() {
		return request.path();
	}

	@Override
	public @Nullable String rawQuery() {
		return request.rawQuery();
	}

	@Override
	public Map<String, List<String>> queryParameters() {
		return request.queryParameters();
	}

	@Override
	public Map<String, List<String>> headers() {
		return request.headers();
	}

	@Override
	public @Nullable String header(String name) {
		return request.header(name);
	}

	@Override
	public @Nullable InetSocketAddress remoteAddress() {
		return request.remoteAddress();
	}

	@Override
	public @Nullable Principal principal() {
		return request.principal();
	}

	@Override
	public boolean secure() {
		return request.secure();
	}

	@Override
	public String uri() {
		return request.uri();
	}

}
