package dev.realtime.socketio.spring.web.servlet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.realtime.socketio.spring.web.AbstractEngineWireTests;
import jakarta.websocket.WebSocketContainer;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Engine.IO wire protocol on Spring MVC and Tomcat.
 */
class ServletEngineWireTests extends AbstractEngineWireTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.SERVLET;
	}

	@Override
	@Test
	@Disabled("Tomcat does not watch the socket of an async request (AbstractProtocol.longPoll registers no read "
			+ "interest while async), so a client closing a parked GET is only noticed at the next write; the "
			+ "session then ends on its ping timeout instead of at once")
	protected void abortedPendingGetClosesTheSession() {
	}

	@Test
	void tomcatSizesEverySessionsMessageBuffersFarBelowTheMessagesOfTheseTests() {
		// the large-message tests above then go through the binding's partial-message
		// assembly
		Object container = ((WebApplicationContext) context()).getServletContext()
			.getAttribute("jakarta.websocket.server.ServerContainer");
		assertThat(container).isInstanceOf(WebSocketContainer.class);
		assertThat(((WebSocketContainer) container).getDefaultMaxBinaryMessageBufferSize()).isEqualTo(1024);
		assertThat(((WebSocketContainer) container).getDefaultMaxTextMessageBufferSize()).isEqualTo(1024);
	}

	@Test
	void enginePathsAreMatchedWithinTheServletContextPath() throws Exception {
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(WireTestConfiguration.class)
			.web(WebApplicationType.SERVLET)
			.properties("server.port=0", "server.servlet.context-path=/app", "spring.main.banner-mode=off")
			.run()) {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

			HttpResponse<String> response = client.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + port + "/app/engine.io/?EIO=4&transport=polling"))
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString());

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).startsWith("0{\"sid\":");
		}
	}

}
