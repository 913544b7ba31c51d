package dev.realtime.socketio.redis;

import java.util.function.Function;

import dev.realtime.socketio.adapter.Adapter;
import dev.realtime.socketio.msgpack.MsgpackCodec;
import dev.realtime.socketio.server.Namespace;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * Creates the {@link RedisAdapter} of each namespace, all on one {@link RedisPubSub}: give it to
 * {@code SocketIoOptions.Builder.adapterFactory}.
 *
 * <pre>{@code
 * RedisPubSub redis = new RedisPubSub(RedisClient.create("redis://localhost"), false);
 * redis.start();
 * SocketIoOptions options = SocketIoOptions.builder()
 *     .adapterFactory(new RedisAdapterFactory(redis, RedisAdapterOptions.defaults()))
 *     .build();
 * }</pre>
 */
public final class RedisAdapterFactory implements Function<Namespace, Adapter> {

	private final RedisPubSub redis;

	private final RedisAdapterOptions options;

	private volatile @Nullable MsgpackCodec codec;

	public RedisAdapterFactory(RedisPubSub redis, RedisAdapterOptions options) {
		this.redis = redis;
		this.options = options;
	}

	@Override
	public Adapter apply(Namespace namespace) {
		return new RedisAdapter(namespace, redis, options, codec(namespace.server().mapper()));
	}

	/** One codec per server, writing objects with the server's mapper (as the JSON parser does). */
	private MsgpackCodec codec(ObjectMapper mapper) {
		MsgpackCodec current = codec;
		if (current == null || current.mapper() != mapper) {
			current = new MsgpackCodec(mapper);
			codec = current;
		}
		return current;
	}
}
