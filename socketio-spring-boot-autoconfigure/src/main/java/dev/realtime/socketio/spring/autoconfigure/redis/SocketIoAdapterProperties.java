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

		/** Node's {@code @socket.io/redis-streams-adapter}: not available yet. */
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

		public boolean isFailFast() {
			return failFast;
		}

		public void setFailFast(boolean failFast) {
			this.failFast = failFast;
		}

	}

}
