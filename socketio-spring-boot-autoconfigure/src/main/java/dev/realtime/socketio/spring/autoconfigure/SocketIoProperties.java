package dev.realtime.socketio.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.realtime.socketio.engine.CorsPolicy;
import dev.realtime.socketio.server.SocketIoOptions;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the Socket.IO server under {@code socketio.*}. Defaults are those of
 * Node's {@code socket.io} 4.8 server.
 */
@ConfigurationProperties("socketio")
public class SocketIoProperties {

	/**
	 * Whether to serve Socket.IO.
	 */
	private boolean enabled = true;

	/**
	 * Path the server is mounted on, matched as a prefix.
	 */
	private String path = "/socket.io/";

	/**
	 * Delay between two heartbeat pings sent by the server.
	 */
	private Duration pingInterval = Duration.ofSeconds(25);

	/**
	 * How long a client has to answer a ping before its connection is closed.
	 */
	private Duration pingTimeout = Duration.ofSeconds(20);

	/**
	 * How long a client has to complete an upgrade from polling to WebSocket.
	 */
	private Duration upgradeTimeout = Duration.ofSeconds(10);

	/**
	 * How long a new connection has to join a namespace before it is closed.
	 */
	private Duration connectTimeout = Duration.ofSeconds(45);

	/**
	 * Largest message or polling request body accepted (advertised to clients as
	 * maxPayload). Larger polling bodies get HTTP 413; larger WebSocket messages close
	 * the connection with 1009.
	 */
	private DataSize maxHttpBufferSize = DataSize.ofBytes(1_000_000);

	/**
	 * Transports clients may use: polling, websocket.
	 */
	private List<String> transports = new ArrayList<>(List.of("polling", "websocket"));

	/**
	 * Whether polling connections may upgrade to WebSocket.
	 */
	private boolean allowUpgrades = true;

	/**
	 * Whether Engine.IO v3 clients (socket.io-client 2.x, the Java client 1.x) may
	 * connect, as Node's allowEIO3.
	 */
	private boolean allowEio3 = false;

	/**
	 * Whether only paths under the mount path with its trailing slash are served (Node's
	 * addTrailingSlash); when false, the path without its trailing slash is served too.
	 */
	private boolean addTrailingSlash = true;

	/**
	 * Whether permessage-deflate may be negotiated on WebSocket connections.
	 */
	private boolean perMessageDeflate = false;

	/**
	 * Whether a dynamic (child) namespace is removed when its last socket leaves.
	 */
	private boolean cleanupEmptyChildNamespaces = false;

	/**
	 * Whether to serve the official JavaScript client under the path (socket.io.js,
	 * socket.io.min.js, socket.io.esm.min.js, socket.io.msgpack.min.js and their source
	 * maps), like Node's serveClient.
	 */
	private boolean serveClient = true;

	/**
	 * Largest number of open connections; handshakes beyond it get 503 (clients retry
	 * with their backoff). 0 for no limit.
	 */
	private int maxConnections = 0;

	/**
	 * Largest number of namespaces created dynamically (by namespace patterns); a CONNECT
	 * that would create one more gets "Invalid namespace". 0 for no limit.
	 */
	private int maxDynamicNamespaces = 0;

	private final Cors cors = new Cors();

	private final Cookie cookie = new Cookie();

	private final HttpCompression httpCompression = new HttpCompression();

	private final ConnectionStateRecovery connectionStateRecovery = new ConnectionStateRecovery();

	private final Outbound outbound = new Outbound();

	private final Executor executor = new Executor();

	private final Parser parser = new Parser();

	private final Webflux webflux = new Webflux();

	/**
	 * How long a binary packet may wait for its attachments before the connection is
	 * closed (their bytes, with the packet, are bounded by max-http-buffer-size).
	 */
	private Duration attachmentTimeout = Duration.ofSeconds(30);

	private final Inbound inbound = new Inbound();

	private final RateLimit rateLimit = new RateLimit();

	private final Memory memory = new Memory();

	private final Servlet servlet = new Servlet();

	public boolean isEnabled() {
		return enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public Duration getPingInterval() {
		return pingInterval;
	}

	public void setPingInterval(Duration pingInterval) {
		this.pingInterval = pingInterval;
	}

	public Duration getPingTimeout() {
		return pingTimeout;
	}

	public void setPingTimeout(Duration pingTimeout) {
		this.pingTimeout = pingTimeout;
	}

	public Duration getUpgradeTimeout() {
		return upgradeTimeout;
	}

	public void setUpgradeTimeout(Duration upgradeTimeout) {
		this.upgradeTimeout = upgradeTimeout;
	}

	public Duration getConnectTimeout() {
		return connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public DataSize getMaxHttpBufferSize() {
		return maxHttpBufferSize;
	}

	public void setMaxHttpBufferSize(DataSize maxHttpBufferSize) {
		this.maxHttpBufferSize = maxHttpBufferSize;
	}

	public List<String> getTransports() {
		return transports;
	}

	public void setTransports(List<String> transports) {
		this.transports = transports;
	}

	public boolean isAllowUpgrades() {
		return allowUpgrades;
	}

	public void setAllowUpgrades(boolean allowUpgrades) {
		this.allowUpgrades = allowUpgrades;
	}

	public boolean isAllowEio3() {
		return allowEio3;
	}

	public void setAllowEio3(boolean allowEio3) {
		this.allowEio3 = allowEio3;
	}

	public boolean isAddTrailingSlash() {
		return addTrailingSlash;
	}

	public void setAddTrailingSlash(boolean addTrailingSlash) {
		this.addTrailingSlash = addTrailingSlash;
	}

	public boolean isPerMessageDeflate() {
		return perMessageDeflate;
	}

	public void setPerMessageDeflate(boolean perMessageDeflate) {
		this.perMessageDeflate = perMessageDeflate;
	}

	public boolean isCleanupEmptyChildNamespaces() {
		return cleanupEmptyChildNamespaces;
	}

	public void setCleanupEmptyChildNamespaces(boolean cleanupEmptyChildNamespaces) {
		this.cleanupEmptyChildNamespaces = cleanupEmptyChildNamespaces;
	}

	public boolean isServeClient() {
		return serveClient;
	}

	public void setServeClient(boolean serveClient) {
		this.serveClient = serveClient;
	}

	public Cors getCors() {
		return cors;
	}

	public Cookie getCookie() {
		return cookie;
	}

	public HttpCompression getHttpCompression() {
		return httpCompression;
	}

	public ConnectionStateRecovery getConnectionStateRecovery() {
		return connectionStateRecovery;
	}

	public Outbound getOutbound() {
		return outbound;
	}

	public Parser getParser() {
		return parser;
	}

	public Webflux getWebflux() {
		return webflux;
	}

	public Duration getAttachmentTimeout() {
		return attachmentTimeout;
	}

	public void setAttachmentTimeout(Duration attachmentTimeout) {
		this.attachmentTimeout = attachmentTimeout;
	}

	public Inbound getInbound() {
		return inbound;
	}

	public RateLimit getRateLimit() {
		return rateLimit;
	}

	public Memory getMemory() {
		return memory;
	}

	public Servlet getServlet() {
		return servlet;
	}

	public Executor getExecutor() {
		return executor;
	}

	public int getMaxConnections() {
		return maxConnections;
	}

	public void setMaxConnections(int maxConnections) {
		this.maxConnections = maxConnections;
	}

	public int getMaxDynamicNamespaces() {
		return maxDynamicNamespaces;
	}

	public void setMaxDynamicNamespaces(int maxDynamicNamespaces) {
		this.maxDynamicNamespaces = maxDynamicNamespaces;
	}

	/**
	 * Settings of the WebFlux binding.
	 */
	public static class Webflux {

		/**
		 * Whether WebSocket upgrades are done by Reactor Netty directly (its
		 * sendWebsocket, frames read and written on the Netty channel) rather than
		 * through WebFlux's WebSocketService and a Spring WebSocketSession per
		 * connection: less memory per connection and less CPU per message. Only on
		 * Reactor Netty; false goes back to WebFlux's WebSocket support.
		 */
		private boolean nativeWebsocket = true;

		public boolean isNativeWebsocket() {
			return nativeWebsocket;
		}

		public void setNativeWebsocket(boolean nativeWebsocket) {
			this.nativeWebsocket = nativeWebsocket;
		}

		/**
		 * Whether the listeners of a WebSocket message (and of a connect and a close) run
		 * on the Netty event loop that read it, when none of the connection's listeners
		 * is running already, instead of on the socketIoExecutor: no thread hand-over per
		 * event, the least CPU and latency per event. A listener that blocks then stalls
		 * every connection of its event loop, as a blocking WebFlux controller does: only
		 * for applications whose listeners never block (emit, return a value or a Mono).
		 * Polling requests keep handing their packets over.
		 */
		private boolean listenersOnEventLoop = false;

		public boolean isListenersOnEventLoop() {
			return listenersOnEventLoop;
		}

		public void setListenersOnEventLoop(boolean listenersOnEventLoop) {
			this.listenersOnEventLoop = listenersOnEventLoop;
		}

	}

	/**
	 * Cross-origin settings for polling requests and WebSocket upgrades. Off while no
	 * origin is configured.
	 */
	public static class Cors {

		/**
		 * Origins allowed to connect, e.g. https://app.example.com; "*" allows any
		 * origin.
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * Origin patterns allowed to connect, where "*" matches any characters, e.g.
		 * https://*.example.com.
		 */
		private List<String> allowedOriginPatterns = new ArrayList<>();

		/**
		 * Methods announced to preflight requests.
		 */
		private List<String> allowedMethods = new ArrayList<>(CorsPolicy.DEFAULT_METHODS);

		/**
		 * Request headers allowed in cross-origin requests; empty reflects what the
		 * browser asks for.
		 */
		private List<String> allowedHeaders = new ArrayList<>();

		/**
		 * Response headers browsers may read.
		 */
		private List<String> exposedHeaders = new ArrayList<>();

		/**
		 * Whether credentials (cookies) are allowed in cross-origin requests.
		 */
		private boolean allowCredentials = false;

		/**
		 * How long browsers may cache a preflight answer.
		 */
		private @Nullable Duration maxAge;

		public List<String> getAllowedOrigins() {
			return allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public List<String> getAllowedOriginPatterns() {
			return allowedOriginPatterns;
		}

		public void setAllowedOriginPatterns(List<String> allowedOriginPatterns) {
			this.allowedOriginPatterns = allowedOriginPatterns;
		}

		public List<String> getAllowedMethods() {
			return allowedMethods;
		}

		public void setAllowedMethods(List<String> allowedMethods) {
			this.allowedMethods = allowedMethods;
		}

		public List<String> getAllowedHeaders() {
			return allowedHeaders;
		}

		public void setAllowedHeaders(List<String> allowedHeaders) {
			this.allowedHeaders = allowedHeaders;
		}

		public List<String> getExposedHeaders() {
			return exposedHeaders;
		}

		public void setExposedHeaders(List<String> exposedHeaders) {
			this.exposedHeaders = exposedHeaders;
		}

		public boolean isAllowCredentials() {
			return allowCredentials;
		}

		public void setAllowCredentials(boolean allowCredentials) {
			this.allowCredentials = allowCredentials;
		}

		public @Nullable Duration getMaxAge() {
			return maxAge;
		}

		public void setMaxAge(@Nullable Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

	/**
	 * Sticky-session cookie set on the handshake (for load balancers).
	 */
	public static class Cookie {

		/**
		 * Whether to set the cookie.
		 */
		private boolean enabled = false;

		/**
		 * Cookie name.
		 */
		private String name = "io";

		/**
		 * Cookie path.
		 */
		private String path = "/";

		/**
		 * Whether the cookie is hidden from scripts.
		 */
		private boolean httpOnly = true;

		/**
		 * SameSite attribute: Strict, Lax or None.
		 */
		private String sameSite = "Lax";

		/**
		 * Whether the cookie is sent over TLS only.
		 */
		private boolean secure = false;

		/**
		 * Cookie lifetime; a session cookie when unset.
		 */
		private @Nullable Duration maxAge;

		public boolean isEnabled() {
			return enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getName() {
			return name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public String getPath() {
			return path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public boolean isHttpOnly() {
			return httpOnly;
		}

		public void setHttpOnly(boolean httpOnly) {
			this.httpOnly = httpOnly;
		}

		public String getSameSite() {
			return sameSite;
		}

		public void setSameSite(String sameSite) {
			this.sameSite = sameSite;
		}

		public boolean isSecure() {
			return secure;
		}

		public void setSecure(boolean secure) {
			this.secure = secure;
		}

		public @Nullable Duration getMaxAge() {
			return maxAge;
		}

		public void setMaxAge(@Nullable Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

	/**
	 * Compression of polling responses.
	 */
	public static class HttpCompression {

		/**
		 * Whether polling responses are compressed (gzip or deflate) when the client
		 * accepts it.
		 */
		private boolean enabled = true;

		/**
		 * Smallest response body that is compressed.
		 */
		private DataSize threshold = DataSize.ofKilobytes(1);

		public boolean isEnabled() {
			return enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public DataSize getThreshold() {
			return threshold;
		}

		public void setThreshold(DataSize threshold) {
			this.threshold = threshold;
		}

	}

	/**
	 * Connection state recovery: clients that reconnect in time get their id, rooms, data
	 * and missed events back.
	 */
	public static class ConnectionStateRecovery {

		/**
		 * Whether connection state recovery is on.
		 */
		private boolean enabled = false;

		/**
		 * How long the state of a disconnected client is kept.
		 */
		private Duration maxDisconnectionDuration = Duration.ofMinutes(2);

		/**
		 * Whether a recovered client skips the namespace middlewares.
		 */
		private boolean skipMiddlewares = true;

		public boolean isEnabled() {
			return enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getMaxDisconnectionDuration() {
			return maxDisconnectionDuration;
		}

		public void setMaxDisconnectionDuration(Duration maxDisconnectionDuration) {
			this.maxDisconnectionDuration = maxDisconnectionDuration;
		}

		public boolean isSkipMiddlewares() {
			return skipMiddlewares;
		}

		public void setSkipMiddlewares(boolean skipMiddlewares) {
			this.skipMiddlewares = skipMiddlewares;
		}

	}

	/**
	 * Bounds on what the server buffers for slow clients.
	 */
	public static class Outbound {

		/**
		 * Bytes a connection may have waiting for a slow client before it is disconnected
		 * with reason "outbound buffer overflow".
		 */
		private DataSize maxBufferedBytes = DataSize.ofMegabytes(8);

		/**
		 * Bytes in flight on a WebSocket above which the server stops writing and drops
		 * volatile packets until writes complete.
		 */
		private DataSize writeHighWaterMark = DataSize.ofKilobytes(256);

		public DataSize getMaxBufferedBytes() {
			return maxBufferedBytes;
		}

		public void setMaxBufferedBytes(DataSize maxBufferedBytes) {
			this.maxBufferedBytes = maxBufferedBytes;
		}

		public DataSize getWriteHighWaterMark() {
			return writeHighWaterMark;
		}

		public void setWriteHighWaterMark(DataSize writeHighWaterMark) {
			this.writeHighWaterMark = writeHighWaterMark;
		}

	}

	/**
	 * The executor that runs listeners (events of one connection in order). Virtual
	 * threads are used when spring.threads.virtual.enabled is true on Java 21+.
	 */
	public static class Executor {

		/**
		 * Threads of the bounded listener pool used without virtual threads; 0 means two
		 * per core, at least four.
		 */
		private int threads = 0;

		public int getThreads() {
			return threads;
		}

		public void setThreads(int threads) {
			this.threads = threads;
		}

	}

	/**
	 * Limits of the default Socket.IO packet parser on what clients send.
	 */
	public static class Parser {

		/**
		 * The packet format: json (Node's default parser) or msgpack (Node's
		 * socket.io-msgpack-parser; needs dev.realtime:socketio-msgpack on the
		 * classpath).
		 */
		private Format format = Format.JSON;

		public Format getFormat() {
			return format;
		}

		public void setFormat(Format format) {
			this.format = format;
		}

		/** The packet formats {@code socketio.parser.format} names. */
		public enum Format {

			/**
			 * Text packets with JSON payloads, binary as attachments (Node's default
			 * parser).
			 */
			JSON,

			/**
			 * One MessagePack frame per packet, binary inline (Node's
			 * socket.io-msgpack-parser).
			 */
			MSGPACK

		}

		/**
		 * Most properties one received JSON object may hold; more is a parse error.
		 */
		private int maxObjectProperties = 10_000;

		/**
		 * Most binary attachments one received packet may declare.
		 */
		private int maxAttachments = 10;

		public int getMaxObjectProperties() {
			return maxObjectProperties;
		}

		public void setMaxObjectProperties(int maxObjectProperties) {
			this.maxObjectProperties = maxObjectProperties;
		}

		public int getMaxAttachments() {
			return maxAttachments;
		}

		public void setMaxAttachments(int maxAttachments) {
			this.maxAttachments = maxAttachments;
		}

	}

	/**
	 * Bounds on what one connection has received and not yet handled.
	 */
	public static class Inbound {

		/**
		 * Received packets waiting for the connection's listeners (a slow listener): from
		 * half of it the server stops reading the WebSocket until a quarter are left,
		 * above it the connection is closed ("inbound limit exceeded"); 0 for no limit.
		 */
		private int maxQueuedPackets = 5000;

		public int getMaxQueuedPackets() {
			return maxQueuedPackets;
		}

		public void setMaxQueuedPackets(int maxQueuedPackets) {
			this.maxQueuedPackets = maxQueuedPackets;
		}

	}

	/**
	 * Per-connection rate limits on received events.
	 */
	public static class RateLimit {

		/**
		 * Events a connection may send per second (bursts of one second's worth); 0 for
		 * no limit.
		 */
		private int eventsPerSecond = 0;

		/**
		 * Bytes of events a connection may send per second; 0 for no limit.
		 */
		private DataSize bytesPerSecond = DataSize.ofBytes(0);

		/**
		 * What an event over a limit gets: drop (not dispatched, its ack answered with a
		 * rate_limited error) or disconnect.
		 */
		private SocketIoOptions.RateLimitAction action = SocketIoOptions.RateLimitAction.DROP;

		public int getEventsPerSecond() {
			return eventsPerSecond;
		}

		public void setEventsPerSecond(int eventsPerSecond) {
			this.eventsPerSecond = eventsPerSecond;
		}

		public DataSize getBytesPerSecond() {
			return bytesPerSecond;
		}

		public void setBytesPerSecond(DataSize bytesPerSecond) {
			this.bytesPerSecond = bytesPerSecond;
		}

		public SocketIoOptions.RateLimitAction getAction() {
			return action;
		}

		public void setAction(SocketIoOptions.RateLimitAction action) {
			this.action = action;
		}

	}

	/**
	 * The memory budget of the whole server for what clients make it hold.
	 */
	public static class Memory {

		/**
		 * Bytes all connections together may pin (outbound packets waiting for slow
		 * clients, received packets waiting for listeners, incomplete binary packets):
		 * from 90% of it new handshakes get 503, over it the connections that pin the
		 * most are closed ("server memory budget exceeded"). Unset: a quarter of the
		 * maximum heap; 0 for no budget.
		 */
		private @Nullable DataSize maxTotal;

		public @Nullable DataSize getMaxTotal() {
			return maxTotal;
		}

		public void setMaxTotal(@Nullable DataSize maxTotal) {
			this.maxTotal = maxTotal;
		}

		/** The budget in bytes: the set one, or a quarter of the maximum heap. */
		public long maxTotalBytes() {
			return (maxTotal != null) ? maxTotal.toBytes() : Runtime.getRuntime().maxMemory() / 4;
		}

	}

	/**
	 * Settings of the Spring MVC (servlet) binding.
	 */
	public static class Servlet {

		/**
		 * Size of the message buffers Tomcat gives every WebSocket session (binary in
		 * bytes, text in characters), set as the container-wide defaults of Tomcat's
		 * WebSocket ServerContainer: Tomcat sizes each session's buffers from those
		 * defaults only. Larger messages arrive in parts that the binding joins, so
		 * max-http-buffer-size still bounds a message. Not applied when the application
		 * has WebSocket endpoints of its own (a WebSocketConfigurer, a STOMP or other
		 * WebSocketHandler bean, a ServerEndpointExporter or a
		 * ServletServerContainerFactoryBean), whose whole-message limits it would lower;
		 * 0 keeps Tomcat's defaults (8 KiB).
		 */
		private DataSize websocketBufferSize = DataSize.ofKilobytes(1);

		public DataSize getWebsocketBufferSize() {
			return websocketBufferSize;
		}

		public void setWebsocketBufferSize(DataSize websocketBufferSize) {
			this.websocketBufferSize = websocketBufferSize;
		}

		/**
		 * Whether the listeners of a WebSocket message run on the Tomcat thread that read
		 * it (when none of the connection's listeners is running already) instead of
		 * being handed to the socketIoExecutor: one thread hop and two context switches
		 * less per message. A slow listener then holds a Tomcat worker, as a slow
		 * controller does (size server.tomcat.threads.max for it). Unset: on, unless the
		 * application defines its own socketIoExecutor bean, whose decorations (context
		 * propagation) the inline runs would skip.
		 */
		private @Nullable Boolean inlineDispatch;

		public @Nullable Boolean getInlineDispatch() {
			return inlineDispatch;
		}

		public void setInlineDispatch(@Nullable Boolean inlineDispatch) {
			this.inlineDispatch = inlineDispatch;
		}

	}

}
