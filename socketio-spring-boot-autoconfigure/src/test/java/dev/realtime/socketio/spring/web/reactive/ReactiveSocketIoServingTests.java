package dev.realtime.socketio.spring.web.reactive;

import dev.realtime.socketio.spring.web.AbstractSocketIoServingTests;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.tomcat.reactive.TomcatReactiveWebServerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** What the starter serves besides the protocol, on WebFlux and Reactor Netty. */
class ReactiveSocketIoServingTests extends AbstractSocketIoServingTests {

	@Override
	protected WebApplicationType webApplicationType() {
		return WebApplicationType.REACTIVE;
	}

	@Override
	protected String stackName() {
		return "WebFlux on Reactor Netty";
	}

	@Test
	void webFluxOnAnotherServerThanReactorNettyGetsOneWarningNamingWhatToAdd(CapturedOutput output) {
		try (ConfigurableApplicationContext app = start(new Class<?>[] { TomcatServer.class })) {
			assertThat(output.getAll()).contains("(port ")
				.contains(", WebFlux on Tomcat)")
				.containsOnlyOnce("Socket.IO on WebFlux upgrades to WebSocket on Reactor Netty only")
				.contains("spring-boot-starter-reactor-netty");
		}
	}

	/** WebFlux on Tomcat: Socket.IO serves polling there, not WebSocket. */
	@Configuration(proxyBeanMethods = false)
	static class TomcatServer {

		@Bean
		TomcatReactiveWebServerFactory tomcatReactiveWebServerFactory() {
			return new TomcatReactiveWebServerFactory();
		}

	}

}
