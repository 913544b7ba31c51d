package dev.realtime.socketio.spring.annotation;

import dev.realtime.socketio.spring.annotation.support.SocketAnnotationConfigurer;
import dev.realtime.socketio.spring.autoconfigure.SocketAnnotationConfigurerCustomizer;
import dev.realtime.socketio.spring.autoconfigure.SocketIoAnnotationsAutoConfiguration;
import dev.realtime.socketio.spring.autoconfigure.SocketIoAutoConfiguration;
import dev.realtime.socketio.spring.handler.SocketArgumentResolver;
import dev.realtime.socketio.spring.handler.SocketInvocation;
import dev.realtime.socketio.spring.handler.SocketReturnValueHandler;
import dev.realtime.socketio.server.SocketIoServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

class SocketIoAnnotationsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(SocketIoAutoConfiguration.class, SocketIoAnnotationsAutoConfiguration.class));

	@Test
	void registersOneConfigurerNextToTheServer() {
		runner.run((context) -> assertThat(context).hasSingleBean(SocketAnnotationConfigurer.class));
	}

	@Test
	void backsOffWithoutASocketIoServer() {
		runner.withPropertyValues("socketio.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SocketAnnotationConfigurer.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnConfigurer() {
		runner.withBean("mine", SocketAnnotationConfigurer.class, (SocketIoServer) null)
			.run((context) -> assertThat(context).hasSingleBean(SocketAnnotationConfigurer.class).hasBean("mine"));
	}

	@Test
	void resolverBeansInTheirOrderThenTheCustomizersResolversFollowTheBuiltInOnes() {
		runner.withBean(SecondResolver.class)
			.withBean(FirstResolver.class)
			.withBean(SocketAnnotationConfigurerCustomizer.class,
					() -> (configurer) -> configurer.addArgumentResolver(new CustomizerResolver()))
			.run((context) -> {
				var resolvers = context.getBean(SocketAnnotationConfigurer.class).getArgumentResolvers();
				assertThat(resolvers).hasSize(11);
				assertThat(resolvers.subList(8, 11)).map(Object::getClass)
					.containsExactly(FirstResolver.class, SecondResolver.class, CustomizerResolver.class);
			});
	}

	@Test
	void returnValueHandlerBeansComeAfterVoidAndBeforeTheAcknowledgement() {
		runner.withBean(PageHandler.class).run((context) -> {
			var handlers = context.getBean(SocketAnnotationConfigurer.class).getReturnValueHandlers();
			assertThat(handlers).hasSize(3);
			assertThat(handlers.get(0).getClass().getSimpleName()).isEqualTo("VoidReturnValueHandler");
			assertThat(handlers.get(1)).isInstanceOf(PageHandler.class);
			assertThat(handlers.get(2).getClass().getSimpleName()).isEqualTo("AckReturnValueHandler");
		});
	}

	static class NamedResolver implements SocketArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return false;
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, SocketInvocation invocation) {
			return null;
		}

	}

	@Order(1)
	static class FirstResolver extends NamedResolver {

	}

	@Order(2)
	static class SecondResolver extends NamedResolver {

	}

	static class CustomizerResolver extends NamedResolver {

	}

	static class PageHandler implements SocketReturnValueHandler {

		@Override
		public boolean supportsReturnType(MethodParameter returnType) {
			return false;
		}

		@Override
		public void handleReturnValue(@Nullable Object returnValue, MethodParameter returnType,
				SocketInvocation invocation) {
		}

	}

}
