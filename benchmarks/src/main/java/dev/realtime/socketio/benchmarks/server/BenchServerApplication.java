package dev.realtime.socketio.benchmarks.server;

import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Our server under load: the starter with the handlers every reference server has.
 * {@code echo} acknowledges with its arguments, {@code broadcast} re-emits its arguments
 * to the whole main namespace. Spring MVC (Tomcat) by default, WebFlux (Reactor Netty)
 * with {@code --spring.main.web-application-type=reactive}.
 *
 * <p>
 * {@code --bench.handlers=lambda} (the default) registers the handlers as lambda
 * listeners on every socket; {@code --bench.handlers=annotated} registers the same two
 * handlers as {@code @SocketEvent} methods of {@link AnnotatedHandlers}, the way
 * applications write them.
 *
 * <p>
 * {@code --bench.metrics=simple} (or {@code true}) adds a Micrometer
 * {@code SimpleMeterRegistry}, {@code --bench.metrics=prometheus} a
 * {@code PrometheusMeterRegistry}: the starter then records all its meters, so that
 * {@code OURS_ARGS="--bench.metrics=prometheus" benchmarks/run.sh} measures their
 * overhead against a run without (the default, {@code none}). With a registry,
 * {@link MetersSwitch} ({@code /__bench/meters}) switches the meters off and on at
 * runtime: {@code benchmarks/run.sh --meters-ab} compares both states within one server
 * JVM.
 */
@SpringBootApplication
public class BenchServerApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(BenchServerApplication.class);
		application.setDefaultProperties(java.util.Map.of("spring.main.banner-mode", "off", "server.address",
				"127.0.0.1", "logging.level.root", "WARN", "logging.level.org.springframework.boot.web", "INFO"));
		application.run(args);
	}

	@Bean
	@ConditionalOnProperty(name = "bench.handlers", havingValue = "lambda", matchIfMissing = true)
	SocketIoServerCustomizer benchmarkHandlers() {
		return (io) -> io.on((socket) -> {
			socket.on("echo", (args, ack) -> {
				if (ack != null) {
					ack.send(args.toArray());
				}
			});
			socket.on("broadcast", (args, ack) -> io.emit("broadcast", args.toArray()));
		});
	}

	@Bean
	@ConditionalOnExpression("'${bench.metrics:none}' == 'simple' or '${bench.metrics:none}' == 'true'")
	MeterRegistry simpleMeterRegistry() {
		return new SimpleMeterRegistry();
	}

	@Bean
	@ConditionalOnProperty(name = "bench.metrics", havingValue = "prometheus")
	MeterRegistry prometheusMeterRegistry() {
		return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
	}

	@Bean
	@ConditionalOnProperty(name = "bench.handlers", havingValue = "annotated")
	AnnotatedHandlers annotatedHandlers() {
		return new AnnotatedHandlers();
	}

}
