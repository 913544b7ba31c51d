package dev.realtime.socketio.sample;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.realtime.socketio.redis.RedisServer;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's two instances of the chat with the {@code cluster} profile, on one real
 * Redis.
 */
class ClusterProfileTests {

	private static ConfigurableApplicationContext instance(RedisServer redis) {
		return new SpringApplicationBuilder(SampleApplication.class).profiles("cluster")
			.properties("spring.main.banner-mode=off")
			.run("--server.port=0", "--spring.data.redis.port=" + redis.port(), "--spring.data.redis.host=127.0.0.1");
	}

	private static Socket connect(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		IO.Options options = IO.Options.builder()
			.setTransports(new String[] { "websocket" })
			.setReconnection(false)
			.build();
		Socket socket = IO.socket(URI.create("http://127.0.0.1:" + port + "/chat"), options);
		return socket;
	}

	@Test
	void aMessageOnOneInstanceReachesTheLobbyOnTheOther() throws Exception {
		try (RedisServer redis = RedisServer.start();
				ConfigurableApplicationContext first = instance(redis);
				ConfigurableApplicationContext second = instance(redis)) {
			List<String> received = new CopyOnWriteArrayList<>();
			Socket listener = connect(second);
			Socket sender = connect(first);
			try {
				listener.on("message", (args) -> received.add(((JSONObject) args[0]).optString("text")));
				listener.connect();
				sender.connect();
				await().atMost(Duration.ofSeconds(20)).until(() -> listener.connected() && sender.connected());
				listener.emit("join", "lobby");
				sender.emit("join", "lobby");
				// the join travels through the executor: send until one message arrives
				await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
					sender.emit("message", new JSONObject().put("room", "lobby").put("text", "hello from the first"));
					return !received.isEmpty();
				});
				assertThat(received).first().isEqualTo("hello from the first");
			}
			finally {
				listener.close();
				sender.close();
			}
		}
	}

}
