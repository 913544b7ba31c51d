package dev.realtime.socketio.spring.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.server.RemoteSocket;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster of {@link RedisClusterTests} (a Spring MVC node, a WebFlux node, a Node
 * socket.io 4.8 server, an official client on each) on the Redis streams adapter: ours
 * ({@code socketio.adapter.type=redis-streams}) and Node's
 * {@code @socket.io/redis-streams-adapter} 0.3.1, every node with connection state
 * recovery. Every test of the parent runs here too; this class adds the offsets, recovery
 * across nodes and a Redis restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisStreamsClusterTests extends RedisClusterTests {

	@Override
	String adapterType() {
		return "redis-streams";
	}

	@Override
	List<String> nodeProperties() {
		return List.of("socketio.adapter.type=redis-streams", "socketio.connection-state-recovery.enabled=true",
				"socketio.connection-state-recovery.max-disconnection-duration=60s");
	}

	@ParameterizedTest
	@ValueSource(strings = { "mvc", "flux", "node" })
	void aBroadcastCarriesTheSameStreamOffsetOnEveryServer(String origin) {
		emit(origin, List.of(), List.of(), "offset-" + origin);
		Set<String> offsets = new TreeSet<>();
		for (NodePeer client : allClients()) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> !client.receivedWithOffsets("offset-" + origin).isEmpty());
			JsonNode args = client.receivedWithOffsets("offset-" + origin).get(0);
			assertThat(args.size()).isEqualTo(4);
			offsets.add(args.get(3).asString());
		}
		// one XADD, one entry id, whichever server delivered it
		assertThat(offsets).hasSize(1);
		assertThat(offsets.iterator().next()).matches(NodePeer.STREAM_OFFSET);
	}

	/**
	 * A client of one server loses its transport, events are sent while it is away (from
	 * every server, binary included, some not for it), and it comes back through another
	 * server: same id, rooms, data, and the events it missed in order.
	 */
	@ParameterizedTest
	@CsvSource({ "flux, mvc", "flux, node", "node, mvc" })
	void aClientRecoversItsSessionOnAnotherServer(String first, String second) throws Exception {
		String room = "recover-" + first + "-" + second;
		NodePeer client = NodePeer.client(url(first), Map.of("rooms", List.of(room), "user", "u-recover"))
			.withoutOffsets();
		clients.add(client);
		String sid = client.sid();
		// a first event gives the client an offset to come back with
		emit(first, List.of(room), List.of(), "before-" + room);
		client.awaitReceived("before-" + room);
		JsonNode state = client.call("drop");
		assertThat(client.awaitEvent("disconnect").get("reason").asString()).isEqualTo("transport close");
		String pid = state.get("pid").asString();
		await().atMost(Duration.ofSeconds(10)).until(() -> sessionStored(pid));

		awayEmit("mvc", List.of(room, "everyone"), List.of(), "missed-1-" + room, "text", new byte[] { 1, 2, 3 });
		awayEmit("node", List.of(room, "everyone"), List.of(), "missed-2-" + room, Map.of("n", 2));
		awayEmit("flux", List.of(room, "everyone"), List.of(), "missed-3-" + room, "three");
		// not for it: another room only, and its room excluded
		awayEmit("mvc", List.of("everyone"), List.of(), "not-missed-1-" + room, 1);
		awayEmit("node", List.of(room, "everyone"), List.of(room), "not-missed-2-" + room, 2);

		client.clearEvents();
		client.call("reconnectTo", "url", url(second));
		JsonNode connect = client.awaitEvent("connect");
		assertThat(connect.get("recovered").asBoolean()).as("recovered").isTrue();
		assertThat(connect.get("sid").asString()).isEqualTo(sid);
		await().atMost(Duration.ofSeconds(10)).until(() -> !client.received("missed-3-" + room).isEmpty());
		List<String> order = new ArrayList<>();
		for (JsonNode event : client.events()) {
			if ("received".equals(event.path("event").asString())) {
				order.add(event.get("name").asString());
			}
		}
		assertThat(order).startsWith("missed-1-" + room, "missed-2-" + room, "missed-3-" + room)
			.noneMatch((name) -> name.startsWith("not-missed"));
		assertThat(client.received("missed-1-" + room).get(0).toString()).isEqualTo("[\"text\",{\"$bin\":[1,2,3]}]");
		assertThat(client.received("missed-2-" + room).get(0).toString()).isEqualTo("[{\"n\":2}]");
		// each replayed event carries its own entry id, the client's next offset
		assertThat(client.receivedWithOffsets("missed-3-" + room).get(0).get(1).asString())
			.matches(NodePeer.STREAM_OFFSET);

		// rooms and data came back from the session: data.node names the first server
		Map<String, String> sockets = fetch("flux", room);
		assertThat(sockets).containsOnlyKeys(sid);
		assertThat(sockets.get(sid)).isEqualTo(first + " u-recover " + new TreeSet<>(List.of(sid, room)));
		// and it is reachable there
		emit("mvc", List.of(room), List.of(), "after-" + room);
		client.awaitReceived("after-" + room);
		client.call("close");
	}

	/**
	 * Emits while the client is away, and waits until the clients of the "everyone" room
	 * (on all three servers) have it: it is in the stream, in the order of these calls.
	 */
	private void awayEmit(String origin, List<String> rooms, List<String> except, String event, Object... args) {
		if ("node".equals(origin)) {
			List<Object> wireArgs = new ArrayList<>();
			for (Object arg : args) {
				wireArgs.add((arg instanceof byte[] bytes) ? bin(bytes) : arg);
			}
			node.call("emit", "rooms", rooms, "except", except, "event", event, "args", wireArgs);
		}
		else {
			target(io(origin), rooms, except).emit(event, args);
		}
		for (NodePeer witness : allClients()) {
			witness.awaitReceived(event);
		}
	}

	private static Map<String, Object> bin(byte[] bytes) {
		int[] values = new int[bytes.length];
		for (int i = 0; i < bytes.length; i++) {
			values[i] = bytes[i] & 0xff;
		}
		return NodePeer.bin(values);
	}

	private boolean sessionStored(String pid) {
		if (lettuce == null) {
			lettuce = RedisClient.create(redis.uri());
			commands = lettuce.connect(ByteArrayCodec.INSTANCE);
		}
		return commands.sync().exists(("sio:session:" + pid).getBytes(StandardCharsets.UTF_8)) == 1;
	}

	private RedisClient lettuce;

	private StatefulRedisConnection<byte[], byte[]> commands;

	@AfterAll
	void closeLettuce() {
		if (lettuce != null) {
			commands.close();
			lettuce.shutdown();
		}
	}

	/**
	 * Redis restarted (empty, as after a crash without persistence): every node reads the
	 * stream again from where it was, and broadcasts cross in both directions. Last, as
	 * it takes Redis away from the whole cluster.
	 */
	@Test
	@Order(Integer.MAX_VALUE)
	void theStreamReadersResumeAfterARedisRestart() throws Exception {
		redis.kill();
		redis.restart();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
			emit("node", List.of(), List.of(), "probe-node");
			emit("flux", List.of(), List.of(), "probe-flux");
			return !mvcClient.received("probe-node").isEmpty() && !nodeClient.received("probe-flux").isEmpty();
		});
		for (String origin : List.of("mvc", "flux", "node")) {
			emit(origin, List.of("everyone"), List.of(), "after-restart-" + origin);
			for (NodePeer client : allClients()) {
				client.awaitReceived("after-restart-" + origin);
			}
		}
		for (RemoteSocket socket : io("mvc").in("everyone").fetchSockets().get(15, TimeUnit.SECONDS)) {
			assertThat(socket.rooms()).contains("everyone");
		}
	}

}
