package dev.realtime.socketio.engine.spi;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Read-only view of an HTTP request that reached the Engine.IO path: a polling request or
 * the request that asks for a WebSocket upgrade. Implemented by each web stack binding.
 */
public interface EngineRequest {

	/** HTTP method in upper case, for example {@code GET}. */
	String method();

	/** Request path, without the query string. */
	String path();

	/** Raw query string without the leading {@code ?}, or {@code null} when absent. */
	@Nullable String rawQuery();

	/** Decoded query parameters, in the order they appear. */
	Map<String, List<String>> queryParameters();

	/** First decoded value of a query parameter, or {@code null}. */
	default @Nullable String queryParameter(String name) {
		List<String> values = queryParameters().get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	/**
	 * Request headers; names are matched case-insensitively by {@link #header(String)}.
	 */
	Map<String, List<String>> headers();

	/** First value of a header, the name matched case-insensitively, or {@code null}. */
	default @Nullable String header(String name) {
		for (Map.Entry<String, List<String>> entry : headers().entrySet()) {
			if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
				return entry.getValue().get(0);
			}
		}
		return null;
	}

	/** Address of the peer, or {@code null} when the stack does not know it. */
	@Nullable InetSocketAddress remoteAddress();

	/** Principal the web stack authenticated for this request, or {@code null}. */
	@Nullable Principal principal();

	/** Whether the request came over TLS. */
	boolean secure();

	/**
	 * Whether the server may keep this very object for the session's whole life: none of
	 * its values ever changes and it holds nothing the web stack recycles. By default the
	 * server keeps a copy of the request instead.
	 */
	default boolean retainable() {
		return false;
	}

	/** The request URI as the client sent it: path and query. */
	default String uri() {
		String query = rawQuery();
		return (query == null) ? path() : path() + "?" + query;
	}

}
