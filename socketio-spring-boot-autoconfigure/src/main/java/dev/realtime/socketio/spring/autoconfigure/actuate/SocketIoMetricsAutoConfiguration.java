package dev.realtime.socketio.spring.autoconfigure.actuate;

import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.actuate.SocketIoMeters;
import dev.realtime.socketio.spring.autoconfigure.SocketIoAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import dev.realtime.socketio.spring.actuate.SocketSecurityMeters;
import dev.realtime.socketio.spring.security.SocketSecurityCounters;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer meters of the Socket.IO server ({@link SocketIoMeters}), when the
 * application has a {@link MeterRegistry} bean (Spring Boot's actuator or any registry).
 * Without one, nothing is registered and the server observes nothing.
 */
@AutoConfiguration(after = SocketIoAutoConfiguration.class, afterName = {
		"dev.realtime.socketio.spring.autoconfigure.security.SocketIoSecurityAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass({ SocketIoServer.class, MeterRegistry.class })
@ConditionalOnBean({ SocketIoServer.class, MeterRegistry.class })
public final class SocketIoMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SocketIoMeters socketIoMeters(SocketIoServer server, MeterRegistry registry) {
		SocketIoMeters meters = new SocketIoMeters(server);
		meters.bindTo(registry);
		return meters;
	}

	/** The security integration's refusals, when it is active. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "dev.realtime.socketio.spring.security.SocketSecurityCounters")
	static class SecurityMetersConfiguration {

		@Bean
		SmartInitializingSingleton socketIoSecurityMeters(ObjectProvider<SocketSecurityCounters> counters,
				MeterRegistry registry) {
			return () -> counters.ifAvailable((available) -> SocketSecurityMeters.bind(available, registry));
		}

	}

}
