package dev.realtime.socketio.spring.autoconfigure.actuate;

import java.time.Duration;

import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.actuate.SocketIoEndpoint;
import dev.realtime.socketio.spring.actuate.SocketIoHealthIndicator;
import dev.realtime.socketio.spring.actuate.SocketIoInfoContributor;
import dev.realtime.socketio.spring.autoconfigure.SocketIoAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The actuator side of the Socket.IO server, each part when its actuator module is
 * present: the {@code socketio} health component
 * ({@code management.health.socketio.enabled}), the {@code socketio} endpoint (exposed
 * like any endpoint, {@code management.endpoints.web.exposure.include}), and the
 * {@code socketio} entry of {@code /actuator/info}
 * ({@code management.info.socketio.enabled}).
 */
@AutoConfiguration(after = SocketIoAutoConfiguration.class)
@ConditionalOnClass(SocketIoServer.class)
@ConditionalOnBean(SocketIoServer.class)
public final class SocketIoActuatorAutoConfiguration {

	// the conditions of the health and actuator modules are read only once their classes
	// are known present

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class HealthConfiguration {

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnEnabledHealthIndicator("socketio")
		static class EnabledHealthConfiguration {

			/** Named so that the health component is {@code socketio}. */
			@Bean
			@ConditionalOnMissingBean(name = "socketioHealthIndicator")
			SocketIoHealthIndicator socketioHealthIndicator(SocketIoServer server) {
				return new SocketIoHealthIndicator(server, Duration.ofSeconds(2));
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	static class EndpointConfiguration {

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnAvailableEndpoint(SocketIoEndpoint.class)
		static class AvailableEndpointConfiguration {

			@Bean
			@ConditionalOnMissingBean
			SocketIoEndpoint socketIoEndpoint(SocketIoServer server) {
				return new SocketIoEndpoint(server, 10);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(InfoContributor.class)
	@ConditionalOnProperty(prefix = "management.info.socketio", name = "enabled", matchIfMissing = true)
	static class InfoConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SocketIoInfoContributor socketIoInfoContributor(SocketIoServer server) {
			return new SocketIoInfoContributor(server);
		}

	}

}
