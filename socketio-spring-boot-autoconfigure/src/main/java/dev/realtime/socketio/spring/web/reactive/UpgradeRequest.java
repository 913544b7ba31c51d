package dev.realtime.socketio.spring.web.reactive;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.realtime.socketio.engine.spi.EngineRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The request of a WebSocket upgraded natively on Reactor Netty, kept by its session for
 * the socket's whole life without a copy: Reactor Netty keeps the upgrade request's
 * headers with the WebSocket anyway (they are not pooled), so its headers and query are
 * read through views over them (a header looked up in the request's own headers, a query
 * parameter found in the raw query) instead of being copied into maps of their own.
 */
final class UpgradeRequest implements EngineRequest {

	private final HttpHeaders headers;

	private final String path;

	private final @Nullable String rawQuery;

	private final @Nullable InetSocketAddress remoteAddress;

	private final @Nullable Principal principal;

	private final boolean secure;

	private @Nullable Map<String, List<String>> headersView;

	private @Nullable Map<String, List<String>> queryView;

	private UpgradeRequest(ServerHttpRequest request, @Nullable Principal principal) {
		this.headers = request.getHeaders();
		this.path = request.getPath().value();
		this.rawQuery = request.getURI().getRawQuery();
		this.remoteAddress = request.getRemoteAddress();
		this.principal = principal;
		this.secure = RequestSnapshots.isSecure(request);
	}

	/**
	 * The upgrade request of a WebFlux exchange on Reactor Netty (whose request headers
	 * are neither pooled nor recycled).
	 */
	static UpgradeRequest of(ServerHttpRequest request, @Nullable Principal principal) {
		return new UpgradeRequest(request, principal);
	}

	@Override
	public String method() {
		return "GET";
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
		Map<String, List<String>> view = queryView;
		if (view == null) {
			view = new QueryView(rawQuery);
			queryView = view;
		}
		return view;
	}

	@Override
	public @Nullable String queryParameter(String name) {
		return QueryView.first(rawQuery, name);
	}

	@Override
	public Map<String, List<String>> headers() {
		Map<String, List<String>> view = headersView;
		if (view == null) {
			view = new HeadersView(headers);
			headersView = view;
		}
		return view;
	}

	@Override
	public @Nullable String header(String name) {
		return headers.getFirst(name);
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

	/** Nothing of it changes, and it holds nothing the web stack recycles. */
	@Override
	public boolean retainable() {
		return true;
	}

	/**
	 * The request's headers as a read-only map: names case-insensitive, as WebFlux's
	 * headers are.
	 */
	private static final class HeadersView extends AbstractMap<String, List<String>> {

		private final HttpHeaders headers;

		HeadersView(HttpHeaders headers) {
			this.headers = headers;
		}

		@Override
		public @Nullable List<String> get(Object name) {
			if (!(name instanceof String header)) {
				return null;
			}
			List<String> values = headers.get(header);
			return (values == null || values.isEmpty()) ? null : Collections.unmodifiableList(values);
		}

		@Override
		public boolean containsKey(Object name) {
			return (name instanceof String header) && headers.containsHeader(header);
		}

		@Override
		public Set<Entry<String, List<String>>> entrySet() {
			// built when iterated: rarely (adapters, Node's handshake shape)
			Map<String, List<String>> copy = new LinkedHashMap<>();
			headers.forEach((name, values) -> copy.merge(name, List.copyOf(values), (a, b) -> {
				List<String> merged = new ArrayList<>(a);
				merged.addAll(b);
				return List.copyOf(merged);
			}));
			return Collections.unmodifiableMap(copy).entrySet();
		}

	}

	/**
	 * The decoded query parameters, in their order, as a read-only map read from the raw
	 * query when asked (WebFlux's decoding: UTF-8, '+' as a space, a value that does not
	 * decode kept as it is; a parameter without '=' has the value "").
	 */
	private static final class QueryView extends AbstractMap<String, List<String>> {

		private final @Nullable String rawQuery;

		QueryView(@Nullable String rawQuery) {
			this.rawQuery = rawQuery;
		}

		@Override
		public @Nullable List<String> get(Object name) {
			if (!(name instanceof String key)) {
				return null;
			}
			List<String> values = new ArrayList<>(1);
			parse(rawQuery, (parameter, value) -> {
				if (parameter.equals(key)) {
					values.add(value);
				}
				return true;
			});
			return values.isEmpty() ? null : List.copyOf(values);
		}

		@Override
		public boolean containsKey(Object name) {
			return (name instanceof String key) && first(rawQuery, key) != null;
		}

		@Override
		public Set<Entry<String, List<String>>> entrySet() {
			Map<String, List<String>> parsed = new LinkedHashMap<>();
			parse(rawQuery, (parameter, value) -> {
				parsed.computeIfAbsent(parameter, (key) -> new ArrayList<>(1)).add(value);
				return true;
			});
			parsed.replaceAll((parameter, values) -> List.copyOf(values));
			return Collections.unmodifiableMap(parsed).entrySet();
		}

		/** The first value of a parameter, found without a map. */
		static @Nullable String first(@Nullable String rawQuery, String name) {
			String[] found = new String[1];
			parse(rawQuery, (parameter, value) -> {
				if (parameter.equals(name)) {
					found[0] = value;
					return false;
				}
				return true;
			});
			return found[0];
		}

		/** Visits the parameters in order until the visitor returns false. */
		private static void parse(@Nullable String rawQuery, Visitor visitor) {
			if (rawQuery == null) {
				return;
			}
			int length = rawQuery.length();
			int start = 0;
			while (start < length) {
				int end = rawQuery.indexOf('&', start);
				if (end < 0) {
					end = length;
				}
				int equals = rawQuery.indexOf('=', start);
				int nameEnd = (equals < 0 || equals > end) ? end : equals;
				// as WebFlux: a pair without a name is no parameter
				if (nameEnd > start) {
					String value = (nameEnd == end) ? "" : decode(rawQuery.substring(nameEnd + 1, end));
					if (!visitor.visit(decode(rawQuery.substring(start, nameEnd)), value)) {
						return;
					}
				}
				start = end + 1;
			}
		}

		private static String decode(String value) {
			if (value.indexOf('%') < 0 && value.indexOf('+') < 0) {
				return value;
			}
			try {
				return URLDecoder.decode(value, StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				return value;
			}
		}

		@FunctionalInterface
		private interface Visitor {

			boolean visit(String name, String value);

		}

	}

}
