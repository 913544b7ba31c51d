package dev.realtime.socketio.spring.autoconfigure.servlet;

import dev.realtime.socketio.spring.autoconfigure.SocketIoAutoConfiguration;
import jakarta.websocket.WebSocketContainer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code socketio.servlet.websocket-buffer-size} on a real embedded Tomcat: the
 * container-wide message buffer defaults every WebSocket session is sized from.
 */
class TomcatWebSocketBuffersTests {

	/** Tomcat's own default for both buffers. */
	private static final int TOMCAT_DEFAULT = 8192;

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner(
			AnnotationConfigServletWebServerApplicationContext::new)
		.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
				SocketIoAutoConfiguration.class, SocketIoServletAutoConfiguration.class))
		.withPropertyValues("server.port=0", "server.address=127.0.0.1");

	@Test
	void tomcatMessageBuffersDefaultToOneKibibyte() {
		runner.run((context) -> {
			assertThat(context).hasSingleBean(TomcatWebSocketBuffers.class);
			assertThat(container(context).getDefaultMaxBinaryMessageBufferSize()).isEqualTo(1024);
			assertThat(container(context).getDefaultMaxTextMessageBufferSize()).isEqualTo(1024);
		});
	}

	@Test
	void bufferSizeIsConfigurable() {
		runner.withPropertyValues("socketio.servlet.websocket-buffer-size=4KB").run((context) -> {
			assertThat(container(context).getDefaultMaxBinaryMessageBufferSize()).isEqualTo(4096);
			assertThat(container(context).getDefaultMaxTextMessageBufferSize()).isEqualTo(4096);
		});
	}

	@Test
	void zeroKeepsTomcatsDefaults() {
		runner.withPropertyValues("socketio.servlet.websocket-buffer-size=0").run((context) -> {
			assertThat(container(context).getDefaultMaxBinaryMessageBufferSize()).isEqualTo(TOMCAT_DEFAULT);
			assertThat(container(context).getDefaultMaxTextMessageBufferSize()).isEqualTo(TOMCAT_DEFAULT);
		});
	}

	@Test
	void negativeSizeFailsTheStartWithTheProperty() {
		runner.withPropertyValues("socketio.servlet.websocket-buffer-size=-1B")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("socketio.servlet.websocket-buffer-size"));
	}

	@Test
	void applicationWithWebSocketEndpointsOfItsOwnKeepsTomcatsDefaults() {
		runner.withUserConfiguration(OwnWebSocketEndpoint.class).run((context) -> {
			assertThat(context.getBean(TomcatWebSocketBuffers.class).otherEndpoints()).contains("ownWebSocketEndpoint");
			assertThat(container(context).getDefaultMaxBinaryMessageBufferSize()).isEqualTo(TOMCAT_DEFAULT);
			assertThat(container(context).getDefaultMaxTextMessageBufferSize()).isEqualTo(TOMCAT_DEFAULT);
		});
	}

	@Test
	void applicationConfiguringTheContainerItselfKeepsItsSettings() {
		runner.withUserConfiguration(OwnContainerSettings.class).run((context) -> {
			assertThat(container(context).getDefaultMaxBinaryMessageBufferSize()).isEqualTo(32768);
			assertThat(container(context).getDefaultMaxTextMessageBufferSize()).isEqualTo(32768);
		});
	}

	@Test
	void nonTomcatContainerIsLeftAlone() {
		runner
			.run((context) -> assertThat(context.getBean(TomcatWebSocketBuffers.class).apply(new Object())).isFalse());
	}

	@Test
	void startersOffMeansNoBuffersBean() {
		runner.withPropertyValues("socketio.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(TomcatWebSocketBuffers.class);
			assertThat(container(context).getDefaultMaxTextMessageBufferSize()).isEqualTo(TOMCAT_DEFAULT);
		});
	}

	private static WebSocketContainer container(AssertableWebApplicationContext context) {
		Object container = context.getServletContext().getAttribute(TomcatWebSocketBuffers.SERVER_CONTAINER_ATTRIBUTE);
		assertThat(container).as("Tomcat's WebSocket container").isInstanceOf(WebSocketContainer.class);
		return (WebSocketContainer) container;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	static class OwnWebSocketEndpoint {

		@Bean
		WebSocketConfigurer ownWebSocketEndpoint() {
			return (registry) -> registry.addHandler(new TextWebSocketHandler(), "/own");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnContainerSettings {

		@Bean
		ServletServerContainerFactoryBean ownContainerSettings() {
			ServletServerContainerFactoryBean factory = new ServletServerContainerFactoryBean();
			factory.setMaxBinaryMessageBufferSize(32768);
			factory.setMaxTextMessageBufferSize(32768);
			return factory;
		}

	}

}
