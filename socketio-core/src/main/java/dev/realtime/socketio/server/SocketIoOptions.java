package dev.realtime.socketio.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import dev.realtime.socketio.adapter.Adapter;
import dev.realtime.socketio.adapter.AdapterNamespace;
import dev.realtime.socketio.adapter.InMemoryAdapter;
import dev.realtime.socketio.adapter.SessionAwareAdapter;
import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.protocol.JsonPacketParser;
import dev.realtime.socketio.protocol.PacketParser;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Immutable Socket.IO server options with Node's defaults.
 *
 * <pre>{@code
 * SocketIoOptions options = SocketIoOptions.builder()
 *         .engine(EngineOptions.builder().path("/socket.io/").build())
 *         .connectTimeout(Duration.ofSeconds(45))
 *         .connectionStateRecovery(ConnectionStateRecovery.defaults())
 *         .build();
 * }</pre>
 *
 * @param engine the Engine.IO options (its default path here is {@code /socket.io/})
 * @param connectTimeout how long a new connection has to join a namespace before it is
 * closed
 * @param mapper the Jackson mapper that writes emitted values and converts received ones
 * @param parser the packet format
 * @param connectionStateRecovery recovery settings, or {@code null} when recovery is off
 * @param cleanupEmptyChildNamespaces whether a dynamic namespace is removed when its last
 * socket leaves
 * @param adapterFactory creates the adapter of each namespace, given the adapter's view
 * of it
 * @param interceptors wrap event dispatch and listeners, first one outermost
 * @param inboundLimits bounds on what one client may send
 */
public record SocketIoOptions(EngineOptions engine, Duration connectTimeout, ObjectMapper mapper, PacketParser parser,
		@Nullable ConnectionStateRecovery connectionStateRecovery, boolean cleanupEmptyChildNamespaces,
		Function<AdapterNamespace, Adapter> adapterFactory, List<SocketInterceptor> interceptors,
		InboundLimits inboundLimits) {

	public SocketIoOptions {
		Objects.requireNonNull(engine, "engine");
		if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
			throw new IllegalArgumentException("connectTimeout must be a positive duration, was " + connectTimeout);
		}
		Objects.requireNonNull(mapper, "mapper");
		Objects.requireNonNull(parser, "parser");
		Objects.requireNonNull(adapterFactory, "adapterFactory");
		interceptors = List.copyOf(interceptors);
		Objects.requireNonNull(inboundLimits, "inboundLimits");
	}

	/** What a connection over a rate limit gets. */
	public enum RateLimitAction {

		/**
		 * The event is not dispatched; its ack, if asked for, is
		 * {@code {"error":"rate_limited",…}}.
		 */
		DROP,
		/** The connection is closed ("rate limit exceeded"). */
		DISCONNECT

	}

	/**
	 * Bounds on what one client may send, beyond the Engine.IO message size.
	 *
	 * @param attachmentTimeout how long a binary packet may wait for its attachments
	 * (their bytes, with the header, are bounded by the engine's
	 * {@code maxHttpBufferSize}); then the connection is closed with a parse error
	 * @param maxQueuedPackets received packets waiting for the connection's executor (a
	 * slow listener) above which the connection is closed ("inbound buffer overflow"); 0
	 * for no limit
	 * @param eventsPerSecond events a connection may send per second (a burst of one
	 * second's worth is allowed); 0 for no limit
	 * @param bytesPerSecond bytes of events a connection may send per second; 0 for no
	 * limit
	 * @param rateLimitAction what an event over a rate limit gets
	 */
	public record InboundLimits(Duration attachmentTimeout, int maxQueuedPackets, int eventsPerSecond,
			long bytesPerSecond, RateLimitAction rateLimitAction) {

		public InboundLimits {
			if (attachmentTimeout == null || attachmentTimeout.isNegative() || attachmentTimeout.isZero()) {
				throw new IllegalArgumentException(
						"attachmentTimeout must be a positive duration, was " + attachmentTimeout);
			}
			if (maxQueuedPackets < 0 || eventsPerSecond < 0 || bytesPerSecond < 0) {
				throw new IllegalArgumentException(
						"inbound limits must be 0 (none) or positive, got maxQueuedPackets=" + maxQueuedPackets
								+ ", eventsPerSecond=" + eventsPerSecond + ", bytesPerSecond=" + bytesPerSecond);
			}
			Objects.requireNonNull(rateLimitAction, "rateLimitAction");
		}

		/** 30 s for attachments, 5000 queued packets, no rate limits. */
		public static InboundLimits defaults() {
			return new InboundLimits(Duration.ofSeconds(30), 5000, 0, 0, RateLimitAction.DROP);
		}
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Connection state recovery: a client that lost its connection gets its id, rooms,
	 * data and missed events back when it reconnects in time.
	 *
	 * @param maxDisconnectionDuration how long a disconnected session is kept
	 * @param skipMiddlewares whether a recovered socket skips the namespace middlewares
	 */
	public record ConnectionStateRecovery(Duration maxDisconnectionDuration, boolean skipMiddlewares) {

		/** Node's defaults: two minutes, middlewares skipped. */
		public static ConnectionStateRecovery defaults() {
			return new ConnectionStateRecovery(Duration.ofMinutes(2), true);
		}
	}

	/** Builder with Node's defaults. */
	public static final class Builder {

		private EngineOptions engine = EngineOptions.builder().path("/socket.io/").build();

		private Duration connectTimeout = Duration.ofSeconds(45);

		private @Nullable ObjectMapper mapper;

		private @Nullable PacketParser parser;

		private @Nullable ConnectionStateRecovery connectionStateRecovery;

		private boolean cleanupEmptyChildNamespaces;

		private @Nullable Function<AdapterNamespace, Adapter> adapterFactory;

		private final List<SocketInterceptor> interceptors = new ArrayList<>();

		private InboundLimits inboundLimits = InboundLimits.defaults();

		private Builder() {
		}

		public Builder engine(EngineOptions engine) {
			this.engine = engine;
			return this;
		}

		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
			return this;
		}

		public Builder mapper(ObjectMapper mapper) {
			this.mapper = mapper;
			return this;
		}

		public Builder parser(PacketParser parser) {
			this.parser = parser;
			return this;
		}

		public Builder connectionStateRecovery(@Nullable ConnectionStateRecovery connectionStateRecovery) {
			this.connectionStateRecovery = connectionStateRecovery;
			return this;
		}

		public Builder cleanupEmptyChildNamespaces(boolean cleanupEmptyChildNamespaces) {
			this.cleanupEmptyChildNamespaces = cleanupEmptyChildNamespaces;
			return this;
		}

		public Builder adapterFactory(Function<AdapterNamespace, Adapter> adapterFactory) {
			this.adapterFactory = adapterFactory;
			return this;
		}

		/** Adds an interceptor; interceptors added first wrap the ones added later. */
		public Builder interceptor(SocketInterceptor interceptor) {
			this.interceptors.add(interceptor);
			return this;
		}

		public Builder inboundLimits(InboundLimits inboundLimits) {
			this.inboundLimits = inboundLimits;
			return this;
		}

		public SocketIoOptions build() {
			ObjectMapper objectMapper = (mapper != null) ? mapper : JsonMapper.builder().build();
			PacketParser packetParser = (parser != null) ? parser : new JsonPacketParser(objectMapper);
			ConnectionStateRecovery recovery = connectionStateRecovery;
			Function<AdapterNamespace, Adapter> factory = adapterFactory;
			if (factory == null) {
				factory = (recovery != null)
						? (nsp) -> new SessionAwareAdapter(nsp, recovery.maxDisconnectionDuration())
						: InMemoryAdapter::new;
			}
			return new SocketIoOptions(engine, connectTimeout, objectMapper, packetParser, recovery,
					cleanupEmptyChildNamespaces, factory, interceptors, inboundLimits);
		}

	}
}
