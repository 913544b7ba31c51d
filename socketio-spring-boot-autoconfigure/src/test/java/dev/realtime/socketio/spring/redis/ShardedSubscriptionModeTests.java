package dev.realtime.socketio.spring.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.realtime.socketio.redis.RedisServer;
import dev.realtime.socketio.server.SocketIoServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sharded adapter's other subscription modes ({@code static},
 * {@code dynamic-private}; {@code dynamic} is {@link ShardedRedisClusterTests}'): a
 * WebFlux node and a Node server in the same mode subscribe to the same channels, and
 * broadcasts to a public room and to a socket id cross in both directions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShardedSubscriptionModeTests {

	private RedisServer redis;

	private RedisClient lettuce;

	private StatefulRedisConnection<String, String> connection;

	@BeforeAll
	void startRedis() throws Exception {
		redis = RedisServer.start();
		lettuce = RedisClient.create(redis.uri());
		connection = lettuce.connect();
	}

	@AfterAll
	void stopRedis() throws Exception {
		if (connection != null) {
			connection.close();
		}
		if (lettuce != null) {
			lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(5));
		}
		if (redis != null) {
			redis.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "static", "dynamic-private" })
	void javaAndNodeSubscribeAlikeAndBroadcastsCross(String mode) throws Exception {
		String prefix = "mode-" + mode;
		try (ConfigurableApplicationContext flux = ClusterNodeApplication.start(WebApplicationType.REACTIVE, "flux",
				redis.port(), "socketio.adapter.type=redis-sharded", "socketio.adapter.redis.key-prefix=" + prefix,
				"socketio.adapter.redis.sharded-subscription-mode=" + mode, "socketio.emitter.enabled=false");
				NodePeer node = NodePeer.server("redis-sharded", redis.uri(), prefix, mode);
				NodePeer javaClient = NodePeer.client(ClusterNodeApplication.url(flux), Map.of("rooms", List.of("r")));
				NodePeer nodeClient = NodePeer.client(
						"http://127.0.0.1:" + node.awaitEvent("ready").get("port").asInt(),
						Map.of("rooms", List.of("r")))) {
			String ns = prefix + "#/#";
			Set<String> expected = new TreeSet<>();
			if ("dynamic-private".equals(mode)) {
				// every room has its channel, socket ids included
				expected.add(ns + "r#");
				expected.add(ns + javaClient.sid() + "#");
				expected.add(ns + nodeClient.sid() + "#");
			}
			// the namespace channel and the two servers' response channels, nothing else
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				Set<String> channels = new TreeSet<>(connection.sync().pubsubShardChannels(prefix + "#*"));
				assertThat(channels).contains(ns).hasSize(expected.size() + 3).containsAll(expected);
			});
			assertThat(connection.sync().pubsubShardNumsub(ns).get(ns)).isEqualTo(2);
			SocketIoServer io = ClusterNodeApplication.io(flux);

			io.to("r").emit("java-room", 1);
			node.call("emit", "rooms", List.of("r"), "event", "node-room", "args", List.of(2));
			io.to(nodeClient.sid()).emit("java-private", 3);
			node.call("emit", "rooms", List.of(javaClient.sid()), "event", "node-private", "args", List.of(4));
			for (NodePeer client : List.of(javaClient, nodeClient)) {
				assertThat(client.awaitReceived("java-room").toString()).isEqualTo("[1]");
				assertThat(client.awaitReceived("node-room").toString()).isEqualTo("[2]");
			}
			assertThat(nodeClient.awaitReceived("java-private").toString()).isEqualTo("[3]");
			assertThat(javaClient.awaitReceived("node-private").toString()).isEqualTo("[4]");
			node.call("close");
		}
	}

}
