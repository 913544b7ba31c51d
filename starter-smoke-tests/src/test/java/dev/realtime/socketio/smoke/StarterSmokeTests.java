package dev.realtime.socketio.smoke;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as a user builds it, with only the dependencies of this module, serves
 * Socket.IO on {@code /socket.io/} over both transports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StarterSmokeTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private ConfigurableApplicationContext app;

	private HttpClient http;

	private String base;

	@BeforeAll
	void start() {
		app = SpringApplication.run(SmokeApplication.class, "--server.port=0", "--server.address=127.0.0.1",
				"--spring.main.banner-mode=off");
		int port = ((WebServerApplicationContext) app).getWebServer().getPort();
		base = "127.0.0.1:" + port + "/socket.io/?EIO=4&transport=";
		http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
	}

	@AfterAll
	void stop() {
		if (app != null) {
			app.close();
		}
	}

	@Test
	void pollingHandshakeConnectAndAcknowledgedEvent() throws Exception {
		HttpResponse<String> open = get("http://" + base + "polling");
		assertThat(open.statusCode()).isEqualTo(200);
		assertThat(open.body()).startsWith("0{\"sid\":\"");
		String sid = open.body().substring(9, open.body().indexOf('"', 9));
		String session = "http://" + base + "polling&sid=" + sid;

		assertThat(post(session, "40").body()).isEqualTo("ok");
		assertThat(get(session).body()).startsWith("40{\"sid\":\"");

		assertThat(post(session, "421[\"echo\",\"over polling\"]").body()).isEqualTo("ok");
		assertThat(get(session).body()).isEqualTo("431[\"over polling\"]");
	}

	@Test
	void webSocketHandshakeConnectAndAcknowledgedEvent() throws Exception {
		BlockingQueue<String> received = new LinkedBlockingQueue<>();
		WebSocket ws = http.newWebSocketBuilder()
			.connectTimeout(TIMEOUT)
			.buildAsync(URI.create("ws://" + base + "websocket"), new WebSocket.Listener() {
				private final StringBuilder text = new StringBuilder();

				@Override
				public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
					text.append(data);
					if (last) {
						received.add(text.toString());
						text.setLength(0);
					}
					socket.request(1);
					return null;
				}
			})
			.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		try {
			assertThat(next(received)).startsWith("0{\"sid\":\"");
			ws.sendText("40", true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(next(received)).startsWith("40{\"sid\":\"");
			ws.sendText("421[\"echo\",\"over websocket\"]", true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(next(received)).isEqualTo("431[\"over websocket\"]");
		}
		finally {
			ws.abort();
		}
	}

	private static String next(BlockingQueue<String> received) throws InterruptedException {
		String message = received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(message).as("a message within %s", TIMEOUT).isNotNull();
		return message;
	}

	private HttpResponse<String> get(String uri) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String uri, String body) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(uri))
			.timeout(TIMEOUT)
			.header("Content-Type", "text/plain;charset=UTF-8")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
