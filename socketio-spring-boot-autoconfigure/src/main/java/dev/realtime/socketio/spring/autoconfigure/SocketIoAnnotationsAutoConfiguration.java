package dev.realtime.socketio.spring.autoconfigure;

import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.annotation.support.SocketAnnotationConfigurer;
import dev.realtime.socketio.spring.handler.SocketArgumentResolver;
import dev.realtime.socketio.spring.handler.SocketReturnValueHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the annotation programming model: one
 * {@link SocketAnnotationConfigurer} bean with the {@link SocketArgumentResolver} and
 * {@link SocketReturnValueHandler} beans in {@code @Order}, then the
 * {@link SocketAnnotationConfigurerCustomizer} beans applied; it registers the annotated
 * beans on the {@link SocketIoServer} bean before the web server starts. Define your own
 * {@code SocketAnnotationConfigurer} bean to replace it.
 */
@AutoConfiguration(after = SocketIoAutoConfiguration.class)
@ConditionalOnBean(SocketIoServer.class)
public final class SocketIoAnnotationsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SocketAnnotationConfigurer socketAnnotationConfigurer(SocketIoServer server,
			ObjectProvider<SocketArgumentResolver> argumentResolvers,
			ObjectProvider<SocketReturnValueHandler> returnValueHandlers,
			ObjectProvider<SocketAnnotationConfigurerCustomizer> customizers) {
		SocketAnnotationConfigurer configurer = new SocketAnnotationConfigurer(server);
		argumentResolvers.orderedStream().forEach(configurer::addArgumentResolver);
		returnValueHandlers.orderedStream().forEach(configurer::addReturnValueHandler);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(configurer));
		return configurer;
	}

}
