package dev.realtime.socketio.spring.autoconfigure.reactive;

import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.spring.web.reactive.EngineHandlerMapping;
import org.junit.jupiter.api.Test;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the WebFlux binding is configured, and when it backs off.
 */
class SocketIoReactiveAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketIoReactiveAutoConfiguration.class));

	@Test
	void mapsTheEngineServersOfAReactiveApplication() {
		runner.withUserConfiguration(EngineConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(EngineHandlerMapping.class));
	}

	@Test
	void upgradesWebSocketsNativelyByDefault() {
		runner.withUserConfiguration(EngineConfiguration.class)
			.run((context) -> assertThat(context.getBean(EngineHandlerMapping.class).isNativeWebSocket()).isTrue());
	}

	@Test
	void upgradesWebSocketsThroughWebFluxWhenNativeWebSocketIsOff() {
		runner.withUserConfiguration(EngineConfiguration.class)
			.withPropertyValues("socketio.webflux.native-websocket=false")
			.run((context) -> assertThat(context.getBean(EngineHandlerMapping.class).isNativeWebSocket()).isFalse());
	}

	@Test
	void runsListenersOffTheEventLoopUnlessTheApplicationOptsIn() {
		runner.withUserConfiguration(EngineConfiguration.class)
			.run((context) -> assertThat(context.getBean(EngineHandlerMapping.class).isListenersOnEventLoop())
				.isFalse());
		runner.withUserConfiguration(EngineConfiguration.class)
			.withPropertyValues("socketio.webflux.listeners-on-event-loop=true")
			.run((context) -> assertThat(context.getBean(EngineHandlerMapping.class).isListenersOnEventLoop())
				.isTrue());
	}

	@Test
	void refusesAListenersOnEventLoopValueThatIsNotABoolean() {
		runner.withUserConfiguration(EngineConfiguration.class)
			.withPropertyValues("socketio.webflux.listeners-on-event-loop=maybe")
			.run((context) -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("maybe"));
	}

	@Test
	void refusesANativeWebSocketValueThatIsNotABoolean() {
		runner.withUserConfiguration(EngineConfiguration.class)
			.withPropertyValues("socketio.webflux.native-websocket=sometimes")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("sometimes"));
	}

	@Test
	void backsOffWithoutAnEngineServer() {
		runner.run((context) -> assertThat(context).doesNotHaveBean(EngineHandlerMapping.class));
	}

	@Test
	void backsOffWhenSocketIoIsDisabled() {
		runner.withUserConfiguration(EngineConfiguration.class)
			.withPropertyValues("socketio.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EngineHandlerMapping.class));
	}

	@Test
	void backsOffWithoutReactorNetty() {
		runner.withUserConfiguration(EngineConfiguration.class)
			.withClassLoader(new FilteredClassLoader(HttpServer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EngineHandlerMapping.class));
	}

	@Test
	void backsOffInAServletApplication() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SocketIoReactiveAutoConfiguration.class))
			.withUserConfiguration(EngineConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(EngineHandlerMapping.class));
	}

	@Test
	void keepsAHandlerMappingTheApplicationDefines() {
		runner.withUserConfiguration(EngineConfiguration.class, CustomMappingConfiguration.class)
			.run((context) -> assertThat(context).getBean(EngineHandlerMapping.class)
				.isSameAs(context.getBean("customMapping")));
	}

	@Configuration(proxyBeanMethods = false)
	static class EngineConfiguration {

		@Bean(destroyMethod = "close")
		EngineServer engineServer() {
			return new EngineServer(EngineOptions.builder().path("/engine.io/").build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomMappingConfiguration {

		@Bean
		EngineHandlerMapping customMapping(EngineServer engineServer) {
			return new EngineHandlerMapping(java.util.List.of(engineServer));
		}

	}

}
