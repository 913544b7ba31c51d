package dev.realtime.socketio.spring.autoconfigure.actuate;

import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.actuate.SocketIoObservations;
import dev.realtime.socketio.spring.autoconfigure.SocketIoAutoConfiguration;
import dev.realtime.socketio.spring.autoconfigure.SocketIoOptionsCustomizer;
import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Observations ({@code socketio.event}, {@code socketio.connect}: spans with Micrometer
 * Tracing) and the {@code socketio.sid}/{@code socketio.namespace} MDC entries, when the
 * application has an {@link ObservationRegistry} bean
 * ({@code socketio.observations.enabled=false} turns them off).
 */
@AutoConfiguration(after = SocketIoAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ SocketIoServer.class, ObservationRegistry.class, org.slf4j.MDC.class })
@ConditionalOnBean({ SocketIoServer.class, ObservationRegistry.class })
@ConditionalOnProperty(prefix = "socketio.observations", name = "enabled", matchIfMissing = true)
public final class SocketIoObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SocketIoObservations socketIoObservations(ObservationRegistry registry) {
		return new SocketIoObservations(registry);
	}

	/** Outermost interceptor, so that events refused by security get a span too. */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SocketIoOptionsCustomizer socketIoObservationInterceptor(SocketIoObservations observations) {
		return (options, engine) -> options.interceptor(observations);
	}

	@Bean
	SocketIoServerCustomizer socketIoObservationObserver(SocketIoObservations observations) {
		return (server) -> server.addObserver(observations);
	}

}
