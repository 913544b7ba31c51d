package dev.realtime.socketio.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.jspecify.annotations.Nullable;

/**
 * Reads one stream for the adapters, as Node's adapter polls it: {@code XREAD BLOCK
 * <blockTime> COUNT <readCount> STREAMS <stream> <last id>} again and again, on a
 * connection of its own so that the blocking read holds up no other command. Nothing
 * blocks a thread: each read is asynchronous and the next one is sent when it answers.
 *
 * <p>
 * It starts after the newest entry of the stream (read once with {@code XREVRANGE}, so
 * that nothing added between two reads is missed, which {@code $} would allow) and keeps
 * the id of the last entry it read: when Redis restarts, Lettuce reconnects and the
 * reading goes on from that id. Failures wait a second before the next attempt.
 */
final class StreamReader {

	private static final System.Logger logger = System.getLogger(StreamReader.class.getName());

	private static final long RETRY_MILLIS = 1000;

	/** Gets each entry (its fields as text) on a Lettuce thread. */
	@FunctionalInterface
	interface EntryHandler {

		void onEntry(Map<String, String> fields, String id);

	}

	private final RedisPubSub redis;

	private final String streamName;

	private final byte[] stream;

	private final RedisStreamsAdapterOptions options;

	private final ScheduledExecutorService retries;

	private final EntryHandler handler;

	private volatile @Nullable StatefulConnection<byte[], byte[]> connection;

	/** The id of the last entry read; {@code null} until the start id is known. */
	private volatile @Nullable String lastId;

	private volatile boolean stopped;

	private volatile boolean warned;

	StreamReader(RedisPubSub redis, String streamName, RedisStreamsAdapterOptions options,
			ScheduledExecutorService retries, EntryHandler handler) {
		this.redis = redis;
		this.streamName = streamName;
		this.stream = streamName.getBytes(StandardCharsets.UTF_8);
		this.options = options;
		this.retries = retries;
		this.handler = handler;
	}

	void start() {
		next();
	}

	/** The id of the last entry read, or {@code null} before the first read. */
	@Nullable String lastId() {
		return lastId;
	}

	private void next() {
		if (stopped) {
			return;
		}
		if (!redis.isStarted()) {
			// Redis not reached yet: RedisPubSub retries in the background
			retryLater();
			return;
		}
		StatefulConnection<byte[], byte[]> current = connection;
		if (current == null) {
			try {
				current = redis.openConnection();
			}
			catch (RuntimeException ex) {
				failed(ex);
				return;
			}
			connection = current;
			if (stopped) {
				current.closeAsync();
				return;
			}
		}
		RedisClusterAsyncCommands<byte[], byte[]> commands = RedisPubSub.commands(current);
		String from = lastId;
		if (from == null) {
			commands.xrevrange(stream, Range.unbounded(), Limit.from(1)).whenComplete((entries, failure) -> {
				if (failure != null) {
					failed(failure);
					return;
				}
				lastId = entries.isEmpty() ? "0-0" : entries.get(0).getId();
				next();
			});
			return;
		}
		commands
			.xread(XReadArgs.Builder.block(options.blockTime().toMillis()).count(options.readCount()),
					XReadArgs.StreamOffset.from(stream, from))
			.whenComplete((entries, failure) -> {
				if (failure != null) {
					failed(failure);
					return;
				}
				read(entries);
				next();
			});
	}

	private void read(@Nullable List<StreamMessage<byte[], byte[]>> entries) {
		if (entries == null) {
			return;
		}
		if (warned) {
			warned = false;
			logger.log(System.Logger.Level.INFO, "Reading Redis stream " + streamName + " again from " + lastId);
		}
		for (StreamMessage<byte[], byte[]> entry : entries) {
			try {
				handler.onEntry(RedisStreamsAdapter.fields(entry), entry.getId());
			}
			catch (RuntimeException ex) {
				logger.log(System.Logger.Level.WARNING,
						"Failed to handle entry " + entry.getId() + " of stream " + streamName, ex);
			}
			lastId = entry.getId();
		}
	}

	private void failed(Throwable failure) {
		if (stopped) {
			return;
		}
		if (!warned) {
			warned = true;
			logger.log(System.Logger.Level.WARNING, "Reading Redis stream " + streamName + " failed ("
					+ failure.getMessage() + "): retrying every second from " + lastId);
		}
		retryLater();
	}

	private void retryLater() {
		try {
			retries.schedule(this::next, RETRY_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// the factory closed
		}
	}

	/** Stops reading and closes the connection (a read in flight is cancelled). */
	void stop() {
		stopped = true;
		StatefulConnection<byte[], byte[]> current = connection;
		if (current != null) {
			current.closeAsync();
		}
	}

}
