package dev.realtime.socketio.spring.autoconfigure.actuate;

import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.actuate.SocketIoEndpoint;
import dev.realtime.socketio.spring.actuate.SocketIoHealthIndicator;
import dev.realtime.socketio.spring.actuate.SocketIoInfoContributor;
import dev.realtime.socketio.spring.actuate.SocketIoMeters;
import dev.realtime.socketio.spring.actuate.SocketIoObservations;
import dev.realtime.socketio.spring.autoconfigure.SocketIoAutoConfiguration;
import dev.realtime.socketio.spring.security.SocketSecurityCounters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** What the observability auto-configurations contribute, and when they back off. */
class SocketIoActuateAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(SocketIoAutoConfiguration.class, SocketIoMetricsAutoConfiguration.class,
					SocketIoObservationAutoConfiguration.class, SocketIoActuatorAutoConfiguration.class));

	@Test
	void withoutARegistryNothingObservesTheServer() {
		runner.run((context) -> {
			assertThat(context).doesNotHaveBean(SocketIoMeters.class).doesNotHaveBean(SocketIoObservations.class);
			SocketIoServer server = context.getBean(SocketIoServer.class);
			assertThat(server.observer()).isNull();
			assertThat(server.engine().observer()).isNull();
		});
	}

	@Test
	void aMeterRegistryGetsTheMeters() {
		runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			assertThat(context).hasSingleBean(SocketIoMeters.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("socketio.connections").tag("transport", "websocket").gauge().value()).isZero();
			assertThat(registry.get("socketio.sockets").tag("namespace", "/").gauge().value()).isZero();
			assertThat(registry.get("socketio.outbound.buffered.bytes").summary().count()).isZero();
			assertThat(context.getBean(SocketIoServer.class).observer())
				.isSameAs(context.getBean(SocketIoMeters.class));
		});
	}

	@Test
	void securityRefusalsBecomeMeters() {
		runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(SocketSecurityCounters.class, SocketSecurityCounters::new)
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("socketio.security.refusals").functionCounters()).hasSize(3);
				assertThat(registry.get("socketio.security.refusals").tag("kind", "event").functionCounter().count())
					.isZero();
			});
	}

	@Test
	void anObservationRegistryGetsObservationsUnlessTurnedOff() {
		runner.withBean(ObservationRegistry.class, ObservationRegistry::create).run((context) -> {
			assertThat(context).hasSingleBean(SocketIoObservations.class);
			SocketIoServer server = context.getBean(SocketIoServer.class);
			assertThat(server.options().interceptors()).first().isSameAs(context.getBean(SocketIoObservations.class));
			assertThat(server.observer()).isSameAs(context.getBean(SocketIoObservations.class));
		});
		runner.withBean(ObservationRegistry.class, ObservationRegistry::create)
			.withPropertyValues("socketio.observations.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SocketIoObservations.class));
	}

	@Test
	void healthInfoAndTheEndpointWhenTheActuatorIsThere() {
		runner.withPropertyValues("management.endpoints.web.exposure.include=socketio").run((context) -> {
			assertThat(context).hasSingleBean(SocketIoHealthIndicator.class)
				.hasSingleBean(SocketIoInfoContributor.class)
				.hasSingleBean(SocketIoEndpoint.class)
				.hasBean("socketioHealthIndicator");
		});
	}

	@Test
	void eachActuatorPartCanBeTurnedOff() {
		runner.withPropertyValues("management.health.socketio.enabled=false", "management.info.socketio.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SocketIoHealthIndicator.class)
				.doesNotHaveBean(SocketIoInfoContributor.class)
				.doesNotHaveBean(SocketIoEndpoint.class));
	}

	@Test
	void withoutTheActuatorOnlyTheServerRemains() {
		runner
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
					"org.springframework.boot.health", "io.micrometer"))
			.run((context) -> assertThat(context).hasSingleBean(SocketIoServer.class)
				.doesNotHaveBean(SocketIoHealthIndicator.class)
				.doesNotHaveBean(SocketIoEndpoint.class)
				.doesNotHaveBean(SocketIoMeters.class));
	}

	@Test
	void limitsAreBoundAndBadValuesFailStartup() {
		runner.withPropertyValues("socketio.max-connections=2", "socketio.max-dynamic-namespaces=3").run((context) -> {
			SocketIoServer server = context.getBean(SocketIoServer.class);
			assertThat(server.engine().maxConnections()).isEqualTo(2);
		});
		runner.withPropertyValues("socketio.max-connections=-1")
			.run((context) -> assertThat(context).getFailure()
				.hasRootCauseMessage("maxConnections must be 0 (no limit) or positive, was -1"));
	}

}
