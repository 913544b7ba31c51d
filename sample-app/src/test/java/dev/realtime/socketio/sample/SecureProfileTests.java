package dev.realtime.socketio.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code secure} profile on both stacks: the login and chat pages are served (the CSRF
 * exemption of the Socket.IO path must not turn CSRF protection on for safe requests), Socket.IO
 * requests need a login, and the handshake of a signed-in user works.
 */
class SecureProfileTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@ParameterizedTest
	@EnumSource(value = WebApplicationType.class, names = { "SERVLET", "REACTIVE" })
	void loginAndChatPagesAreServedAndSocketIoNeedsALogin(WebApplicationType type) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class).web(type)
			.profiles("secure")
			.properties("spring.main.banner-mode=off")
			.run("--server.port=0")) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
			String basic = "Basic " + Base64.getEncoder().encodeToString("alice:alice-pw".getBytes(StandardCharsets.UTF_8));

			HttpResponse<String> login = http.send(request(port, "/login").build(), HttpResponse.BodyHandlers.ofString());
			HttpResponse<String> chat = http.send(request(port, "/").header("Authorization", basic).build(),
					HttpResponse.BodyHandlers.ofString());
			HttpResponse<String> anonymousHandshake = http.send(
					request(port, "/socket.io/?EIO=4&transport=polling").header("Accept", "application/json").build(),
					HttpResponse.BodyHandlers.ofString());
			HttpResponse<String> handshake = http.send(
					request(port, "/socket.io/?EIO=4&transport=polling").header("Authorization", basic).build(),
					HttpResponse.BodyHandlers.ofString());

			assertThat(login.statusCode()).isEqualTo(200);
			assertThat(login.body()).containsIgnoringCase("<form");
			assertThat(chat.statusCode()).isEqualTo(200);
			assertThat(chat.body()).containsIgnoringCase("<html");
			assertThat(anonymousHandshake.statusCode()).isIn(401, 302);
			assertThat(handshake.statusCode()).isEqualTo(200);
			assertThat(handshake.body()).startsWith("0{\"sid\":");
		}
	}

	private static HttpRequest.Builder request(int port, String pathAndQuery) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).timeout(TIMEOUT);
	}
}
