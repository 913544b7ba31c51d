package dev.realtime.socketio.spring.autoconfigure;

import dev.realtime.socketio.spring.autoconfigure.reactive.SocketIoReactiveAutoConfiguration;
import dev.realtime.socketio.spring.autoconfigure.servlet.SocketIoServletAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.socket.WebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application where nothing can serve Socket.IO hears about it: one WARN, or a startup
 * failure.
 */
@ExtendWith(OutputCaptureExtension.class)
class SocketIoWebStackCheckAutoConfigurationTests {

	private static final AutoConfigurations ALL = AutoConfigurations.of(SocketIoAutoConfiguration.class,
			SocketIoServletAutoConfiguration.class, SocketIoReactiveAutoConfiguration.class,
			SocketIoWebStackCheckAutoConfiguration.class);

	private static final String NOT_SERVED = "Socket.IO is not served";

	@Test
	void anApplicationWithoutAWebServerGetsOneWarningNamingTheWebStarters(CapturedOutput output) {
		new ApplicationContextRunner().withConfiguration(ALL).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).containsOnlyOnce(NOT_SERVED);
			assertThat(output.getOut() + output.getErr()).contains("WARN")
				.contains("no web server")
				.contains("spring-boot-starter-webmvc")
				.contains("spring-boot-starter-webflux");
		});
	}

	@Test
	void anApplicationWithoutAWebServerFailsToStartWhenSocketIoIsExplicitlyEnabled() {
		new ApplicationContextRunner().withConfiguration(ALL)
			.withPropertyValues("socketio.enabled=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new SocketIoNotServedFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("no web server").contains("socketio.enabled=true");
				assertThat(analysis.getAction()).contains("spring-boot-starter-webmvc")
					.contains("spring-boot-starter-webflux");
			});
	}

	@Test
	void aSpringMvcApplicationWithoutSpringWebSocketIsToldToAddIt(CapturedOutput output) {
		new WebApplicationContextRunner().withConfiguration(ALL)
			.withClassLoader(new FilteredClassLoader(WebSocketHandler.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).containsOnlyOnce(NOT_SERVED)
					.contains("Spring MVC")
					.contains("org.springframework:spring-websocket");
			});
	}

	@Test
	void aSpringMvcApplicationWithoutContainerWebSocketSupportFailsWhenExplicitlyEnabled() {
		new WebApplicationContextRunner().withConfiguration(ALL)
			.withClassLoader(new FilteredClassLoader(jakarta.websocket.Session.class))
			.withPropertyValues("socketio.enabled=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new SocketIoNotServedFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("Spring MVC").contains("WebSocket support");
				assertThat(analysis.getAction()).contains("tomcat-embed-websocket");
			});
	}

	@Test
	void aWebFluxApplicationWithoutReactorNettyIsToldToAddIt(CapturedOutput output) {
		new ReactiveWebApplicationContextRunner().withConfiguration(ALL)
			.withClassLoader(new FilteredClassLoader(HttpServer.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).containsOnlyOnce(NOT_SERVED)
					.contains("WebFlux")
					.contains("spring-boot-starter-reactor-netty");
			});
	}

	@Test
	void servedApplicationsHearNothing(CapturedOutput output) {
		new WebApplicationContextRunner().withConfiguration(ALL)
			.withPropertyValues("socketio.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WebStackCheck.class));
		new ReactiveWebApplicationContextRunner().withConfiguration(ALL)
			.withPropertyValues("socketio.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WebStackCheck.class));
		assertThat(output).doesNotContain(NOT_SERVED);
	}

	@Test
	void disabledSocketIoHearsNothing(CapturedOutput output) {
		new ApplicationContextRunner().withConfiguration(ALL)
			.withPropertyValues("socketio.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WebStackCheck.class));
		assertThat(output).doesNotContain(NOT_SERVED);
	}

}
