package dev.realtime.socketio.spring.autoconfigure.redis;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which adapter keeps the rooms of the Socket.IO server ({@code socketio.adapter.*}): the
 * in-memory one of a single server, or one that shares broadcasts, rooms and requests
 * with the other nodes of a cluster over Redis, wire-compatible with Node's adapters.
 */
@ConfigurationProperties("socketio.adapter")
public class SocketIoAdapterProperties {

	/**
	 * The adapter: {@code memory} (one server), {@code redis} (Node's
	 * {@code @socket.io/redis-adapter}) or {@code redis-sharded} (its
	 * {@code createShardedAdapter}, Redis 7 sharded pub/sub).
	 */
	private Type type = Type.MEMORY;

	private final Redis redis = new Redis();

	public Type getType() {
		return type;
	}

	public void setType(Type type) {
		this.type = type;
	}

	public Redis getRedis() {
		return redis;
	}

	/** The adapters. */
	public enum Type {

		/** Rooms in memory: a single server. */
		MEMORY,

		/** Node's {@code @socket.io/redis-adapter} (classic pub/sub). */
		REDIS,

		/**
		 * Node's sharded adapter ({@code createShardedAdapter}, Redis 7 sharded pub/sub).
		 */
		REDIS_SHARDED,

		/**
		 * Node's {@code @socket.io/redis-streams-adapter} 0.3 (Redis streams, with
		 * connection state recovery across nodes).
		 */
		REDIS_STREAMS

	}

	/**
	 * The subscription modes of the sharded adapter (Node's {@code subscriptionMode}).
	 */
	public enum ShardedSubscriptionMode {

		/** Only the namespace's channels: every node receives every broadcast. */
		STATIC,

		/**
		 * Also one channel per public room: a broadcast to one room reaches only the
		 * nodes that have it.
		 */
		DYNAMIC,

		/** Also one channel per private room (socket id). */
		DYNAMIC_PRIVATE

	}

	/**
	 * Settings of the Redis adapters and of the emitter; the connection is
	 * {@code spring.data.redis.*}.
	 */
	public static class Redis {

		/**
		 * Prefix of every channel (Node's {@code key}); every node of the cluster and
		 * every emitter must agree.
		 */
		private String keyPrefix = "socket.io";

		/**
		 * How long a request to the other nodes (fetchSockets, serverSideEmit with acks)
		 * waits for their answers.
		 */
		private Duration requestsTimeout = Duration.ofSeconds(5);

		/**
		 * Answers go to the requester's own response channel (Node's
		 * {@code publishOnSpecificResponseChannel}).
		 */
		private boolean publishOnSpecificResponseChannel;

		/**
		 * Refuse to start when Redis cannot be reached, instead of serving local clients
		 * until it is back.
		 */
		private boolean failFast;

		/**
		 * Which rooms get a sharded channel of their own with the redis-sharded adapter
		 * (Node's {@code subscriptionMode}): static (none), dynamic (public rooms) or
		 * dynamic-private (every room, socket ids included). Every node must agree.
		 */
		private ShardedSubscriptionMode shardedSubscriptionMode = ShardedSubscriptionMode.DYNAMIC;

		public ShardedSubscriptionMode getShardedSubscriptionMode() {
			return shardedSubscriptionMode;
		}

		public void setShardedSubscriptionMode(ShardedSubscriptionMode shardedSubscriptionMode) {
			this.shardedSubscriptionMode = shardedSubscriptionMode;
		}

		/**
		 * Length the stream is trimmed to ({@code XADD MAXLEN ~}, Node's {@code maxLen}),
		 * for the redis-streams adapter: how many messages connection state recovery can
		 * replay.
		 */
		private long streamMaxLen = 10_000;

		/**
		 * Number of streams the namespaces are spread over by the hash of their name
		 * (Node's {@code streamCount}), for the redis-streams adapter; every node must
		 * agree.
		 */
		private int streamCount = 1;

		/**
		 * Most entries one {@code XREAD} returns (Node's {@code readCount}), for the
		 * redis-streams adapter.
		 */
		private int readCount = 100;

		/**
		 * Prefix of the keys that keep the sessions of disconnected sockets for
		 * connection state recovery (Node's {@code sessionKeyPrefix}), for the
		 * redis-streams adapter.
		 */
		private String sessionKeyPrefix = "sio:session:";

		public String getKeyPrefix() {
			return keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public Duration getRequestsTimeout() {
			return requestsTimeout;
		}

		public void setRequestsTimeout(Duration requestsTimeout) {
			this.requestsTimeout = requestsTimeout;
		}

		public boolean isPublishOnSpecificResponseChannel() {
			return publishOnSpecificResponseChannel;
		}

		public void setPublishOnSpecificResponseChannel(boolean publishOnSpecificResponseChannel) {
			this.publishOnSpecificResponseChannel = publishOnSpecificResponseChannel;
		}

		public long getStreamMaxLen() {
			return streamMaxLen;
		}

		public void setStreamMaxLen(long streamMaxLen) {
			this.streamMaxLen = streamMaxLen;
		}

		public int getStreamCount() {
			return streamCount;
		}

		public void setStreamCount(int streamCount) {
			this.streamCount = streamCount;
		}

		public int getReadCount() {
			return readCount;
		}

		public void setReadCount(int readCount) {
			this.readCount = readCount;
		}

		public String getSessionKeyPrefix() {
			return sessionKeyPrefix;
		}

		public void setSessionKeyPrefix(String sessionKeyPrefix) {
			this.sessionKeyPrefix = sessionKeyPrefix;
		}

		public boolean isFailFast() {
			return failFast;
		}

		public void setFailFast(boolean failFast) {
			this.failFast = failFast;
		}

	}

}
