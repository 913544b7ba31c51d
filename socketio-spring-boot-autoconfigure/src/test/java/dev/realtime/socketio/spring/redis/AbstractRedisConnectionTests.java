package dev.realtime.socketio.spring.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.server.RemoteSocket;
import dev.realtime.socketio.server.SocketIoServer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Spring nodes, one Spring MVC and one WebFlux, on the application's ordinary
 * {@code spring.data.redis.*} connection to a Redis reached in some particular way (the
 * subclass starts it and names the properties): with the classic and the streams adapter
 * they count each other and carry a room broadcast, a broadcast, fetchSockets and a
 * serverSideEmit with an answer between them, an official client on each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractRedisConnectionTests {

	/**
	 * The {@code spring.data.redis.port} of the nodes (beside {@code host=127.0.0.1}).
	 */
	abstract int redisPort();

	/** The further {@code spring.data.redis.*} (and {@code spring.ssl.*}) properties. */
	abstract List<String> connectionProperties();

	ConfigurableApplicationContext node(WebApplicationType type, String name, String adapter, String... more) {
		List<String> properties = new ArrayList<>(connectionProperties());
		properties.add("socketio.adapter.type=" + adapter);
		properties.add("socketio.adapter.redis.key-prefix=" + getClass().getSimpleName() + "-" + adapter);
		properties.addAll(List.of(more));
		return ClusterNodeApplication.start(type, name, redisPort(), properties.toArray(String[]::new));
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis", "redis-streams" })
	void twoNodesShareTheRedis(String adapter) throws Exception {
		try (ConfigurableApplicationContext mvc = node(WebApplicationType.SERVLET, "mvc", adapter);
				ConfigurableApplicationContext flux = node(WebApplicationType.REACTIVE, "flux", adapter);
				NodePeer mvcClient = NodePeer.client(ClusterNodeApplication.url(mvc),
						Map.of("rooms", List.of("everyone"), "user", "u-mvc"));
				NodePeer fluxClient = NodePeer.client(ClusterNodeApplication.url(flux),
						Map.of("rooms", List.of("everyone", "flux-room"), "user", "u-flux"))) {
			SocketIoServer mvcIo = ClusterNodeApplication.io(mvc);
			SocketIoServer fluxIo = ClusterNodeApplication.io(flux);
			await().atMost(Duration.ofSeconds(15))
				.until(() -> mvcIo.sockets().adapter().serverCount().get(5, TimeUnit.SECONDS) == 2
						&& fluxIo.sockets().adapter().serverCount().get(5, TimeUnit.SECONDS) == 2);

			mvcIo.to("flux-room").emit("to-room", "r", new byte[] { 1, 2 });
			fluxIo.emit("to-all", "x");
			assertThat(fluxClient.awaitReceived("to-room").toString()).isEqualTo("[\"r\",{\"$bin\":[1,2]}]");
			assertThat(mvcClient.awaitReceived("to-all").toString()).isEqualTo("[\"x\"]");
			assertThat(fluxClient.awaitReceived("to-all").toString()).isEqualTo("[\"x\"]");
			assertThat(mvcClient.received("to-room")).isEmpty();

			List<RemoteSocket> fromMvc = mvcIo.in("flux-room").fetchSockets().get(15, TimeUnit.SECONDS);
			assertThat(fromMvc).singleElement().satisfies((socket) -> {
				assertThat(socket.id()).isEqualTo(fluxClient.sid());
				assertThat(socket.data()).containsEntry("node", "flux").containsEntry("user", "u-flux");
			});
			assertThat(fluxIo.in("everyone").fetchSockets().get(15, TimeUnit.SECONDS)).extracting(RemoteSocket::id)
				.containsExactlyInAnyOrder(mvcClient.sid(), fluxClient.sid());
			assertThat(fluxIo.sockets().serverSideEmit(Duration.ofSeconds(5), "sse", "ping").get(15, TimeUnit.SECONDS))
				.containsExactly("pong from mvc");
		}
	}

}
