package dev.realtime.socketio.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the classic Redis adapter, named as in Node's
 * {@code @socket.io/redis-adapter}.
 *
 * @param keyPrefix the prefix of every channel (Node's {@code key}, default
 * {@code socket.io})
 * @param requestsTimeout how long a request to the other nodes (fetchSockets,
 * serverSideEmit with acknowledgements, broadcast acknowledgements without timeout) waits
 * for answers
 * @param publishOnSpecificResponseChannel whether answers go to the requester's own
 * response channel ({@code <prefix>-response#<nsp>#<uid>#}) rather than the shared one;
 * every node of the cluster must agree
 */
public record RedisAdapterOptions(String keyPrefix, Duration requestsTimeout,
		boolean publishOnSpecificResponseChannel) {

	public RedisAdapterOptions {
		Objects.requireNonNull(keyPrefix, "keyPrefix");
		Objects.requireNonNull(requestsTimeout, "requestsTimeout");
		if (keyPrefix.isEmpty()) {
			throw new IllegalArgumentException("keyPrefix must not be empty");
		}
		if (requestsTimeout.isNegative() || requestsTimeout.isZero()) {
			throw new IllegalArgumentException("requestsTimeout must be positive, got " + requestsTimeout);
		}
	}

	/** Node's defaults: {@code socket.io}, 5 s, shared response channel. */
	public static RedisAdapterOptions defaults() {
		return new RedisAdapterOptions("socket.io", Duration.ofSeconds(5), false);
	}
}
