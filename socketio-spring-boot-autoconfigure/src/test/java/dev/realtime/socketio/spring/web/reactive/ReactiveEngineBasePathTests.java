package dev.realtime.socketio.spring.web.reactive;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.engine.EngineServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine path is matched within the application, below
 * {@code spring.webflux.base-path}. In a class of its own: closing a second Reactor Netty
 * application in the same JVM releases the shared event loops under a server that is
 * still running.
 */
class ReactiveEngineBasePathTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@Test
	void servesTheEnginePathBelowTheWebFluxBasePath() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(BasePathApplication.class)
			.web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.webflux.base-path=/app")
			.run()) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

			HttpResponse<String> response = http.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + port + "/app/engine.io/?EIO=4&transport=polling"))
				.timeout(TIMEOUT)
				.build(), HttpResponse.BodyHandlers.ofString());

			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).startsWith("0{\"sid\":");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class BasePathApplication {

		@Bean
		NettyReactiveWebServerFactory nettyReactiveWebServerFactory() {
			return new NettyReactiveWebServerFactory();
		}

		@Bean(destroyMethod = "close")
		EngineServer engineServer() {
			return new EngineServer(EngineOptions.builder().path("/engine.io/").build());
		}

	}

}
