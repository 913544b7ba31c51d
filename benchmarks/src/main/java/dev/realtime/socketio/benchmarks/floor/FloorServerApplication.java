package dev.realtime.socketio.benchmarks.floor;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * What Tomcat and Reactor Netty cost by themselves: a plain Spring
 * {@code WebSocketHandler} on {@code /socket.io/} that answers every text frame with the
 * same frame and holds idle connections (no heartbeat, no protocol). The load generator
 * speaks to it with {@code --protocol raw}: an echo of {@code 42<id>[…]} is the "ack", an
 * opened WebSocket is a "connect".
 *
 * <p>
 * Spring MVC on Tomcat by default, WebFlux on Reactor Netty with
 * {@code --spring.main.web-application-type=reactive}, started by {@code run.sh} like our
 * server ({@code floor-servlet}, {@code floor-webflux}). {@code GET /ready} answers 200
 * once it listens.
 */
@SpringBootApplication
public class FloorServerApplication {

	static final String PATH = "/socket.io/";

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(FloorServerApplication.class);
		// the starter is on the class path: switched off, this is Tomcat or Reactor Netty
		// alone
		application.setDefaultProperties(
				Map.of("spring.main.banner-mode", "off", "server.address", "127.0.0.1", "socketio.enabled", "false",
						"logging.level.root", "WARN", "logging.level.org.springframework.boot.web", "INFO"));
		application.run(args);
	}

	@RestController
	static class Ready {

		@GetMapping("/ready")
		String ready() {
			return "ok";
		}

	}

	/** Spring MVC: a {@code TextWebSocketHandler} that sends every text message back. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@EnableWebSocket
	static class ServletFloor implements WebSocketConfigurer {

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			registry.addHandler(new TextWebSocketHandler() {
				@Override
				protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
					session.sendMessage(message);
				}
			}, PATH).setAllowedOriginPatterns("*");
		}

	}

	/**
	 * WebFlux: a reactive {@code WebSocketHandler} that sends every text message back.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class ReactiveFloor {

		@Bean
		HandlerMapping floorEcho() {
			WebSocketHandler echo = (session) -> session.send(session.receive()
				.filter((message) -> message.getType() == WebSocketMessage.Type.TEXT)
				.map((message) -> session.textMessage(message.getPayloadAsText())));
			return new SimpleUrlHandlerMapping(Map.of(PATH, echo), -1);
		}

		@Bean
		WebSocketHandlerAdapter floorWebSocketHandlerAdapter() {
			return new WebSocketHandlerAdapter();
		}

	}

}
