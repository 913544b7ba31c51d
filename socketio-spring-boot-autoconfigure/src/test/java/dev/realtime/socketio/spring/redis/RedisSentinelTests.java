package dev.realtime.socketio.spring.redis;

import java.util.List;

import dev.realtime.socketio.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The adapters through Redis Sentinel: a redis-server master and one
 * {@code redis-server --sentinel} watching it, the nodes configured with
 * {@code spring.data.redis.sentinel.*} only (their {@code spring.data.redis.port} is a
 * port where nothing listens, so nothing reaches Redis but through the Sentinel).
 */
class RedisSentinelTests extends AbstractRedisConnectionTests {

	private RedisServer master;

	private RedisServer sentinel;

	private int nobodyListens;

	@BeforeAll
	void startSentinel() throws Exception {
		master = RedisServer.start();
		sentinel = RedisServer.sentinel("socketio-master", master.port());
		nobodyListens = RedisServer.freePort();
	}

	@AfterAll
	void stopSentinel() throws Exception {
		if (sentinel != null) {
			sentinel.close();
		}
		if (master != null) {
			master.close();
		}
	}

	@Override
	int redisPort() {
		return nobodyListens;
	}

	@Override
	List<String> connectionProperties() {
		return List.of("spring.data.redis.sentinel.master=socketio-master",
				"spring.data.redis.sentinel.nodes=127.0.0.1:" + sentinel.port());
	}

}
