package dev.realtime.socketio.spring.autoconfigure;

import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.annotation.support.SocketAnnotationBeanPostProcessor;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;

/**
 * Auto-configuration of the annotation programming model: beans with {@code @SocketEvent},
 * {@code @OnConnect}, {@code @OnDisconnect} and {@code @SocketExceptionHandler} methods, the
 * {@code @SocketControllerAdvice} beans and the {@code SocketMiddleware} beans are registered on the
 * {@link SocketIoServer} bean before the web server starts.
 */
@AutoConfiguration(after = SocketIoAutoConfiguration.class)
@ConditionalOnBean(SocketIoServer.class)
public final class SocketIoAnnotationsAutoConfiguration {

	/** Name of the post-processor bean; define a bean with this name to replace it. */
	public static final String POST_PROCESSOR_BEAN_NAME = "socketIoAnnotationBeanPostProcessor";

	// static: a post-processor must not wait for its configuration class, nor pull other beans early
	@Bean(name = POST_PROCESSOR_BEAN_NAME)
	@ConditionalOnMissingBean(name = POST_PROCESSOR_BEAN_NAME)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static SocketAnnotationBeanPostProcessor socketIoAnnotationBeanPostProcessor() {
		return new SocketAnnotationBeanPostProcessor();
	}
}
