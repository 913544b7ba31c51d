package dev.realtime.socketio.spring.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.realtime.socketio.redis.RedisServer;
import dev.realtime.socketio.server.EventArgs;
import dev.realtime.socketio.server.SocketIoServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
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
 * The three Redis adapters across a real Redis Cluster of three masters (redis-server in
 * cluster mode, created with {@code redis-cli --cluster create}), reached through the
 * application's ordinary {@code spring.data.redis.cluster.nodes}: a Spring MVC node, a
 * WebFlux node and a Node socket.io server on Node's adapter with a node-redis cluster
 * client ({@code createCluster}) count each other, and broadcasts to rooms whose channels
 * live on different shards, fetchSockets, serverSideEmit and broadcasts with
 * acknowledgements cross between them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterModeTests {

	/** Rooms whose sharded channels spread over the three masters. */
	private static final List<String> ROOMS = List.of("room-0", "room-1", "room-2", "room-3", "room-4", "room-5");

	private final List<RedisServer> masters = new ArrayList<>();

	@BeforeAll
	void startRedisCluster() throws Exception {
		for (int i = 0; i < 3; i++) {
			masters.add(RedisServer.start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
					"--cluster-port", String.valueOf(RedisServer.freePort()), "--cluster-node-timeout", "5000"));
		}
		List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
		masters.forEach((master) -> command.add("127.0.0.1:" + master.port()));
		command.add("--cluster-yes");
		Process create = new ProcessBuilder(command).redirectErrorStream(true).start();
		assertThat(create.waitFor(60, TimeUnit.SECONDS)).as("redis-cli --cluster create finished").isTrue();
		String output = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(create.exitValue()).as(output).isZero();
		for (RedisServer master : masters) {
			RedisClient client = RedisClient.create(master.uri());
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				await().atMost(Duration.ofSeconds(30))
					.until(() -> connection.sync().clusterInfo().contains("cluster_state:ok"));
			}
			finally {
				client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
			}
		}
	}

	@AfterAll
	void stopRedisCluster() throws Exception {
		for (RedisServer master : masters) {
			master.close();
		}
	}

	private ConfigurableApplicationContext node(WebApplicationType type, String name, String adapter) {
		String nodes = masters.stream().map((master) -> "127.0.0.1:" + master.port()).collect(Collectors.joining(","));
		return ClusterNodeApplication.start(type, name, masters.get(0).port(), "socketio.adapter.type=" + adapter,
				"socketio.adapter.redis.key-prefix=cluster-" + adapter, "spring.data.redis.cluster.nodes=" + nodes,
				"socketio.emitter.enabled=false");
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis", "redis-sharded", "redis-streams" })
	void serversShareOneRedisCluster(String adapter) throws Exception {
		// the channels of these rooms (sharded adapter: <prefix>#/#<room>#) live on at
		// least two of the three masters (slots 0-5460, 5461-10922, 10923-16383)
		Set<Integer> shards = new HashSet<>();
		for (String room : ROOMS) {
			shards.add(SlotHash.getSlot("cluster-" + adapter + "#/#" + room + "#") / 5461);
		}
		assertThat(shards).hasSizeGreaterThan(1);
		List<String> roomsAndEveryone = new ArrayList<>(ROOMS);
		roomsAndEveryone.add("everyone");
		String nodeRedis = masters.stream().map(RedisServer::uri).collect(Collectors.joining(","));
		try (ConfigurableApplicationContext mvc = node(WebApplicationType.SERVLET, "mvc", adapter);
				ConfigurableApplicationContext flux = node(WebApplicationType.REACTIVE, "flux", adapter);
				NodePeer node = NodePeer.server(adapter, nodeRedis, "cluster-" + adapter);
				NodePeer mvcClient = NodePeer.client(ClusterNodeApplication.url(mvc),
						Map.of("rooms", List.of("everyone")));
				NodePeer fluxClient = NodePeer.client(ClusterNodeApplication.url(flux),
						Map.of("rooms", roomsAndEveryone));
				NodePeer nodeClient = NodePeer
					.client("http://127.0.0.1:" + node.awaitEvent("ready").get("port").asInt(),
							Map.of("rooms", roomsAndEveryone))
					.withoutOffsets()) {
			SocketIoServer mvcIo = ClusterNodeApplication.io(mvc);
			SocketIoServer fluxIo = ClusterNodeApplication.io(flux);
			// PUBSUB NUMSUB summed over the nodes, SHARDNUMSUB over the masters
			await().atMost(Duration.ofSeconds(15))
				.until(() -> mvcIo.sockets().adapter().serverCount().get(5, TimeUnit.SECONDS) == 3
						&& fluxIo.sockets().adapter().serverCount().get(5, TimeUnit.SECONDS) == 3
						&& node.call("serverCount").asInt() == 3);
			// Node's streams adapter reads from "$" once its reading client is connected,
			// which its pub/sub subscription does not prove: probe until it reads
			await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
				mvcIo.emit("probe");
				return !nodeClient.received("probe").isEmpty();
			});

			for (String room : ROOMS) {
				mvcIo.to(room).emit("to-" + room, room, new byte[] { 1 });
			}
			fluxIo.emit("to-all", "x");
			node.call("emit", "rooms", List.of("room-3"), "event", "from-node", "args", List.of("n", NodePeer.bin(3)));
			for (String room : ROOMS) {
				String expected = "[\"" + room + "\",{\"$bin\":[1]}]";
				assertThat(fluxClient.awaitReceived("to-" + room).toString()).isEqualTo(expected);
				assertThat(nodeClient.awaitReceived("to-" + room).toString()).isEqualTo(expected);
			}
			assertThat(mvcClient.awaitReceived("to-all").toString()).isEqualTo("[\"x\"]");
			assertThat(nodeClient.awaitReceived("to-all").toString()).isEqualTo("[\"x\"]");
			assertThat(fluxClient.awaitReceived("from-node").toString()).isEqualTo("[\"n\",{\"$bin\":[3]}]");
			assertThat(mvcClient.received("from-node")).isEmpty();

			assertThat(mvcIo.in("everyone").fetchSockets().get(15, TimeUnit.SECONDS)).hasSize(3);
			assertThat(node.call("fetchSockets", "rooms", List.of("everyone"))).hasSize(3);
			assertThat(fluxIo.sockets().serverSideEmit(Duration.ofSeconds(5), "sse", "ping").get(15, TimeUnit.SECONDS))
				.containsExactlyInAnyOrder("pong from mvc", "pong from node");
			List<EventArgs> answers = mvcIo.timeout(Duration.ofSeconds(5))
				.emitWithAck("ack-me")
				.get(15, TimeUnit.SECONDS);
			Set<String> answered = new TreeSet<>();
			answers.forEach((args) -> answered.add(args.get(0).asString()));
			assertThat(answered).containsExactlyInAnyOrder("ack from " + mvcClient.sid(),
					"ack from " + fluxClient.sid(), "ack from " + nodeClient.sid());
		}
	}

}
