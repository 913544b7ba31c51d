package dev.realtime.socketio.spring.client;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Smoke test with the Java client {@code io.socket:socket.io-client}: connect, receive
 * the welcome event, get an acknowledgement back. Subclasses pick the web stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractJavaClientTests {

	private ConfigurableApplicationContext context;

	private String baseUrl;

	protected abstract WebApplicationType webApplicationType();

	@BeforeAll
	void startServer() {
		context = new SpringApplicationBuilder(ClientTestHandlers.class).web(webApplicationType())
			.properties("server.port=0")
			.run();
		baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@AfterAll
	void stopServer() {
		context.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "websocket", "polling" })
	void javaClientConnectsAndGetsAnAcknowledgementWithBinary(String transport) throws Exception {
		IO.Options options = IO.Options.builder()
			.setTransports(new String[] { transport })
			.setReconnection(false)
			.build();
		Socket socket = IO.socket(URI.create(baseUrl), options);
		CompletableFuture<Object> welcome = new CompletableFuture<>();
		CompletableFuture<List<Object>> answer = new CompletableFuture<>();
		socket.on("welcome", (args) -> welcome.complete(args[0]));
		socket.connect();
		try {
			assertThat(welcome.get(10, TimeUnit.SECONDS)).isEqualTo(socket.id());
			socket.emit("ack", new Object[] { "ping", 7, new byte[] { 1, 2 }, new byte[] { 3 } },
					(Ack) (args) -> answer.complete(List.of(args)));
			List<Object> acked = answer.get(10, TimeUnit.SECONDS);
			assertThat(acked).hasSize(4);
			assertThat(acked.subList(0, 2)).containsExactly("ping", 7);
			assertThat((byte[]) acked.get(2)).containsExactly(1, 2);
			assertThat((byte[]) acked.get(3)).containsExactly(3);
		}
		finally {
			socket.close();
		}
	}

}
