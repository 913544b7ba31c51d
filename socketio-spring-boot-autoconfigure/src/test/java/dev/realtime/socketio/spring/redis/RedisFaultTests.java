package dev.realtime.socketio.spring.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.redis.ClusterRequestException;
import dev.realtime.socketio.redis.RedisServer;
import dev.realtime.socketio.server.RemoteSocket;
import dev.realtime.socketio.server.SocketIoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The cluster when things break: Redis away at startup, Redis killed and restarted during
 * a broadcast loop, a node that dies or hangs while others ask it something.
 */
class RedisFaultTests {

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void stopAll() throws Exception {
		for (int i = resources.size() - 1; i >= 0; i--) {
			resources.get(i).close();
		}
	}

	private <T extends AutoCloseable> T keep(T resource) {
		resources.add(resource);
		return resource;
	}

	private ConfigurableApplicationContext node(WebApplicationType type, String name, RedisServer redis) {
		return keep(ClusterNodeApplication.start(type, name, redis.port()));
	}

	private NodePeer client(ConfigurableApplicationContext context, String room) throws Exception {
		return keep(NodePeer.client(ClusterNodeApplication.url(context), Map.of("rooms", List.of(room))));
	}

	@Test
	void nodeStartedWithoutRedisServesLocallyAndJoinsWhenRedisComesBack() throws Exception {
		RedisServer redis = keep(RedisServer.start());
		redis.kill();
		ConfigurableApplicationContext mvc = node(WebApplicationType.SERVLET, "mvc", redis);
		NodePeer mvcClient = client(mvc, "r");
		SocketIoServer io = ClusterNodeApplication.io(mvc);
		io.emit("local-while-alone", 1);
		mvcClient.awaitReceived("local-while-alone");
		assertThat(io.sockets().adapter().serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(1);

		redis.restart();
		ConfigurableApplicationContext flux = node(WebApplicationType.REACTIVE, "flux", redis);
		NodePeer fluxClient = client(flux, "r");
		// the first node retries in the background and joins
		await().atMost(Duration.ofSeconds(30))
			.until(() -> ClusterNodeApplication.io(flux)
				.sockets()
				.adapter()
				.serverCount()
				.get(5, TimeUnit.SECONDS) == 2);
		ClusterNodeApplication.io(flux).emit("joined", 2);
		mvcClient.awaitReceived("joined");
		io.emit("back", 3);
		fluxClient.awaitReceived("back");
	}

	@Test
	void redisKilledAndRestartedDuringABroadcastLoop() throws Exception {
		RedisServer redis = keep(RedisServer.start());
		ConfigurableApplicationContext mvc = node(WebApplicationType.SERVLET, "mvc", redis);
		ConfigurableApplicationContext flux = node(WebApplicationType.REACTIVE, "flux", redis);
		NodePeer node = keep(NodePeer.server("redis", redis.uri(), "socket.io"));
		NodePeer mvcClient = client(mvc, "r");
		NodePeer fluxClient = client(flux, "r");
		NodePeer nodeClient = keep(NodePeer.client("http://127.0.0.1:" + node.awaitEvent("ready").get("port").asInt(),
				Map.of("rooms", List.of("r"))));
		SocketIoServer io = ClusterNodeApplication.io(mvc);
		int rounds = 60;
		for (int i = 0; i < rounds; i++) {
			if (i == 20) {
				redis.kill();
			}
			if (i == 40) {
				redis.restart();
			}
			long started = System.nanoTime();
			io.emit("tick", i);
			// emitting never waits for Redis, even while it is away
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
			mvcClient.awaitReceived("tick");
		}
		// the local client got every tick, Redis or not
		await().atMost(Duration.ofSeconds(10)).until(() -> mvcClient.received("tick").size() == rounds);
		// once the subscriptions are back, the other nodes get what is sent again, in
		// order
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
			io.emit("probe", "p");
			return !fluxClient.received("probe").isEmpty() && !nodeClient.received("probe").isEmpty();
		});
		for (int i = 0; i < 20; i++) {
			io.emit("after", i);
		}
		for (NodePeer client : List.of(fluxClient, nodeClient)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> client.received("after").size() == 20);
			List<Integer> order = new ArrayList<>();
			client.received("after").forEach((args) -> order.add(args.get(0).asInt()));
			assertThat(order).isSorted().hasSize(20);
		}
		// requests work again too
		assertThat(ClusterNodeApplication.io(flux).fetchSockets().get(10, TimeUnit.SECONDS)).hasSize(3);
	}

	@Test
	void requestsToADeadOrHungNodeCompleteCleanly() throws Exception {
		RedisServer redis = keep(RedisServer.start());
		ConfigurableApplicationContext mvc = node(WebApplicationType.SERVLET, "mvc", redis);
		client(mvc, "r");
		NodePeer killed = keep(NodePeer.server("redis", redis.uri(), "socket.io"));
		NodePeer hung = keep(NodePeer.server("redis", redis.uri(), "socket.io"));
		keep(NodePeer.client("http://127.0.0.1:" + hung.awaitEvent("ready").get("port").asInt(),
				Map.of("rooms", List.of("r"))));
		SocketIoServer io = ClusterNodeApplication.io(mvc);
		assertThat(io.fetchSockets().get(10, TimeUnit.SECONDS)).hasSize(2);

		// kill -9: Redis drops its subscriptions, the others answer at once
		killed.kill();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> io.sockets().adapter().serverCount().get(5, TimeUnit.SECONDS) == 2);
		assertThat(io.fetchSockets().get(10, TimeUnit.SECONDS)).hasSize(2);

		// a hung node (SIGSTOP) stays subscribed and never answers: the request fails at
		// its timeout,
		// with what arrived
		new ProcessBuilder("kill", "-STOP", String.valueOf(hung.pid())).start().waitFor(10, TimeUnit.SECONDS);
		try {
			long started = System.nanoTime();
			CompletableFuture<List<RemoteSocket>> sockets = io.fetchSockets();
			assertThatThrownBy(() -> sockets.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(ClusterRequestException.class)
				.hasMessageContaining("fetchSockets timed out after 3000 ms: 0 of 1 servers answered");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
			ClusterRequestException failure = (ClusterRequestException) sockets
				.handle((ok, ex) -> ex.getCause() != null ? ex.getCause() : ex)
				.join();
			assertThat(failure.partialResults()).hasSize(1);
			CompletableFuture<List<Object>> answers = io.sockets()
				.serverSideEmit(Duration.ofSeconds(2), "sse", "anyone?");
			assertThatThrownBy(() -> answers.get(20, TimeUnit.SECONDS)).cause()
				.isInstanceOf(ClusterRequestException.class)
				.hasMessageContaining("serverSideEmit timed out after 2000 ms: 0 of 1 servers answered");
		}
		finally {
			new ProcessBuilder("kill", "-CONT", String.valueOf(hung.pid())).start().waitFor(10, TimeUnit.SECONDS);
		}
	}

}
