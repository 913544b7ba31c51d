package dev.realtime.socketio.redis;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Settings of the Redis streams adapter, as in Node's
 * {@code @socket.io/redis-streams-adapter} 0.3.
 *
 * @param keyPrefix the stream name and the prefix of the channels (Node's
 * {@code streamName} and {@code channelPrefix}, default {@code socket.io})
 * @param requestsTimeout how long fetchSockets and broadcast acknowledgements without a
 * timeout of their own wait for the other nodes (Node: 5 s)
 * @param maxLen the length the stream is trimmed to ({@code XADD MAXLEN ~}, Node's
 * {@code maxLen}, default 10000): the recovery window in messages
 * @param streamCount how many streams the namespaces are spread over, by the hash of
 * their name (Node's {@code streamCount}, default 1); every node must agree
 * @param readCount the most entries one {@code XREAD} returns (Node's {@code readCount},
 * default 100)
 * @param blockTime how long one {@code XREAD} blocks (Node's {@code blockTimeInMs}, 5 s):
 * must stay under the client's command timeout
 * @param sessionKeyPrefix the prefix of the keys that hold the sessions of disconnected
 * sockets (Node's {@code sessionKeyPrefix}, default {@code sio:session:})
 * @param maxDisconnectionDuration the server's connection state recovery window, or
 * {@code null} when recovery is off
 */
public record RedisStreamsAdapterOptions(String keyPrefix, Duration requestsTimeout, long maxLen, int streamCount,
		int readCount, Duration blockTime, String sessionKeyPrefix, @Nullable Duration maxDisconnectionDuration) {

	public RedisStreamsAdapterOptions {
		Objects.requireNonNull(keyPrefix, "keyPrefix");
		Objects.requireNonNull(requestsTimeout, "requestsTimeout");
		Objects.requireNonNull(blockTime, "blockTime");
		Objects.requireNonNull(sessionKeyPrefix, "sessionKeyPrefix");
		if (keyPrefix.isEmpty()) {
			throw new IllegalArgumentException("keyPrefix must not be empty");
		}
		positive("requestsTimeout", requestsTimeout);
		positive("blockTime", blockTime);
		if (maxDisconnectionDuration != null) {
			positive("maxDisconnectionDuration", maxDisconnectionDuration);
		}
		if (maxLen < 1) {
			throw new IllegalArgumentException("maxLen (stream-max-len) must be 1 or more, got " + maxLen);
		}
		if (streamCount < 1) {
			throw new IllegalArgumentException("streamCount (stream-count) must be 1 or more, got " + streamCount);
		}
		if (readCount < 1) {
			throw new IllegalArgumentException("readCount (read-count) must be 1 or more, got " + readCount);
		}
	}

	private static void positive(String name, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, got " + value);
		}
	}

	/** Node's defaults, recovery off. */
	public static RedisStreamsAdapterOptions defaults() {
		return new RedisStreamsAdapterOptions("socket.io", Duration.ofSeconds(5), 10_000, 1, 100, Duration.ofSeconds(5),
				"sio:session:", null);
	}

	/** The same with connection state recovery over this window. */
	public RedisStreamsAdapterOptions withRecovery(@Nullable Duration maxDisconnectionDuration) {
		return new RedisStreamsAdapterOptions(keyPrefix, requestsTimeout, maxLen, streamCount, readCount, blockTime,
				sessionKeyPrefix, maxDisconnectionDuration);
	}

	/**
	 * The stream of a namespace: {@code keyPrefix} with one stream, else
	 * {@code keyPrefix-<hash % streamCount>} with Node's hash ({@code util.ts}
	 * {@code hashCode}: Java's {@code String.hashCode} over UTF-16 units, and a negative
	 * hash keeps its sign through {@code %}, as in JavaScript).
	 */
	public String streamName(String namespace) {
		if (streamCount == 1) {
			return keyPrefix;
		}
		return keyPrefix + "-" + (namespace.hashCode() % streamCount);
	}

}
