package dev.realtime.socketio.redis;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

import dev.realtime.socketio.adapter.Adapter;
import dev.realtime.socketio.adapter.AdapterNamespace;
import dev.realtime.socketio.msgpack.MsgpackCodec;
import tools.jackson.databind.ObjectMapper;

/**
 * Creates the {@link RedisStreamsAdapter} of each namespace and reads the streams for
 * them: one {@link StreamReader} (with a Redis connection of its own, for
 * {@code XREAD BLOCK}) per stream in use, handing each entry to the adapter of its
 * namespace. Give it to {@code SocketIoOptions.Builder.adapterFactory}; close it when the
 * server stops.
 *
 * <pre>{@code
 * RedisPubSub redis = new RedisPubSub(RedisClient.create("redis://localhost"), false);
 * redis.start();
 * RedisStreamsAdapterOptions options = RedisStreamsAdapterOptions.defaults()
 *     .withRecovery(Duration.ofMinutes(2));
 * SocketIoOptions.builder()
 *     .connectionStateRecovery(new ConnectionStateRecovery(Duration.ofMinutes(2), true))
 *     .adapterFactory(new RedisStreamsAdapterFactory(redis, options, mapper, executor));
 * }</pre>
 */
public final class RedisStreamsAdapterFactory implements Function<AdapterNamespace, Adapter>, AutoCloseable {

	private final RedisPubSub redis;

	private final RedisStreamsAdapterOptions options;

	private final MsgpackCodec codec;

	private final Executor executor;

	/** namespace name → its adapter. */
	private final Map<String, RedisStreamsAdapter> adapters = new ConcurrentHashMap<>();

	/** stream name → its reader. */
	private final Map<String, StreamReader> readers = new ConcurrentHashMap<>();

	/** Waits between attempts to read while Redis is away (never a busy loop). */
	private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "socketio-redis-streams");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * @param options the settings, with the server's recovery window when connection
	 * state recovery is on ({@link RedisStreamsAdapterOptions#withRecovery})
	 * @param mapper the server's mapper: payloads go to other nodes as they go to clients
	 * @param executor runs application code that messages of other nodes trigger (the
	 * server's listener executor), so that it never runs on Lettuce's threads
	 */
	public RedisStreamsAdapterFactory(RedisPubSub redis, RedisStreamsAdapterOptions options, ObjectMapper mapper,
			Executor executor) {
		this.redis = Objects.requireNonNull(redis, "redis");
		this.options = Objects.requireNonNull(options, "options");
		this.codec = new MsgpackCodec(mapper);
		this.executor = Objects.requireNonNull(executor, "executor");
	}

	/** The settings the adapters use. */
	public RedisStreamsAdapterOptions options() {
		return options;
	}

	@Override
	public Adapter apply(AdapterNamespace namespace) {
		String name = namespace.name();
		RedisStreamsAdapter[] created = new RedisStreamsAdapter[1];
		created[0] = new RedisStreamsAdapter(namespace, redis, options, codec, executor,
				() -> removed(name, created[0]));
		adapters.put(name, created[0]);
		readers.computeIfAbsent(created[0].streamName(), (stream) -> {
			StreamReader reader = new StreamReader(redis, stream, options, retries, this::onEntry);
			reader.start();
			return reader;
		});
		return created[0];
	}

	private void onEntry(Map<String, String> fields, String id) {
		String nsp = fields.get("nsp");
		RedisStreamsAdapter adapter = (nsp != null) ? adapters.get(nsp) : null;
		if (adapter != null) {
			adapter.onEntry(fields, id);
		}
	}

	private void removed(String namespace, RedisStreamsAdapter adapter) {
		adapters.remove(namespace, adapter);
		String stream = adapter.streamName();
		boolean used = adapters.values().stream().anyMatch((other) -> other.streamName().equals(stream));
		if (!used) {
			StreamReader reader = readers.remove(stream);
			if (reader != null) {
				reader.stop();
			}
		}
	}

	/** Stops reading the streams and closes the readers' connections. */
	@Override
	public void close() {
		readers.values().forEach(StreamReader::stop);
		readers.clear();
		retries.shutdownNow();
	}

}
