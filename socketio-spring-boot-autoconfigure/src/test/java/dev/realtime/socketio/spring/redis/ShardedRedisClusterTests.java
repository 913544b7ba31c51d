package dev.realtime.socketio.spring.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.msgpack.MsgpackCodec;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same cluster on the sharded adapter (Node's {@code createShardedAdapter}, Redis 7
 * {@code SSUBSCRIBE}/{@code SPUBLISH}, default {@code dynamic} subscriptions): every
 * check of {@link RedisClusterTests} but the emitters' (they speak the classic format),
 * plus the channels each node subscribes to and the bytes of a one-room broadcast, side
 * by side with Node's.
 */
class ShardedRedisClusterTests extends RedisClusterTests {

	private RedisClient lettuce;

	private StatefulRedisConnection<String, String> connection;

	@Override
	String adapterType() {
		return "redis-sharded";
	}

	@Override
	boolean ourEmitterApplies() {
		// Node has no sharded emitter, nor do we
		return false;
	}

	@BeforeAll
	void connectLettuce() {
		lettuce = RedisClient.create(redis.uri());
		connection = lettuce.connect();
	}

	@AfterAll
	void closeLettuce() {
		if (connection != null) {
			connection.close();
		}
		if (lettuce != null) {
			lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(5));
		}
	}

	private long shardSubscribers(String channel) {
		RedisCommands<String, String> redis = connection.sync();
		return redis.pubsubShardNumsub(channel).getOrDefault(channel, 0L);
	}

	@Test
	void everyServerSubscribesToItsPublicRoomsAsNodeDoes() {
		// the namespace channel: the three servers
		assertThat(shardSubscribers("socket.io#/#")).isEqualTo(3);
		// one channel per public room, subscribed by the servers that have members in it
		assertThat(shardSubscribers("socket.io#/#everyone#")).isEqualTo(3);
		assertThat(shardSubscribers("socket.io#/#room-mvc#")).isEqualTo(1);
		assertThat(shardSubscribers("socket.io#/#room-flux#")).isEqualTo(1);
		assertThat(shardSubscribers("socket.io#/#room-node#")).isEqualTo(1);
		// none for a socket's own room in dynamic mode, on any server
		for (NodePeer client : allClients()) {
			assertThat(shardSubscribers("socket.io#/#" + client.sid() + "#")).isZero();
		}
		// a room that empties is unsubscribed
		io("mvc").in("room-mvc").socketsJoin("short-lived");
		io("flux").in("room-flux").socketsJoin("short-lived");
		await().atMost(Duration.ofSeconds(10)).until(() -> shardSubscribers("socket.io#/#short-lived#") == 2);
		io("mvc").in("short-lived").socketsLeave("short-lived");
		await().atMost(Duration.ofSeconds(10)).until(() -> shardSubscribers("socket.io#/#short-lived#") == 0);
	}

	@Test
	void aOneRoomBroadcastIsOneMessageOnTheRoomChannelInNodesFormat() throws Exception {
		LinkedBlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
		StatefulRedisPubSubConnection<byte[], byte[]> sub = lettuce.connectPubSub(ByteArrayCodec.INSTANCE);
		try {
			sub.addListener(new RedisPubSubAdapter<>() {
				@Override
				public void smessage(byte[] channel, byte[] message) {
					messages.add(message);
				}
			});
			sub.sync().ssubscribe("socket.io#/#room-node#".getBytes(StandardCharsets.UTF_8));
			node.call("emit", "rooms", List.of("room-node"), "event", "wire", "args", List.of("x", Map.of("n", 1)));
			byte[] fromNode = messages.poll(10, TimeUnit.SECONDS);
			io("mvc").to("room-node").emit("wire", "x", Map.of("n", 1));
			byte[] fromJava = messages.poll(10, TimeUnit.SECONDS);
			assertThat(fromNode).isNotNull();
			assertThat(fromJava).isNotNull();
			// JSON without binary, the same bytes but for the sender's uid (16 hex
			// digits)
			String nodeText = new String(fromNode, StandardCharsets.UTF_8);
			String javaText = new String(fromJava, StandardCharsets.UTF_8);
			assertThat(javaText.replaceAll("\"uid\":\"[0-9a-f]{16}\"", "\"uid\":\"?\""))
				.isEqualTo(nodeText.replaceAll("\"uid\":\"[0-9a-f]{16}\"", "\"uid\":\"?\""))
				.isEqualTo("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"wire\",\"x\",{\"n\":1}]},"
						+ "\"opts\":{\"rooms\":[\"room-node\"],\"except\":[],\"flags\":{}}},\"uid\":\"?\",\"nsp\":\"/\"}");

			// with binary: msgpack, the same tree on both sides
			node.call("emit", "rooms", List.of("room-node"), "event", "wire-bin", "args", List.of(NodePeer.bin(1, 2)));
			byte[] binaryFromNode = messages.poll(10, TimeUnit.SECONDS);
			io("flux").to("room-node").emit("wire-bin", (Object) new byte[] { 1, 2 });
			byte[] binaryFromJava = messages.poll(10, TimeUnit.SECONDS);
			assertThat(binaryFromNode[0]).isNotEqualTo((byte) '{');
			assertThat(binaryFromJava[0]).isNotEqualTo((byte) '{');
			MsgpackCodec codec = new MsgpackCodec();
			JsonNode nodeTree = codec.decodeTree(binaryFromNode);
			JsonNode javaTree = codec.decodeTree(binaryFromJava);
			assertThat(javaTree.get("data")).isEqualTo(nodeTree.get("data"));
			assertThat(javaTree.path("data").path("packet").path("data").get(1).isBinary()).isTrue();
			assertThat(javaTree.get("type")).isEqualTo(nodeTree.get("type"));
		}
		finally {
			sub.close();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> nodeClient.received("wire").size() == 2);
	}

}
