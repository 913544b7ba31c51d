package dev.realtime.socketio.engine;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.realtime.socketio.engine.spi.EngineRequest;
import org.jspecify.annotations.Nullable;

/**
 * An immutable copy of a request, kept by a session for its whole life (the web stack may
 * recycle its own request objects). Header names are matched case-insensitively.
 *
 * <p>
 * Every WebSocket connection keeps one, so the copy is compact: headers and query
 * parameters are held in one array each (see {@link CompactMultiMap}) and their lists are
 * made when asked for; the maps handed out are those arrays, shared by every
 * {@code Handshake} of the session.
 */
public record RequestSnapshot(String method, String path, @Nullable String rawQuery,
		Map<String, List<String>> queryParameters, Map<String, List<String>> headers,
		@Nullable InetSocketAddress remoteAddress, @Nullable Principal principal,
		boolean secure) implements EngineRequest {

	public RequestSnapshot {
		queryParameters = CompactMultiMap.copyOf(queryParameters, false);
		headers = CompactMultiMap.copyOf(headers, true);
	}

	/** A snapshot of any request. */
	public static RequestSnapshot of(EngineRequest request) {
		if (request instanceof RequestSnapshot snapshot) {
			return snapshot;
		}
		return new RequestSnapshot(request.method(), request.path(), request.rawQuery(), request.queryParameters(),
				request.headers(), request.remoteAddress(), request.principal(), request.secure());
	}

	/**
	 * A request's headers as a snapshot keeps them, read once from the web stack's
	 * request: {@code values} gives the values of each of {@code names} (for a servlet
	 * request, {@code getHeaderNames()} and {@code getHeaders(name)}). Handed to the
	 * constructor, the map is kept as it is instead of being copied a second time.
	 * @param names the header names, in the request's order
	 * @param values the values of one name
	 * @return the headers, names matched ignoring case
	 */
	public static Map<String, List<String>> headers(Iterator<String> names,
			Function<String, ? extends Iterator<String>> values) {
		return CompactMultiMap.ofIgnoringCase(names, values);
	}

	@Override
	public @Nullable String header(String name) {
		return ((CompactMultiMap) headers).first(name);
	}

	@Override
	public @Nullable String queryParameter(String name) {
		return ((CompactMultiMap) queryParameters).first(name);
	}
}
