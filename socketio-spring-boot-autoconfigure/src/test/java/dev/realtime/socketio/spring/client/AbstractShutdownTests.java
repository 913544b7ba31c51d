package dev.realtime.socketio.spring.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.server.DisconnectReason;
import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shutting the application down disconnects every client with "server shutting down"
 * before the web server stops, within Boot's graceful shutdown, on polling and WebSocket
 * alike.
 */
abstract class AbstractShutdownTests {

	static final CompletableFuture<DisconnectReason> serverSideReason = new CompletableFuture<>();

	protected abstract WebApplicationType webApplicationType();

	@Test
	void clientsAreDisconnectedWithServerShuttingDownWhenTheApplicationStops() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ShutdownHandlers.class)
			.web(webApplicationType())
			.properties("server.port=0", "server.shutdown=graceful", "spring.lifecycle.timeout-per-shutdown-phase=20s")
			.run();
		String url = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
		Process clients = NodeClient.start("shutdown", url);
		try {
			NodeClient.awaitLine(clients, "READY");
			long started = System.nanoTime();
			context.close();
			long closedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			JsonNode reasons = NodeClient.result(clients, "shutdown");
			assertThat(serverSideReason.get(5, TimeUnit.SECONDS)).isEqualTo(DisconnectReason.SERVER_SHUTTING_DOWN);
			// a client that does not answer the close frame before the socket goes may
			// report an error
			assertThat(reasons.get("websocket").asText()).isIn("transport close", "transport error");
			assertThat(reasons.get("polling").asText()).isIn("transport close", "transport error");
			// the parked polling GET was answered at once, so it did not hold the
			// graceful shutdown up
			assertThat(closedMillis).isLessThan(10_000);
		}
		finally {
			clients.destroy();
			context.close();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ShutdownHandlers {

		@Bean
		SocketIoServerCustomizer recordDisconnectReason() {
			return (io) -> io.on((socket) -> {
				socket.emit("welcome", socket.id());
				socket.onDisconnect(serverSideReason::complete);
			});
		}

	}

}
