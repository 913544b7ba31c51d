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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.realtime.socketio.engine.spi.EngineRequest;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;

/**
 * The request of a WebSocket upgraded natively on Reactor Netty, kept by its session for
 * the socket's whole life in a compact form: its headers as one array of names and values
 * (names, and the values of headers that are the same on most connections, shared between
 * connections), its URI as one string (Reactor Netty's own when they match), and views
 * over them. Reactor Netty's copy of the request headers is released once the WebSocket
 * is open (see {@link NettyHeaderMaps}).
 */
final class UpgradeRequest implements EngineRequest {

	/** Names and values, alternating, in the request's order. */
	private final String[] headers;

	/** Path and query, as the client sent them. */
	private final String uri;

	/** Where the query starts in {@link #uri} (after the '?'), or -1 without one. */
	private final int queryStart;

	private final @Nullable InetSocketAddress remoteAddress;

	private final @Nullable Principal principal;

	private final boolean secure;

	private UpgradeRequest(ServerHttpRequest request, @Nullable Principal principal) {
		this.headers = compact(request.getHeaders());
		String path = request.getPath().value();
		String rawQuery = request.getURI().getRawQuery();
		String full = (rawQuery == null) ? path : path + "?" + rawQuery;
		String nettyUri = nettyUri(request);
		this.uri = full.equals(nettyUri) ? nettyUri : full;
		this.queryStart = (rawQuery == null) ? -1 : path.length() + 1;
		this.remoteAddress = request.getRemoteAddress();
		this.principal = principal;
		this.secure = RequestSnapshots.isSecure(request);
	}

	/**
	 * The upgrade request of a WebFlux exchange on Reactor Netty, copied compactly (the
	 * headers as WebFlux sees them, filters' changes included).
	 */
	static UpgradeRequest of(ServerHttpRequest request, @Nullable Principal principal) {
		return new UpgradeRequest(request, principal);
	}

	/** Reactor Netty's request URI (its string: no copy), or {@code null}. */
	private static @Nullable String nettyUri(ServerHttpRequest request) {
		try {
			Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
			return (nativeRequest instanceof HttpServerRequest reactorRequest) ? reactorRequest.uri() : null;
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			// not a Reactor Netty request (a mock has none)
			return null;
		}
	}

	@Override
	public String method() {
		return "GET";
	}

	@Override
	public String path() {
		return (queryStart < 0) ? uri : uri.substring(0, queryStart - 1);
	}

	@Override
	public @Nullable String rawQuery() {
		return (queryStart < 0) ? null : uri.substring(queryStart);
	}

	@Override
	public String uri() {
		return uri;
	}

	@Override
	public Map<String, List<String>> queryParameters() {
		return new QueryView(rawQuery());
	}

	@Override
	public @Nullable String queryParameter(String name) {
		return QueryView.first(rawQuery(), name);
	}

	@Override
	public Map<String, List<String>> headers() {
		return new HeadersView(headers);
	}

	@Override
	public @Nullable String header(String name) {
		for (int i = 0; i < headers.length; i += 2) {
			if (headers[i].equalsIgnoreCase(name)) {
				return headers[i + 1];
			}
		}
		return null;
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

	// ---------------------------------------------------------------- compact headers

	/** Most strings shared between connections (names, and values of some headers). */
	private static final int MAX_SHARED = 1024;

	private static final ConcurrentHashMap<String, String> shared = new ConcurrentHashMap<>();

	/**
	 * Headers whose value is the same on most connections of a server (its host, the
	 * upgrade's, the browser's): their values are shared too. Unique values (keys,
	 * cookies, tokens) are not, so they never fill the table.
	 */
	private static final Set<String> SHARED_VALUES = Set.of("host", "upgrade", "connection", "sec-websocket-version",
			"sec-websocket-extensions", "origin", "user-agent", "accept-encoding", "accept-language", "cache-control",
			"pragma");

	private static String[] compact(HttpHeaders source) {
		List<String> pairs = new ArrayList<>();
		source.forEach((name, values) -> {
			String sharedName = share(name);
			boolean shareValues = SHARED_VALUES.contains(name.toLowerCase(Locale.ROOT));
			for (String value : values) {
				pairs.add(sharedName);
				pairs.add(shareValues ? share(value) : value);
			}
		});
		return pairs.toArray(new String[0]);
	}

	/**
	 * The one instance of a string seen before, or this one (the table is bounded: a
	 * client cannot grow it beyond {@value #MAX_SHARED} strings).
	 */
	static String share(String text) {
		String known = shared.get(text);
		if (known != null) {
			return known;
		}
		if (shared.size() >= MAX_SHARED) {
			return text;
		}
		known = shared.putIfAbsent(text, text);
		return (known != null) ? known : text;
	}

	/**
	 * The request's headers as a read-only map: names case-insensitive, as WebFlux's
	 * headers are; a name's values together, in order.
	 */
	private static final class HeadersView extends AbstractMap<String, List<String>> {

		private final String[] headers;

		HeadersView(String[] headers) {
			this.headers = headers;
		}

		@Override
		public @Nullable List<String> get(Object name) {
			if (!(name instanceof String header)) {
				return null;
			}
			List<String> values = null;
			for (int i = 0; i < headers.length; i += 2) {
				if (headers[i].equalsIgnoreCase(header)) {
					if (values == null) {
						values = new ArrayList<>(1);
					}
					values.add(headers[i + 1]);
				}
			}
			return (values != null) ? List.copyOf(values) : null;
		}

		@Override
		public boolean containsKey(Object name) {
			if (name instanceof String header) {
				for (int i = 0; i < headers.length; i += 2) {
					if (headers[i].equalsIgnoreCase(header)) {
						return true;
					}
				}
			}
			return false;
		}

		@Override
		public Set<Entry<String, List<String>>> entrySet() {
			// built when iterated: rarely (adapters, Node's handshake shape)
			Map<String, List<String>> copy = new LinkedHashMap<>();
			for (int i = 0; i < headers.length; i += 2) {
				copy.computeIfAbsent(headers[i], (key) -> new ArrayList<>(1)).add(headers[i + 1]);
			}
			copy.replaceAll((name, values) -> List.copyOf(values));
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

		/**
		 * The first value of a parameter, found without a map: names are compared in
		 * place, only the value found is cut out (the server looks up several parameters
		 * per request).
		 */
		static @Nullable String first(@Nullable String rawQuery, String name) {
			if (rawQuery == null) {
				return null;
			}
			int length = rawQuery.length();
			int start = 0;
			while (start < length) {
				long bounds = bounds(rawQuery, start, length);
				int end = (int) bounds;
				int nameEnd = (int) (bounds >>> 32);
				// as parse: a pair without a name is no parameter
				if (nameEnd > start && named(rawQuery, start, nameEnd, name)) {
					return (nameEnd == end) ? "" : decode(rawQuery.substring(nameEnd + 1, end));
				}
				start = end + 1;
			}
			return null;
		}

		/**
		 * Whether the raw name between {@code start} and {@code end} decodes to
		 * {@code name}.
		 */
		private static boolean named(String rawQuery, int start, int end, String name) {
			for (int i = start; i < end; i++) {
				char c = rawQuery.charAt(i);
				if (c == '%' || c == '+') {
					// encoded: compared decoded (rare)
					return decode(rawQuery.substring(start, end)).equals(name);
				}
			}
			return end - start == name.length() && rawQuery.regionMatches(start, name, 0, name.length());
		}

		/**
		 * The bounds of the pair that starts at {@code start}: where its name ends (its
		 * {@code '='}, or the pair's end when it has none) in the high 32 bits, where the
		 * pair ends ({@code '&'} or the query's end) in the low ones.
		 */
		private static long bounds(String rawQuery, int start, int length) {
			int end = rawQuery.indexOf('&', start);
			if (end < 0) {
				end = length;
			}
			int equals = rawQuery.indexOf('=', start);
			int nameEnd = (equals < 0 || equals > end) ? end : equals;
			return ((long) nameEnd << 32) | end;
		}

		/** Visits the parameters in order until the visitor returns false. */
		private static void parse(@Nullable String rawQuery, Visitor visitor) {
			if (rawQuery == null) {
				return;
			}
			int length = rawQuery.length();
			int start = 0;
			while (start < length) {
				long bounds = bounds(rawQuery, start, length);
				int end = (int) bounds;
				int nameEnd = (int) (bounds >>> 32);
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
