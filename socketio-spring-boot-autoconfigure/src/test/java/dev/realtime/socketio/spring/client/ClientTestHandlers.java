package dev.realtime.socketio.spring.client;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import dev.realtime.socketio.engine.CloseReason;
import dev.realtime.socketio.engine.EngineSocket;
import dev.realtime.socketio.server.AckTimeoutException;
import dev.realtime.socketio.server.ConnectionRefusedException;
import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The server side of {@code scenarios.js}. */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class ClientTestHandlers {

	@Bean
	SocketIoServerCustomizer scenarioHandlers() {
		return (io) -> {
			io.on((socket) -> {
				socket.emit("welcome", socket.id());
				socket.on("echo", (args, ack) -> socket.emit("echo", args.toArray()));
				socket.on("ack", (args, ack) -> ack.send(args.toArray()));
				socket.on("ask-me",
						(args, ack) -> socket.emitWithAck("question", "life")
							.thenAccept((answer) -> socket.emit("answer-received",
									answer.get(0).asText() + " +" + answer.get(1).binaryValue().length + " bytes")));
				socket.on("ask-me-without-answer",
						(args, ack) -> socket.timeout(Duration.ofMillis(200))
							.emitWithAck("unanswered")
							.whenComplete((answer, failure) -> socket.emit("ack-timed-out",
									(failure instanceof AckTimeoutException) ? "timed out" : "unexpected " + failure)));
				socket.on("join", (args, ack) -> {
					socket.join(args.get(0).asText());
					ack.send("joined");
				});
				socket.on("tell-room",
						(args, ack) -> socket.to(args.get(0).asText()).emit("news", args.get(1).asText()));
				socket.on("tell-all", (args, ack) -> io.except(socket.id()).emit("news", args.get(0).asText()));
				socket.on("disconnect-me", (args, ack) -> socket.disconnect(true));
				socket.on("drop-my-connection", (args, ack) -> {
					EngineSocket connection = io.engine().session(socket.connectionId());
					if (connection != null) {
						connection.close(CloseReason.TRANSPORT_CLOSE);
					}
				});
				socket.on("drop-me-and-tell", (args, ack) -> {
					EngineSocket connection = io.engine().session(socket.connectionId());
					if (connection != null) {
						connection.close(CloseReason.TRANSPORT_CLOSE);
					}
					io.to(args.get(0).asText()).emit("news", args.get(1).asText());
				});
			});
			io.of("/admin").use((socket) -> {
				if (!"secret".equals(socket.handshake().auth().get("token"))) {
					throw new ConnectionRefusedException("not authorized", Map.of("reason", "bad token"));
				}
			}).on((socket) -> socket.emit("admin-welcome", "hello admin"));
			io.of(Pattern.compile("^/dyn-\\d+$")).on((socket) -> socket.emit("nsp", socket.namespace().name()));
		};
	}

}
