package dev.realtime.socketio.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisPubSubTests {

	private RedisServer redis;

	private RedisClient client;

	@BeforeAll
	void start() throws Exception {
		redis = RedisServer.start();
		client = RedisClient.create(redis.uri());
	}

	@AfterAll
	void stop() throws Exception {
		client.shutdown();
		redis.close();
	}

	@Test
	void channelAndPatternSubscriptionsGetMessagesAndNumsubCountsThem() throws Exception {
		List<String> received = new CopyOnWriteArrayList<>();
		try (RedisPubSub a = new RedisPubSub(client, true); RedisPubSub b = new RedisPubSub(client, true)) {
			a.start();
			b.start();
			a.psubscribe("p#/#*", (channel, message) -> received
				.add("p " + channel + " " + new String(message, StandardCharsets.UTF_8)));
			a.subscribe((channel, message) -> received
				.add("c " + channel + " " + new String(message, StandardCharsets.UTF_8)), "req#/#");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> b.numsub("req#/#").toCompletableFuture().get(5, TimeUnit.SECONDS) == 1);
			b.publish("p#/#room#", "one".getBytes(StandardCharsets.UTF_8));
			b.publish("req#/#", "two".getBytes(StandardCharsets.UTF_8));
			await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
			assertThat(received).containsExactly("p p#/#room# one", "c req#/# two");
		}
	}

}
