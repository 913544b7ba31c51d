package dev.realtime.socketio.spring.annotation;

import dev.realtime.socketio.spring.annotation.support.SocketAnnotationBeanPostProcessor;
import dev.realtime.socketio.spring.autoconfigure.SocketIoAnnotationsAutoConfiguration;
import dev.realtime.socketio.spring.autoconfigure.SocketIoAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class SocketIoAnnotationsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(SocketIoAutoConfiguration.class, SocketIoAnnotationsAutoConfiguration.class));

	@Test
	void registersThePostProcessorNextToTheServer() {
		runner.run((context) -> assertThat(context).hasSingleBean(SocketAnnotationBeanPostProcessor.class)
			.hasBean(SocketIoAnnotationsAutoConfiguration.POST_PROCESSOR_BEAN_NAME));
	}

	@Test
	void backsOffWithoutASocketIoServer() {
		runner.withPropertyValues("socketio.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SocketAnnotationBeanPostProcessor.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnPostProcessor() {
		runner.withBean(SocketIoAnnotationsAutoConfiguration.POST_PROCESSOR_BEAN_NAME, SocketAnnotationBeanPostProcessor.class)
			.run((context) -> assertThat(context).hasSingleBean(SocketAnnotationBeanPostProcessor.class));
	}
}
