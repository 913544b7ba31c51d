package dev.realtime.socketio.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.jspecify.annotations.Nullable;

/**
 * Redis publish/subscribe for the adapters and the emitter, on Lettuce's own threads: one
 * connection publishes, one subscribes (to channels, patterns and Redis 7 sharded
 * channels, each with its listener). Works with a standalone or Sentinel
 * {@link RedisClient} and with a {@link RedisClusterClient}, whose {@code PUBSUB NUMSUB}
 * is summed over every node, as Node's adapter does.
 *
 * <p>
 * When Redis cannot be reached at {@link #start()}, the connections are retried in the
 * background (with one WARN) and {@link #isConnected()} stays false until they are up;
 * once connected, Lettuce reconnects by itself and restores the subscriptions.
 */
public final class RedisPubSub implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(RedisPubSub.class.getName());

	private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);

	/** Gets the messages of a channel or pattern subscription, on a Lettuce thread. */
	@FunctionalInterface
	public interface Listener {

		void onMessage(String channel, byte[] message);

	}

	private final AbstractRedisClient client;

	private final boolean failFast;

	private final Map<String, Listener> channels = new ConcurrentHashMap<>();

	private final Map<String, Listener> patterns = new ConcurrentHashMap<>();

	/** Sharded channels (Redis 7 {@code SSUBSCRIBE}). */
	private final Map<String, Listener> shardChannels = new ConcurrentHashMap<>();

	private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "socketio-redis-connect");
		thread.setDaemon(true);
		return thread;
	});

	private volatile @Nullable StatefulConnection<byte[], byte[]> pub;

	private volatile @Nullable StatefulRedisPubSubConnection<byte[], byte[]> sub;

	private volatile boolean closed;

	/**
	 * @param client the application's Lettuce client (not closed by this object)
	 * @param failFast whether {@link #start()} throws when Redis cannot be reached,
	 * instead of retrying in the background
	 */
	public RedisPubSub(AbstractRedisClient client, boolean failFast) {
		if (!(client instanceof RedisClient) && !(client instanceof RedisClusterClient)) {
			throw new IllegalArgumentException("Unsupported Lettuce client " + client.getClass().getName());
		}
		this.client = client;
		this.failFast = failFast;
	}

	/**
	 * Connects. With {@code failFast} a Redis that cannot be reached is an exception;
	 * otherwise it is one WARN and connection attempts in the background until it
	 * answers.
	 */
	public void start() {
		try {
			connect();
		}
		catch (RuntimeException ex) {
			if (failFast) {
				throw new IllegalStateException(
						"Redis is not reachable and socketio.adapter.redis.fail-fast is set: " + ex.getMessage(), ex);
			}
			logger.log(System.Logger.Level.WARNING, "Redis is not reachable (" + ex.getMessage()
					+ "): Socket.IO serves this node's clients only, and joins the cluster when Redis is back");
			scheduleRetry(Duration.ofMillis(500));
		}
	}

	private synchronized void connect() {
		if (closed || sub != null) {
			return;
		}
		StatefulConnection<byte[], byte[]> publisher = null;
		StatefulRedisPubSubConnection<byte[], byte[]> subscriber = null;
		try {
			if (client instanceof RedisClusterClient cluster) {
				publisher = cluster.connect(ByteArrayCodec.INSTANCE);
				subscriber = cluster.connectPubSub(ByteArrayCodec.INSTANCE);
			}
			else {
				RedisClient standalone = (RedisClient) client;
				publisher = standalone.connect(ByteArrayCodec.INSTANCE);
				subscriber = standalone.connectPubSub(ByteArrayCodec.INSTANCE);
			}
		}
		catch (RuntimeException ex) {
			if (publisher != null) {
				publisher.closeAsync();
			}
			throw ex;
		}
		subscriber.addListener(new RedisPubSubAdapter<>() {

			@Override
			public void message(byte[] channel, byte[] message) {
				String name = new String(channel, StandardCharsets.UTF_8);
				Listener listener = channels.get(name);
				if (listener != null) {
					dispatch(listener, name, message);
				}
			}

			@Override
			public void smessage(byte[] channel, byte[] message) {
				String name = new String(channel, StandardCharsets.UTF_8);
				Listener listener = shardChannels.get(name);
				if (listener != null) {
					dispatch(listener, name, message);
				}
			}

			@Override
			public void message(byte[] pattern, byte[] channel, byte[] message) {
				Listener listener = patterns.get(new String(pattern, StandardCharsets.UTF_8));
				if (listener != null) {
					dispatch(listener, new String(channel, StandardCharsets.UTF_8), message);
				}
			}
		});
		if (subscriber instanceof StatefulRedisClusterPubSubConnection<byte[], byte[]> clusterSubscriber) {
			// sharded subscriptions live on the connection to the node that owns their
			// slot: let its messages reach the listener
			clusterSubscriber.setNodeMessagePropagation(true);
		}
		this.pub = publisher;
		this.sub = subscriber;
		// subscriptions registered while Redis was away (one registered meanwhile may be
		// sent twice: harmless)
		if (!channels.isEmpty()) {
			subscriber.async().subscribe(bytes(channels.keySet().toArray(String[]::new)));
		}
		if (!patterns.isEmpty()) {
			subscriber.async().psubscribe(bytes(patterns.keySet().toArray(String[]::new)));
		}
		for (String name : shardChannels.keySet()) {
			subscriber.async().ssubscribe(bytes(name));
		}
		logger.log(System.Logger.Level.INFO, "Connected to Redis for Socket.IO publish/subscribe");
	}

	private static void dispatch(Listener listener, String channel, byte[] message) {
		try {
			listener.onMessage(channel, message);
		}
		catch (RuntimeException ex) {
			logger.log(System.Logger.Level.WARNING, "Failed to handle a message of channel " + channel, ex);
		}
	}

	private void scheduleRetry(Duration delay) {
		if (closed) {
			return;
		}
		retries.schedule(() -> {
			try {
				connect();
			}
			catch (RuntimeException ex) {
				logger.log(System.Logger.Level.DEBUG, "Redis still not reachable: " + ex.getMessage());
				Duration next = delay.multipliedBy(2);
				scheduleRetry((next.compareTo(MAX_RETRY_DELAY) > 0) ? MAX_RETRY_DELAY : next);
			}
		}, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Whether the connections are up (Lettuce may be reconnecting them). */
	public boolean isConnected() {
		StatefulRedisPubSubConnection<byte[], byte[]> subscriber = sub;
		StatefulConnection<byte[], byte[]> publisher = pub;
		return subscriber != null && publisher != null && subscriber.isOpen() && publisher.isOpen();
	}

	/**
	 * Whether the connections were ever established (after that Lettuce keeps them up).
	 */
	public boolean isStarted() {
		return sub != null;
	}

	/** Publishes a message; fails when Redis was never reached. */
	public CompletionStage<Long> publish(String channel, byte[] message) {
		return withPublisher(channel, (cluster, name) -> cluster.async().publish(name, message),
				(standalone, name) -> standalone.async().publish(name, message));
	}

	/** {@code PUBSUB NUMSUB channel}, summed over the nodes of a cluster. */
	public CompletionStage<Long> numsub(String channel) {
		return withPublisher(channel,
				(cluster, name) -> cluster.async()
					.nodes((node) -> true)
					.commands()
					.pubsubNumsub(name)
					.thenApply(RedisPubSub::sum),
				(standalone,
						name) -> standalone.async().pubsubNumsub(name).thenApply((answer) -> sum(List.of(answer))));
	}

	/**
	 * {@code SPUBLISH} (Redis 7 sharded pub/sub): goes to the node that owns the
	 * channel's slot; fails when Redis was never reached.
	 */
	public CompletionStage<Long> spublish(String channel, byte[] message) {
		return withPublisher(channel, (cluster, name) -> cluster.async().spublish(name, message),
				(standalone, name) -> standalone.async().spublish(name, message));
	}

	/** {@code PUBSUB SHARDNUMSUB channel}, summed over the masters of a cluster. */
	public CompletionStage<Long> shardNumsub(String channel) {
		return withPublisher(channel, (cluster,
				name) -> cluster.async().masters().commands().pubsubShardNumsub(name).thenApply(RedisPubSub::sum),
				(standalone, name) -> standalone.async()
					.pubsubShardNumsub(name)
					.thenApply((answer) -> sum(List.of(answer))));
	}

	/**
	 * Runs a command on the publishing connection, the cluster's or the standalone one;
	 * fails when Redis was never reached.
	 */
	private <T> CompletionStage<T> withPublisher(String channel,
			BiFunction<StatefulRedisClusterConnection<byte[], byte[]>, byte[], CompletionStage<T>> onCluster,
			BiFunction<StatefulRedisConnection<byte[], byte[]>, byte[], CompletionStage<T>> onStandalone) {
		StatefulConnection<byte[], byte[]> publisher = pub;
		if (publisher == null) {
			return CompletableFuture.failedFuture(new RedisUnavailableException());
		}
		byte[] name = channel.getBytes(StandardCharsets.UTF_8);
		if (publisher instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
			return onCluster.apply(cluster, name);
		}
		return onStandalone.apply((StatefulRedisConnection<byte[], byte[]>) publisher, name);
	}

	private static long sum(Iterable<Map<byte[], Long>> answers) {
		long sum = 0;
		for (Map<byte[], Long> answer : answers) {
			sum += answer.values().stream().mapToLong(Long::longValue).sum();
		}
		return sum;
	}

	/**
	 * {@code SSUBSCRIBE}s to sharded channels, all with one listener (one command per
	 * channel: in a cluster each goes to the node that owns its slot).
	 */
	public void ssubscribe(Listener listener, String... names) {
		for (String name : names) {
			shardChannels.put(name, listener);
		}
		StatefulRedisPubSubConnection<byte[], byte[]> subscriber = sub;
		if (subscriber != null) {
			for (String name : names) {
				subscriber.async().ssubscribe(bytes(name));
			}
		}
	}

	/** Ends sharded channel subscriptions. */
	public void sunsubscribe(String... names) {
		for (String name : names) {
			shardChannels.remove(name);
		}
		StatefulRedisPubSubConnection<byte[], byte[]> subscriber = sub;
		if (subscriber != null && subscriber.isOpen()) {
			for (String name : names) {
				subscriber.async().sunsubscribe(bytes(name));
			}
		}
	}

	/**
	 * The commands of the publishing connection (standalone or cluster), for the adapters
	 * that need more than publish ({@code XADD}, {@code XRANGE}, {@code SET}); fails when
	 * Redis was never reached.
	 */
	public RedisClusterAsyncCommands<byte[], byte[]> commands() {
		StatefulConnection<byte[], byte[]> publisher = pub;
		if (publisher == null) {
			throw new RedisUnavailableException();
		}
		return commands(publisher);
	}

	/** The asynchronous commands of a connection this class opened. */
	static RedisClusterAsyncCommands<byte[], byte[]> commands(StatefulConnection<byte[], byte[]> connection) {
		if (connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
			return cluster.async();
		}
		return ((StatefulRedisConnection<byte[], byte[]>) connection).async();
	}

	/**
	 * A new connection of its own, for blocking commands ({@code XREAD BLOCK}) that must
	 * not hold up the shared one; the caller closes it.
	 */
	public StatefulConnection<byte[], byte[]> openConnection() {
		if (client instanceof RedisClusterClient cluster) {
			return cluster.connect(ByteArrayCodec.INSTANCE);
		}
		return ((RedisClient) client).connect(ByteArrayCodec.INSTANCE);
	}

	/** Subscribes to channels, all with one listener. */
	public void subscribe(Listener listener, String... names) {
		for (String name : names) {
			channels.put(name, listener);
		}
		StatefulRedisPubSubConnection<byte[], byte[]> subscriber = sub;
		if (subscriber != null) {
			subscriber.async().subscribe(bytes(names));
		}
	}

	/** Subscribes to a pattern. */
	public void psubscribe(String pattern, Listener listener) {
		patterns.put(pattern, listener);
		StatefulRedisPubSubConnection<byte[], byte[]> subscriber = sub;
		if (subscriber != null) {
			subscriber.async().psubscribe(bytes(pattern));
		}
	}

	/** Ends channel subscriptions. */
	public void unsubscribe(String... names) {
		for (String name : names) {
			channels.remove(name);
		}
		StatefulRedisPubSubConnection<byte[], byte[]> subscriber = sub;
		if (subscriber != null && subscriber.isOpen()) {
			subscriber.async().unsubscribe(bytes(names));
		}
	}

	/** Ends a pattern subscription. */
	public void punsubscribe(String pattern) {
		patterns.remove(pattern);
		StatefulRedisPubSubConnection<byte[], byte[]> subscriber = sub;
		if (subscriber != null && subscriber.isOpen()) {
			subscriber.async().punsubscribe(bytes(pattern));
		}
	}

	private static byte[][] bytes(String... names) {
		byte[][] result = new byte[names.length][];
		for (int i = 0; i < names.length; i++) {
			result[i] = names[i].getBytes(StandardCharsets.UTF_8);
		}
		return result;
	}

	/** Closes the connections (not the client). */
	@Override
	public void close() {
		closed = true;
		retries.shutdownNow();
		synchronized (this) {
			StatefulRedisPubSubConnection<byte[], byte[]> subscriber = sub;
			StatefulConnection<byte[], byte[]> publisher = pub;
			// the application may have shut the client down first (Spring stops the
			// connection factory before destroying beans)
			if (subscriber != null && subscriber.isOpen()) {
				subscriber.close();
			}
			if (publisher != null && publisher.isOpen()) {
				publisher.close();
			}
			sub = null;
			pub = null;
		}
	}

	/** Redis was never reached: the operation cannot leave this node. */
	public static final class RedisUnavailableException extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		RedisUnavailableException() {
			super("Redis is not connected");
		}

	}

}
