package dev.realtime.socketio.engine;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;

import dev.realtime.socketio.engine.spi.EngineRequest;
import org.jspecify.annotations.Nullable;

/**
 * Immutable Engine.IO server options with Node's defaults. Build them with
 * {@link #builder()}:
 *
 * <pre>{@code
 * EngineOptions options = EngineOptions.builder()
 *         .path("/engine.io/")
 *         .pingInterval(Duration.ofSeconds(25))
 *         .cors(CorsPolicy.allowAll())
 *         .build();
 * }</pre>
 *
 * @param path mount path, matched as a prefix; always ends with {@code /}
 * @param pingInterval delay between two server pings
 * @param pingTimeout how long the client has to answer a ping
 * @param upgradeTimeout how long a client has to finish an upgrade to WebSocket
 * @param maxHttpBufferSize largest message or polling body accepted, in bytes (advertised
 * as {@code maxPayload})
 * @param transports enabled transports: {@code polling}, {@code websocket}
 * @param allowUpgrades whether polling sessions may upgrade to WebSocket
 * @param cors cross-origin policy, or {@code null} for none
 * @param cookie sticky-session cookie, or {@code null} for none
 * @param requestGate handshake gate (Node's {@code allowRequest}), or {@code null} to
 * accept every handshake
 * @param sessionIdGenerator generates session ids (unique, unguessable)
 * @param initialHeaders hook for the handshake response headers (the first polling
 * response, or the 101 of a WebSocket opened without polling), or {@code null}
 * @param headers hook for the headers of every polling response of a session and every
 * 101, or {@code null}
 * @param compressionThreshold smallest polling response body compressed with gzip/deflate
 * when the client accepts it, or {@code -1} to turn compression off
 * @param perMessageDeflate whether WebSocket bindings negotiate permessage-deflate
 * @param maxBufferedBytes outbound bytes a session may hold for a slow client before it
 * is disconnected ({@link CloseReason#BUFFER_OVERFLOW})
 * @param writeHighWaterMark bytes in flight on a WebSocket above which the session stops
 * writing (and drops volatile packets) until writes complete
 * @param executor runs listeners, in order per connection; {@code null} for the server's
 * own pool
 * @param scheduler timer service; {@code null} for the server's own
 * @param requireSamePrincipal whether every request of a session must carry the principal
 * of its handshake (a stolen session id is then useless to another user); refused
 * requests get 403
 * @param addTrailingSlash Node's {@code addTrailingSlash}: when {@code true} only paths
 * under {@code path} (with its trailing slash) are served; when {@code false} the path
 * without its trailing slash ({@code /socket.io?EIO=4…}) is served too
 * @param allowEio3 whether clients of Engine.IO v3 ({@code socket.io-client} 2.x, the
 * Java client 1.x) may connect, as Node's {@code allowEIO3}
 */
public record EngineOptions(String path, Duration pingInterval, Duration pingTimeout, Duration upgradeTimeout,
		long maxHttpBufferSize, Set<String> transports, boolean allowUpgrades, @Nullable CorsPolicy cors,
		@Nullable CookieOptions cookie, @Nullable AsyncRequestGate requestGate,
		Function<EngineRequest, String> sessionIdGenerator, @Nullable HeadersHook initialHeaders,
		@Nullable HeadersHook headers, int compressionThreshold, boolean perMessageDeflate, long maxBufferedBytes,
		int writeHighWaterMark, @Nullable Executor executor, @Nullable Scheduler scheduler,
		boolean requireSamePrincipal, boolean addTrailingSlash, boolean allowEio3) {

	/** The polling transport's name. */
	public static final String POLLING = "polling";

	/** The WebSocket transport's name. */
	public static final String WEBSOCKET = "websocket";

	private static final SecureRandom RANDOM = new SecureRandom();

	public EngineOptions {
		Objects.requireNonNull(path, "path");
		path = normalizePath(path);
		requirePositive(pingInterval, "pingInterval");
		requirePositive(pingTimeout, "pingTimeout");
		requirePositive(upgradeTimeout, "upgradeTimeout");
		if (maxHttpBufferSize <= 0) {
			throw new IllegalArgumentException("maxHttpBufferSize must be positive, was " + maxHttpBufferSize);
		}
		transports = Set.copyOf(new LinkedHashSet<>(transports));
		if (transports.isEmpty()) {
			throw new IllegalArgumentException("transports must name at least one of polling, websocket");
		}
		for (String transport : transports) {
			if (!POLLING.equals(transport) && !WEBSOCKET.equals(transport)) {
				throw new IllegalArgumentException(
						"Unknown transport '" + transport + "': transports are 'polling' and 'websocket'");
			}
		}
		if (maxBufferedBytes <= 0) {
			throw new IllegalArgumentException("maxBufferedBytes must be positive, was " + maxBufferedBytes);
		}
		if (writeHighWaterMark <= 0) {
			throw new IllegalArgumentException("writeHighWaterMark must be positive, was " + writeHighWaterMark);
		}
		Objects.requireNonNull(sessionIdGenerator, "sessionIdGenerator");
	}

	private static void requirePositive(Duration duration, String name) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be a positive duration, was " + duration);
		}
	}

	static String normalizePath(String path) {
		String normalized = path.startsWith("/") ? path : "/" + path;
		return normalized.endsWith("/") ? normalized : normalized + "/";
	}

	/** Node's {@code base64id}: 15 random bytes, URL-safe base64, 20 characters. */
	public static String randomId() {
		byte[] bytes = new byte[15];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().encodeToString(bytes);
	}

	public boolean allowsTransport(@Nullable String transport) {
		return transport != null && transports.contains(transport);
	}

	public static Builder builder() {
		return new Builder();
	}

	/** Builder with Node's defaults. */
	public static final class Builder {

		private String path = "/engine.io/";

		private Duration pingInterval = Duration.ofSeconds(25);

		private Duration pingTimeout = Duration.ofSeconds(20);

		private Duration upgradeTimeout = Duration.ofSeconds(10);

		private long maxHttpBufferSize = 1_000_000;

		private Set<String> transports = Set.of(POLLING, WEBSOCKET);

		private boolean allowUpgrades = true;

		private @Nullable CorsPolicy cors;

		private @Nullable CookieOptions cookie;

		private @Nullable AsyncRequestGate requestGate;

		private Function<EngineRequest, String> sessionIdGenerator = (request) -> randomId();

		private @Nullable HeadersHook initialHeaders;

		private @Nullable HeadersHook headers;

		private int compressionThreshold = 1024;

		private boolean perMessageDeflate;

		private long maxBufferedBytes = 8L * 1024 * 1024;

		private int writeHighWaterMark = 256 * 1024;

		private @Nullable Executor executor;

		private @Nullable Scheduler scheduler;

		private boolean requireSamePrincipal;

		private boolean addTrailingSlash = true;

		private boolean allowEio3;

		private Builder() {
		}

		public Builder path(String path) {
			this.path = path;
			return this;
		}

		public Builder pingInterval(Duration pingInterval) {
			this.pingInterval = pingInterval;
			return this;
		}

		public Builder pingTimeout(Duration pingTimeout) {
			this.pingTimeout = pingTimeout;
			return this;
		}

		public Builder upgradeTimeout(Duration upgradeTimeout) {
			this.upgradeTimeout = upgradeTimeout;
			return this;
		}

		public Builder maxHttpBufferSize(long maxHttpBufferSize) {
			this.maxHttpBufferSize = maxHttpBufferSize;
			return this;
		}

		public Builder transports(String... transports) {
			return transports(List.of(transports));
		}

		public Builder transports(java.util.Collection<String> transports) {
			this.transports = new LinkedHashSet<>(transports);
			return this;
		}

		public Builder allowUpgrades(boolean allowUpgrades) {
			this.allowUpgrades = allowUpgrades;
			return this;
		}

		public Builder cors(@Nullable CorsPolicy cors) {
			this.cors = cors;
			return this;
		}

		public Builder cookie(@Nullable CookieOptions cookie) {
			this.cookie = cookie;
			return this;
		}

		/**
		 * A synchronous handshake gate (refused handshakes get 403 "Forbidden"); replaces
		 * one set with {@link #allowRequest(AsyncRequestGate)}.
		 */
		public Builder requestGate(@Nullable RequestGate requestGate) {
			this.requestGate = (requestGate != null) ? AsyncRequestGate.of(requestGate) : null;
			return this;
		}

		/**
		 * A handshake gate that may decide asynchronously and refuse with its own
		 * message, like Node's {@code allowRequest}; replaces one set with
		 * {@link #requestGate(RequestGate)}.
		 */
		public Builder allowRequest(@Nullable AsyncRequestGate allowRequest) {
			this.requestGate = allowRequest;
			return this;
		}

		/**
		 * Node's {@code addTrailingSlash} (default {@code true}): {@code false} serves
		 * the path without its trailing slash too.
		 */
		public Builder addTrailingSlash(boolean addTrailingSlash) {
			this.addTrailingSlash = addTrailingSlash;
			return this;
		}

		public Builder sessionIdGenerator(Function<EngineRequest, String> sessionIdGenerator) {
			this.sessionIdGenerator = sessionIdGenerator;
			return this;
		}

		public Builder initialHeaders(@Nullable HeadersHook initialHeaders) {
			this.initialHeaders = initialHeaders;
			return this;
		}

		public Builder headers(@Nullable HeadersHook headers) {
			this.headers = headers;
			return this;
		}

		public Builder compressionThreshold(int compressionThreshold) {
			this.compressionThreshold = compressionThreshold;
			return this;
		}

		public Builder perMessageDeflate(boolean perMessageDeflate) {
			this.perMessageDeflate = perMessageDeflate;
			return this;
		}

		public Builder maxBufferedBytes(long maxBufferedBytes) {
			this.maxBufferedBytes = maxBufferedBytes;
			return this;
		}

		public Builder writeHighWaterMark(int writeHighWaterMark) {
			this.writeHighWaterMark = writeHighWaterMark;
			return this;
		}

		public Builder executor(@Nullable Executor executor) {
			this.executor = executor;
			return this;
		}

		public Builder scheduler(@Nullable Scheduler scheduler) {
			this.scheduler = scheduler;
			return this;
		}

		public Builder requireSamePrincipal(boolean requireSamePrincipal) {
			this.requireSamePrincipal = requireSamePrincipal;
			return this;
		}

		/**
		 * Whether clients of Engine.IO v3 ({@code EIO=3}: {@code socket.io-client} 2.x,
		 * the Java client 1.x) may connect; off by default, as Node's {@code allowEIO3}.
		 */
		public Builder allowEio3(boolean allowEio3) {
			this.allowEio3 = allowEio3;
			return this;
		}

		public EngineOptions build() {
			return new EngineOptions(path, pingInterval, pingTimeout, upgradeTimeout, maxHttpBufferSize, transports,
					allowUpgrades, cors, cookie, requestGate, sessionIdGenerator, initialHeaders, headers,
					compressionThreshold, perMessageDeflate, maxBufferedBytes, writeHighWaterMark, executor, scheduler,
					requireSamePrincipal, addTrailingSlash, allowEio3);
		}

	}
}
