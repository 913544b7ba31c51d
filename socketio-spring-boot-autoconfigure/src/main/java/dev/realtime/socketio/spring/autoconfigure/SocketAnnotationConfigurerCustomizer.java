package dev.realtime.socketio.spring.autoconfigure;

import dev.realtime.socketio.spring.annotation.support.SocketAnnotationConfigurer;

/**
 * Customizes the auto-configured {@link SocketAnnotationConfigurer} before it registers
 * the annotated handlers: add argument resolvers or return value handlers that are not
 * beans.
 *
 * <pre>{@code
 * &#64;Bean
 * SocketAnnotationConfigurerCustomizer tenants(TenantDirectory directory) {
 *     return configurer -> configurer.addArgumentResolver(new TenantArgumentResolver(directory));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SocketAnnotationConfigurerCustomizer {

	void customize(SocketAnnotationConfigurer configurer);

}
