package dev.realtime.socketio.spring.msgpack;

import java.util.Map;

import dev.realtime.socketio.server.ConnectionRefusedException;
import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The server side of {@code js-msgpack/msgpack-scenarios.js}. */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class MsgpackTestHandlers {

	@Bean
	SocketIoServerCustomizer msgpackScenarioHandlers() {
		return (io) -> {
			io.on((socket) -> {
				socket.on("echo", (args, ack) -> socket.emit("echo", args.toArray()));
				socket.on("ack-me", (args, ack) -> ack.send(args.toArray()));
				socket.on("ask-me", (args, ack) -> socket.emitWithAck("question", "life", new byte[] { 6, 7 })
					.thenAccept((answer) -> socket.emit("answer-received", answer.toArray())));
			});
			io.of("/chat").on((socket) -> socket.emit("auth", socket.handshake().auth()));
			io.of("/guarded").use((socket) -> {
				throw new ConnectionRefusedException("not allowed", Map.of("code", 42));
			});
		};
	}

}
