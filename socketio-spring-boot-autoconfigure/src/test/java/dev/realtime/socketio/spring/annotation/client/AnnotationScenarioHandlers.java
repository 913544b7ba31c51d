package dev.realtime.socketio.spring.annotation.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.server.ConnectionRefusedException;
import dev.realtime.socketio.server.DisconnectReason;
import dev.realtime.socketio.server.Namespace;
import dev.realtime.socketio.server.Socket;
import dev.realtime.socketio.spring.annotation.AckValues;
import dev.realtime.socketio.spring.annotation.OnConnect;
import dev.realtime.socketio.spring.annotation.OnDisconnect;
import dev.realtime.socketio.spring.annotation.SocketEvent;
import dev.realtime.socketio.spring.annotation.SocketExceptionHandler;
import dev.realtime.socketio.spring.annotation.SocketNamespace;
import dev.realtime.socketio.spring.handler.SocketMiddleware;
import dev.realtime.socketio.spring.handler.SocketPayloadException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import reactor.core.publisher.Mono;

/** The server side of {@code annotation-scenarios.js}: annotated handlers only. */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ AnnotationScenarioHandlers.Main.class, AnnotationScenarioHandlers.Chat.class,
		AnnotationScenarioHandlers.Workspaces.class, AnnotationScenarioHandlers.Guarded.class })
class AnnotationScenarioHandlers {

	record Item(String name, int quantity) {
	}

	record Order(String id, String customer) {
	}

	record Receipt(String id, int items, int attachmentBytes) {
	}

	record Problem(String error, String message) {
	}

	record Message(@NotBlank String text) {
	}

	/** The disconnect reasons {@code @OnDisconnect} saw, by socket id. */
	static final class Disconnects {

		final List<String> seen = new CopyOnWriteArrayList<>();

	}

	@Bean
	Disconnects disconnects() {
		return new Disconnects();
	}

	/**
	 * Refuses the sockets of {@code /guarded} without the right token; ordered before the
	 * second one.
	 */
	@Bean
	@org.springframework.core.annotation.Order(1)
	@SocketNamespace("/guarded")
	SocketMiddleware tokenMiddleware() {
		return (socket) -> {
			if (!"secret".equals(socket.handshake().auth().get("token"))) {
				throw new ConnectionRefusedException("not authorized", java.util.Map.of("reason", "bad token"));
			}
			socket.data().put("checks", "token");
		};
	}

	@Bean
	@org.springframework.core.annotation.Order(2)
	@SocketNamespace("/guarded")
	SocketMiddleware secondMiddleware() {
		return (socket) -> socket.data().merge("checks", "+second", (a, b) -> a + "" + b);
	}

	static class Main {

		private final Disconnects disconnects;

		Main(Disconnects disconnects) {
			this.disconnects = disconnects;
		}

		@OnConnect
		void connected(Socket socket) {
			socket.emit("welcome", socket.id());
		}

		@OnDisconnect
		void disconnected(Socket socket, DisconnectReason reason) {
			disconnects.seen.add(socket.id() + " " + reason.text());
		}

		@SocketEvent("order")
		Receipt order(Order order, List<Item> items, byte[] attachment) {
			return new Receipt(order.id(), items.stream().mapToInt(Item::quantity).sum(), attachment.length);
		}

		@SocketEvent("echo-binary")
		AckValues echoBinary(String label, byte[] bytes) {
			return AckValues.of(label, bytes);
		}

		@SocketEvent("future")
		CompletableFuture<String> future(String text) {
			return CompletableFuture.supplyAsync(() -> "future " + text,
					CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
		}

		@SocketEvent("mono")
		Mono<Receipt> mono(String id) {
			return Mono.delay(Duration.ofMillis(20)).map((tick) -> new Receipt(id, 0, 0));
		}

		@SocketEvent("message")
		String message(@Valid Message message) {
			return "got " + message.text();
		}

		@SocketEvent("reject")
		String reject(String why) {
			throw new IllegalArgumentException(why);
		}

		@SocketEvent("crash")
		String crash() {
			throw new IllegalStateException("database password is hunter2");
		}

		@SocketExceptionHandler
		Problem rejected(IllegalArgumentException ex) {
			return new Problem("bad_request", ex.getMessage());
		}

	}

	@SocketNamespace("/chat")
	static class Chat {

		@OnConnect
		void joined(Socket socket) {
			socket.emit("welcome", socket.namespace().name());
		}

		@SocketEvent("whereami")
		String whereami(Namespace namespace) {
			return "chat " + namespace.name();
		}

		@SocketEvent("rename")
		String rename(@Valid Message name) {
			return "renamed " + name.text();
		}

		@SocketExceptionHandler
		Problem badPayload(SocketPayloadException ex) {
			return new Problem("invalid_name", ex.getMessage());
		}

	}

	@SocketNamespace(pattern = "^/workspace-\\d+$")
	static class Workspaces {

		@SocketEvent("whereami")
		String whereami(Namespace namespace) {
			return "workspace " + namespace.name();
		}

	}

	@SocketNamespace("/guarded")
	static class Guarded {

		@OnConnect
		void admitted(Socket socket) {
			socket.emit("admitted", socket.data().get("checks"));
		}

	}

}
