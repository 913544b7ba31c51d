package dev.realtime.socketio.spring.autoconfigure;

import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.spring.autoconfigure.reactive.SocketIoReactiveAutoConfiguration;
import dev.realtime.socketio.spring.autoconfigure.servlet.SocketIoServletAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.socket.WebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/** Which web stack binding the auto-configuration picks, and when it backs off. */
class SocketIoWebAutoConfigurationTests {

	private static final AutoConfigurations ALL = AutoConfigurations.of(SocketIoAutoConfiguration.class,
			SocketIoServletAutoConfiguration.class, SocketIoReactiveAutoConfiguration.class);

	private final WebApplicationContextRunner servlet = new WebApplicationContextRunner().withConfiguration(ALL);

	private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
		.withConfiguration(ALL);

	@Test
	void servletApplicationGetsTheServletBindingOnly() {
		servlet.run((context) -> {
			assertThat(context).hasSingleBean(dev.realtime.socketio.spring.web.servlet.EngineHandlerMapping.class)
				.doesNotHaveBean(dev.realtime.socketio.spring.web.reactive.EngineHandlerMapping.class);
			assertThat(servletHandlerFor(
					context.getBean(dev.realtime.socketio.spring.web.servlet.EngineHandlerMapping.class),
					"/socket.io/"))
				.isTrue();
		});
	}

	@Test
	void reactiveApplicationGetsTheReactiveBindingOnly() {
		reactive.run((context) -> {
			assertThat(context).hasSingleBean(dev.realtime.socketio.spring.web.reactive.EngineHandlerMapping.class)
				.doesNotHaveBean(dev.realtime.socketio.spring.web.servlet.EngineHandlerMapping.class);
			assertThat(reactiveHandlerFor(
					context.getBean(dev.realtime.socketio.spring.web.reactive.EngineHandlerMapping.class),
					"/socket.io/"))
				.isTrue();
		});
	}

	@Test
	void everyEngineServerBeanIsServedOnItsOwnPath() {
		servlet.withUserConfiguration(RawEngine.class).run((context) -> {
			dev.realtime.socketio.spring.web.servlet.EngineHandlerMapping mapping = context
				.getBean(dev.realtime.socketio.spring.web.servlet.EngineHandlerMapping.class);
			assertThat(servletHandlerFor(mapping, "/engine.io/")).isTrue();
			assertThat(servletHandlerFor(mapping, "/socket.io/")).isTrue();
			assertThat(servletHandlerFor(mapping, "/elsewhere/")).isFalse();
		});
		reactive.withUserConfiguration(RawEngine.class).run((context) -> {
			dev.realtime.socketio.spring.web.reactive.EngineHandlerMapping mapping = context
				.getBean(dev.realtime.socketio.spring.web.reactive.EngineHandlerMapping.class);
			assertThat(reactiveHandlerFor(mapping, "/engine.io/")).isTrue();
			assertThat(reactiveHandlerFor(mapping, "/socket.io/")).isTrue();
			assertThat(reactiveHandlerFor(mapping, "/elsewhere/")).isFalse();
		});
	}

	@Test
	void servletBindingBacksOffWithoutSpringWebSocket() {
		servlet.withClassLoader(new FilteredClassLoader(WebSocketHandler.class))
			.run((context) -> assertThat(context)
				.doesNotHaveBean(dev.realtime.socketio.spring.web.servlet.EngineHandlerMapping.class));
	}

	@Test
	void bindingsBackOffWhenSocketIoIsDisabled() {
		servlet.withPropertyValues("socketio.enabled=false")
			.run((context) -> assertThat(context)
				.doesNotHaveBean(dev.realtime.socketio.spring.web.servlet.EngineHandlerMapping.class));
		reactive.withPropertyValues("socketio.enabled=false")
			.run((context) -> assertThat(context)
				.doesNotHaveBean(dev.realtime.socketio.spring.web.reactive.EngineHandlerMapping.class));
	}

	@Test
	void bindingBacksOffForTheUsersOwnMapping() {
		servlet.withUserConfiguration(OwnMapping.class).run((context) -> {
			assertThat(context).hasSingleBean(dev.realtime.socketio.spring.web.servlet.EngineHandlerMapping.class);
			assertThat(context).hasBean("mine");
		});
	}

	@Test
	void servletListenersRunInlineUnlessTheApplicationHasItsOwnExecutorOrSaysOtherwise() {
		servlet.run((context) -> assertThat(servletMapping(context).isInlineDispatch()).isTrue());
		servlet.withPropertyValues("socketio.servlet.inline-dispatch=false")
			.run((context) -> assertThat(servletMapping(context).isInlineDispatch()).isFalse());
		servlet.withUserConfiguration(OwnExecutor.class).run((context) -> {
			assertThat(context.getBean(SocketIoAutoConfiguration.EXECUTOR_BEAN_NAME))
				.isSameAs(context.getBean(OwnExecutor.class).executor);
			assertThat(servletMapping(context).isInlineDispatch()).isFalse();
		});
		servlet.withUserConfiguration(OwnExecutor.class)
			.withPropertyValues("socketio.servlet.inline-dispatch=true")
			.run((context) -> assertThat(servletMapping(context).isInlineDispatch()).isTrue());
	}

	private static dev.realtime.socketio.spring.web.servlet.EngineHandlerMapping servletMapping(
			org.springframework.context.ApplicationContext context) {
		return context.getBean(dev.realtime.socketio.spring.web.servlet.EngineHandlerMapping.class);
	}

	private static boolean servletHandlerFor(dev.realtime.socketio.spring.web.servlet.EngineHandlerMapping mapping,
			String path) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		return mapping.getHandler(request) != null;
	}

	private static boolean reactiveHandlerFor(dev.realtime.socketio.spring.web.reactive.EngineHandlerMapping mapping,
			String path) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));
		return mapping.getHandler(exchange).blockOptional().isPresent();
	}

	@Configuration(proxyBeanMethods = false)
	static class RawEngine {

		@Bean(destroyMethod = "close")
		EngineServer rawEngine() {
			return new EngineServer(EngineOptions.builder().path("/engine.io/").build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnExecutor {

		final java.util.concurrent.Executor executor = Runnable::run;

		@Bean(SocketIoAutoConfiguration.EXECUTOR_BEAN_NAME)
		java.util.concurrent.Executor socketIoExecutor() {
			return executor;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnMapping {

		@Bean
		dev.realtime.socketio.spring.web.servlet.EngineHandlerMapping mine() {
			return new dev.realtime.socketio.spring.web.servlet.EngineHandlerMapping(java.util.List.of());
		}

	}

}
