package dev.realtime.socketio.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample: a chat on {@code http://localhost:8080/}. Runs on Spring MVC (Tomcat) by
 * default and on WebFlux (Reactor Netty) with
 * {@code --spring.main.web-application-type=reactive}; the {@code conformance} profile
 * serves what the official conformance suites expect.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
