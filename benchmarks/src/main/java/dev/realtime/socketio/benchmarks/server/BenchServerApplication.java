package dev.realtime.socketio.benchmarks.server;

import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * Our server under load: the starter with the handlers every reference server has. {@code echo}
 * acknowledges with its arguments, {@code broadcast} re-emits its arguments to the whole main
 * namespace. Spring MVC (Tomcat) by default, WebFlux (Reactor Netty) with
 * {@code --spring.main.web-application-type=reactive}.
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
}
