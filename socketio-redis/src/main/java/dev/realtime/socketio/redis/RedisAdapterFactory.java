package dev.realtime.socketio.redis;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;

import dev.realtime.socketio.adapter.Adapter;
import dev.realtime.socketio.adapter.AdapterNamespace;
import dev.realtime.socketio.msgpack.MsgpackCodec;
import tools.jackson.databind.ObjectMapper;

/**
 * Creates the {@link RedisAdapter} of each namespace, all on one {@link RedisPubSub}:
 * give it to {@code SocketIoOptions.Builder.adapterFactory}.
 *
 * <pre>{@code
 * RedisPubSub redis = new RedisPubSub(RedisClient.create("redis://localhost"), false);
 * redis.start();
 * SocketIoOptions options = SocketIoOptions.builder()
 *     .mapper(mapper)
 *     .adapterFactory(new RedisAdapterFactory(redis, RedisAdapterOptions.defaults(), mapper, executor))
 *     .build();
 * }</pre>
 */
public final class RedisAdapterFactory implements Function<AdapterNamespace, Adapter> {

	private final RedisPubSub redis;

	private final RedisAdapterOptions options;

	private final MsgpackCodec codec;

	private final Executor executor;

	/**
	 * @param mapper the server's mapper: payloads go to other nodes as they go to clients
	 * @param executor runs application code that messages of other nodes trigger (the
	 * server's listener executor), so that it never runs on Lettuce's threads
	 */
	public RedisAdapterFactory(RedisPubSub redis, RedisAdapterOptions options, ObjectMapper mapper, Executor executor) {
		this.redis = Objects.requireNonNull(redis, "redis");
		this.options = Objects.requireNonNull(options, "options");
		this.codec = new MsgpackCodec(mapper);
		this.executor = Objects.requireNonNull(executor, "executor");
	}

	@Override
	public Adapter apply(AdapterNamespace namespace) {
		return new RedisAdapter(namespace, redis, options, codec, executor);
	}

	/**
	 * The factory of {@link ShardedRedisAdapter}s (Node's {@code createShardedAdapter},
	 * Redis 7 sharded pub/sub), all on one {@link RedisPubSub}.
	 * @param mode which rooms get a channel of their own; every node must agree
	 */
	public static Function<AdapterNamespace, Adapter> sharded(RedisPubSub redis, RedisAdapterOptions options,
			ShardedRedisAdapter.SubscriptionMode mode, ObjectMapper mapper, Executor executor) {
		Objects.requireNonNull(redis, "redis");
		Objects.requireNonNull(options, "options");
		Objects.requireNonNull(mode, "mode");
		Objects.requireNonNull(executor, "executor");
		MsgpackCodec codec = new MsgpackCodec(mapper);
		return (namespace) -> new ShardedRedisAdapter(namespace, redis, options, mode, codec, executor);
	}

}
