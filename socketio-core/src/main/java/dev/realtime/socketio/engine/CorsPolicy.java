package dev.realtime.socketio.engine;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.realtime.socketio.engine.spi.EngineRequest;
import org.jspecify.annotations.Nullable;

/**
 * Cross-origin policy for polling requests and WebSocket upgrades, in the spirit of the
 * {@code cors} package Node's server uses. Off unless configured. The same policy decides
 * which origins may open a WebSocket (cross-site WebSocket hijacking protection); without
 * a policy, only pages of the server's own origin may (see
 * {@link #isSameOrigin(EngineRequest)}).
 *
 * <pre>{@code
 * CorsPolicy.builder().allowedOrigins("https://app.example.com").allowCredentials(true).build();
 * CorsPolicy.builder().allowedOriginPatterns("https://*.example.com").build();
 * CorsPolicy.allowAll();   // origin "*"
 * }</pre>
 *
 * @param allowedOrigins exact origins, or {@code "*"} for any
 * @param allowedOriginPatterns origin patterns where {@code *} matches any run of
 * characters
 * @param allowedMethods methods announced in preflight answers
 * @param allowedHeaders request headers allowed in preflight answers; empty reflects what
 * the browser asked for
 * @param exposedHeaders response headers the browser may read
 * @param allowCredentials whether cookies and credentials are allowed (the origin is then
 * echoed, never {@code *}); refused with the origin {@code *}
 * @param maxAge how long browsers may cache a preflight answer, or {@code null}
 */
public record CorsPolicy(List<String> allowedOrigins, List<String> allowedOriginPatterns, List<String> allowedMethods,
		List<String> allowedHeaders, List<String> exposedHeaders, boolean allowCredentials, @Nullable Duration maxAge) {

	/** Methods the {@code cors} package announces by default. */
	public static final List<String> DEFAULT_METHODS = List.of("GET", "HEAD", "PUT", "PATCH", "POST", "DELETE");

	/**
	 * @throws IllegalArgumentException when {@code allowCredentials} is combined with the
	 * origin {@code "*"}: every site's pages could then act with the users' cookies
	 */
	public CorsPolicy {
		if (allowCredentials && allowedOrigins.contains("*")) {
			throw new IllegalArgumentException(
					"CORS: allowed origin \"*\" cannot be combined with allowing credentials:"
							+ " any site's pages could then use your users' cookies. List the trusted origins, or use the origin"
							+ " pattern \"*\" (socketio.cors.allowed-origin-patterns) to allow every site deliberately");
		}
		allowedOrigins = List.copyOf(allowedOrigins);
		allowedOriginPatterns = List.copyOf(allowedOriginPatterns);
		allowedMethods = allowedMethods.isEmpty() ? DEFAULT_METHODS : List.copyOf(allowedMethods);
		allowedHeaders = List.copyOf(allowedHeaders);
		exposedHeaders = List.copyOf(exposedHeaders);
	}

	/** Any origin, like {@code cors: {origin: "*"}}. */
	public static CorsPolicy allowAll() {
		return builder().allowedOrigins("*").build();
	}

	public static Builder builder() {
		return new Builder();
	}

	private boolean anyOrigin() {
		return allowedOrigins.contains("*");
	}

	/** Whether a browser page from {@code origin} may use the server. */
	public boolean isOriginAllowed(@Nullable String origin) {
		if (origin == null) {
			return true;
		}
		if (anyOrigin()) {
			return true;
		}
		for (String allowed : allowedOrigins) {
			if (allowed.equalsIgnoreCase(origin)) {
				return true;
			}
		}
		for (String pattern : allowedOriginPatterns) {
			if (toRegex(pattern).matcher(origin.toLowerCase(Locale.ROOT)).matches()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a request's {@code Origin} (if any) names the host the request was sent to:
	 * its {@code Host} header, or the host a proxy says it forwarded
	 * ({@code X-Forwarded-Host}, {@code Forwarded: host=}). A request without
	 * {@code Origin} (not from a browser page) is same-origin. Browsers do not let pages
	 * set these headers on a WebSocket, so another site's page cannot pass for the
	 * server's own.
	 */
	public static boolean isSameOrigin(EngineRequest request) {
		String origin = request.header("Origin");
		if (origin == null) {
			return true;
		}
		java.net.URI uri;
		try {
			uri = java.net.URI.create(origin.trim());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		String scheme = uri.getScheme();
		String host = uri.getHost();
		if (scheme == null || host == null) {
			return false;
		}
		int defaultPort = ("https".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme)) ? 443 : 80;
		String expected = hostAndPort(host, (uri.getPort() < 0) ? defaultPort : uri.getPort());
		if (matchesHost(request.header("Host"), expected, defaultPort)) {
			return true;
		}
		String forwardedHost = request.header("X-Forwarded-Host");
		if (forwardedHost != null) {
			String first = forwardedHost.split(",")[0].trim();
			String forwardedPort = request.header("X-Forwarded-Port");
			if (forwardedPort != null && first.indexOf(':', first.lastIndexOf(']') + 1) < 0) {
				first = first + ":" + forwardedPort.split(",")[0].trim();
			}
			if (matchesHost(first, expected, defaultPort)) {
				return true;
			}
		}
		String forwarded = request.header("Forwarded");
		if (forwarded != null) {
			for (String pair : forwarded.split(",")[0].split(";")) {
				int equals = pair.indexOf('=');
				if (equals > 0 && "host".equalsIgnoreCase(pair.substring(0, equals).trim())) {
					String value = pair.substring(equals + 1).trim();
					if (value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")) {
						value = value.substring(1, value.length() - 1);
					}
					if (matchesHost(value, expected, defaultPort)) {
						return true;
					}
				}
			}
		}
		return false;
	}

	private static boolean matchesHost(@Nullable String hostHeader, String expected, int defaultPort) {
		if (hostHeader == null || hostHeader.isBlank()) {
			return false;
		}
		String value = hostHeader.trim().toLowerCase(Locale.ROOT);
		int colon = value.indexOf(':', value.lastIndexOf(']') + 1);
		if (colon < 0) {
			value = value + ":" + defaultPort;
		}
		return value.equals(expected);
	}

	private static String hostAndPort(String host, int port) {
		return host.toLowerCase(Locale.ROOT) + ":" + port;
	}

	private static Pattern toRegex(String pattern) {
		StringBuilder regex = new StringBuilder();
		for (String part : pattern.toLowerCase(Locale.ROOT).split("\\*", -1)) {
			if (regex.length() > 0) {
				regex.append(".*");
			}
			regex.append(Pattern.quote(part));
		}
		return Pattern.compile(regex.toString());
	}

	/**
	 * Whether this is a preflight request: OPTIONS with
	 * {@code Access-Control-Request-Method}.
	 */
	public static boolean isPreflight(EngineRequest request) {
		return "OPTIONS".equals(request.method()) && request.header("Access-Control-Request-Method") != null;
	}

	/** Adds the CORS headers of an actual (non-preflight) response. */
	public void applyToResponse(EngineRequest request, Map<String, String> headers) {
		String origin = request.header("Origin");
		if (!allowCredentials && anyOrigin()) {
			headers.put("Access-Control-Allow-Origin", "*");
		}
		else if (origin != null && isOriginAllowed(origin)) {
			headers.put("Access-Control-Allow-Origin", origin);
			headers.merge("Vary", "Origin", (a, b) -> a + ", " + b);
		}
		else {
			return;
		}
		if (allowCredentials) {
			headers.put("Access-Control-Allow-Credentials", "true");
		}
		if (!exposedHeaders.isEmpty()) {
			headers.put("Access-Control-Expose-Headers", String.join(",", exposedHeaders));
		}
	}

	/** Adds the headers of a preflight answer (status 204). */
	public void applyToPreflight(EngineRequest request, Map<String, String> headers) {
		applyToResponse(request, headers);
		if (!headers.containsKey("Access-Control-Allow-Origin")) {
			return;
		}
		headers.put("Access-Control-Allow-Methods", String.join(",", allowedMethods));
		if (allowedHeaders.isEmpty()) {
			String requested = request.header("Access-Control-Request-Headers");
			headers.merge("Vary", "Access-Control-Request-Headers", (a, b) -> a + ", " + b);
			if (requested != null) {
				headers.put("Access-Control-Allow-Headers", requested);
			}
		}
		else {
			headers.put("Access-Control-Allow-Headers", String.join(",", allowedHeaders));
		}
		if (maxAge != null) {
			headers.put("Access-Control-Max-Age", Long.toString(maxAge.toSeconds()));
		}
	}

	/** Builder of {@link CorsPolicy}. */
	public static final class Builder {

		private List<String> origins = List.of();

		private List<String> patterns = List.of();

		private List<String> methods = List.of();

		private List<String> headers = List.of();

		private List<String> exposed = List.of();

		private boolean credentials;

		private @Nullable Duration maxAge;

		public Builder allowedOrigins(String... origins) {
			return allowedOrigins(List.of(origins));
		}

		public Builder allowedOrigins(List<String> origins) {
			this.origins = origins;
			return this;
		}

		public Builder allowedOriginPatterns(String... patterns) {
			return allowedOriginPatterns(List.of(patterns));
		}

		public Builder allowedOriginPatterns(List<String> patterns) {
			this.patterns = patterns;
			return this;
		}

		public Builder allowedMethods(List<String> methods) {
			this.methods = methods;
			return this;
		}

		public Builder allowedHeaders(List<String> headers) {
			this.headers = headers;
			return this;
		}

		public Builder exposedHeaders(List<String> headers) {
			this.exposed = headers;
			return this;
		}

		public Builder allowCredentials(boolean credentials) {
			this.credentials = credentials;
			return this;
		}

		public Builder maxAge(@Nullable Duration maxAge) {
			this.maxAge = maxAge;
			return this;
		}

		public CorsPolicy build() {
			return new CorsPolicy(origins, patterns, methods, headers, exposed, credentials, maxAge);
		}

	}
}
