package dev.realtime.socketio.engine;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.realtime.socketio.engine.spi.EngineRequest;
import org.jspecify.annotations.Nullable;

/**
 * An immutable copy of a request, kept by a session for its whole life (the web stack may
 * recycle its own request objects). Header names are matched case-insensitively.
 */
public record RequestSnapshot(String method, String path, @Nullable String rawQuery,
		Map<String, List<String>> queryParameters, Map<String, List<String>> headers,
		@Nullable InetSocketAddress remoteAddress, @Nullable Principal principal,
		boolean secure) implements EngineRequest {

	public RequestSnapshot {
		queryParameters = copy(queryParameters, false);
		headers = copy(headers, true);
	}

	/** A snapshot of any request. */
	public static RequestSnapshot of(EngineRequest request) {
		if (request instanceof RequestSnapshot snapshot) {
			return snapshot;
		}
		return new RequestSnapshot(request.method(), request.path(), request.rawQuery(), request.queryParameters(),
				request.headers(), request.remoteAddress(), request.principal(), request.secure());
	}

	private static Map<String, List<String>> copy(Map<String, List<String>> source, boolean caseInsensitive) {
		Map<String, List<String>> copy = caseInsensitive ? new TreeMap<>(String.CASE_INSENSITIVE_ORDER)
				: new LinkedHashMap<>();
		for (Map.Entry<String, List<String>> entry : source.entrySet()) {
			copy.merge(entry.getKey(), List.copyOf(entry.getValue()), (a, b) -> {
				List<String> merged = new ArrayList<>(a);
				merged.addAll(b);
				return List.copyOf(merged);
			});
		}
		return Collections.unmodifiableMap(copy);
	}

	@Override
	public @Nullable String header(String name) {
		List<String> values = headers.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}
}
