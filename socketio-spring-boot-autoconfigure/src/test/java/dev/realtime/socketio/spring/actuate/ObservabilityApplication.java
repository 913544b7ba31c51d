package dev.realtime.socketio.spring.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import dev.realtime.socketio.server.Ack;
import dev.realtime.socketio.server.ConnectionRefusedException;
import dev.realtime.socketio.server.EventArgs;
import dev.realtime.socketio.server.Socket;
import dev.realtime.socketio.server.SocketInterceptor;
import dev.realtime.socketio.spring.autoconfigure.SocketIoOptionsCustomizer;
import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The server of the observability tests: the actuator, a {@link SimpleMeterRegistry}, a
 * tracer behind the observation registry, and handlers that produce every kind of traffic
 * the meters count (an event that fails, one an interceptor refuses, a middleware that
 * refuses a namespace, dynamic namespaces, an emit with acknowledgement).
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class ObservabilityApplication {

	/**
	 * What the {@code hello} handler saw of its context: the MDC and the current span.
	 */
	static final List<String> handlerContext = new CopyOnWriteArrayList<>();

	@Bean
	SimpleMeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

	@Bean
	SimpleTracer tracer() {
		return new SimpleTracer();
	}

	@Bean
	ObservationRegistry observationRegistry(SimpleTracer tracer) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
		return registry;
	}

	/** Stands for an authorization interceptor: {@code secret} is never dispatched. */
	@Bean
	SocketIoOptionsCustomizer refuseSecrets() {
		return (options, engine) -> options.interceptor(new SocketInterceptor() {
			@Override
			public void aroundEvent(Socket socket, String event, EventArgs args, @Nullable Ack ack, Runnable dispatch) {
				if (!"secret".equals(event)) {
					dispatch.run();
				}
			}
		});
	}

	@Bean
	SocketIoServerCustomizer handlers(SimpleTracer tracer) {
		return (io) -> {
			io.on((socket) -> {
				socket.join("lobby");
				socket.on("hello", (args, ack) -> {
					Span span = tracer.currentSpan();
					handlerContext.add(MDC.get("socketio.sid") + " " + MDC.get("socketio.namespace") + " "
							+ ((span != null) ? span.context().traceId() : "no-span"));
					ack.send("hi " + args.get(0, String.class));
				});
				socket.on("fail", (args, ack) -> {
					ack.send("failing");
					throw new IllegalStateException("boom");
				});
				socket.on("secret", (args, ack) -> {
					throw new AssertionError("secret must not be dispatched");
				});
				socket.emit("welcome");
				socket.timeout(Duration.ofSeconds(10))
					.emitWithAck("question", 21)
					.thenAccept((answer) -> socket.emit("asked", answer.get(0, Integer.class)));
			});
			io.of("/private").use((socket) -> {
				throw new ConnectionRefusedException("forbidden", Map.of("code", "access_denied"));
			});
			io.of(Pattern.compile("^/room-\\d+$")).on((socket) -> socket.join("members"));
		};
	}

}
