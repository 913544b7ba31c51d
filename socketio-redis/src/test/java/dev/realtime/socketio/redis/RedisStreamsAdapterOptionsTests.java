package dev.realtime.socketio.redis;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streams adapter's settings: the stream of each namespace as Node's adapter names
 * it, and clear errors for values that cannot work.
 */
class RedisStreamsAdapterOptionsTests {

	private static RedisStreamsAdapterOptions streams(int count) {
		RedisStreamsAdapterOptions defaults = RedisStreamsAdapterOptions.defaults();
		return new RedisStreamsAdapterOptions("socket.io", defaults.requestsTimeout(), defaults.maxLen(), count,
				defaults.readCount(), defaults.blockTime(), defaults.sessionKeyPrefix(), null);
	}

	@Test
	void oneStreamIsTheKeyPrefix() {
		assertThat(streams(1).streamName("/")).isEqualTo("socket.io");
		assertThat(streams(1).streamName("/chat")).isEqualTo("socket.io");
	}

	@Test
	void severalStreamsAreChosenByNodesHash() {
		// the values of util.ts hashCode(nsp) % streamCount in Node (JavaScript's % keeps
		// the sign of a negative hash)
		assertThat(streams(3).streamName("/")).isEqualTo("socket.io-2");
		assertThat(streams(3).streamName("/chat")).isEqualTo("socket.io-1");
		assertThat(streams(4).streamName("/admin-namespace-long")).isEqualTo("socket.io-3");
		assertThat(streams(3).streamName("/orders/europe/west")).isEqualTo("socket.io--2");
		assertThat(streams(4).streamName("/é")).isEqualTo("socket.io-2");
	}

	@Test
	void valuesThatCannotWorkAreRefused() {
		assertThatThrownBy(() -> streams(0)).hasMessageContaining("stream-count");
		RedisStreamsAdapterOptions d = RedisStreamsAdapterOptions.defaults();
		assertThatThrownBy(() -> new RedisStreamsAdapterOptions("socket.io", d.requestsTimeout(), 0, 1, 100,
				d.blockTime(), "sio:session:", null))
			.hasMessageContaining("stream-max-len");
		assertThatThrownBy(() -> new RedisStreamsAdapterOptions("socket.io", d.requestsTimeout(), 10, 1, 0,
				d.blockTime(), "sio:session:", null))
			.hasMessageContaining("read-count");
		assertThatThrownBy(() -> d.withRecovery(Duration.ZERO)).hasMessageContaining("maxDisconnectionDuration");
		assertThatThrownBy(() -> new RedisStreamsAdapterOptions("", d.requestsTimeout(), 10, 1, 1, d.blockTime(),
				"sio:session:", null))
			.hasMessageContaining("keyPrefix");
	}

}
