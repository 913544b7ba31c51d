package dev.realtime.socketio.test;

import java.util.Map;

import dev.realtime.socketio.server.ConnectionRefusedException;
import dev.realtime.socketio.server.Socket;
import dev.realtime.socketio.spring.annotation.OnConnect;
import dev.realtime.socketio.spring.annotation.SocketEvent;
import dev.realtime.socketio.spring.annotation.SocketNamespace;
import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * The application the client is tested against: a chat written like a user's handlers.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestClientApplication {

	record ChatMessage(String room, String text) {
	}

	record Receipt(String room, int length) {
	}

	@SocketNamespace("/chat")
	@Component
	static class ChatHandler {

		@OnConnect
		void joined(Socket socket) {
			socket.join("lobby");
			socket.emit("welcome",
					Map.of("id", socket.id(), "transport", socket.transport(), "auth", socket.handshake().auth(),
							"header", String.valueOf(socket.handshake().header("X-Test")), "cookie",
							String.valueOf(socket.handshake().header("Cookie"))));
		}

		@SocketEvent("message")
		Receipt message(ChatMessage message, Socket socket) {
			socket.to(message.room()).emit("message", message);
			return new Receipt(message.room(), message.text().length());
		}

		@SocketEvent("bytes")
		byte[] bytes(byte[] bytes) {
			byte[] reversed = new byte[bytes.length];
			for (int i = 0; i < bytes.length; i++) {
				reversed[i] = bytes[bytes.length - 1 - i];
			}
			return reversed;
		}

		@SocketEvent("silent")
		void silent(String anything) {
		}

		@SocketEvent("ask-me")
		void askMe(Socket socket) {
			socket.emitWithAck("question", "six times seven")
				.thenAccept((answer) -> socket.emit("answered", answer.get(0)));
		}

		@SocketEvent("kick-me")
		void kickMe(Socket socket) {
			socket.disconnect();
		}

	}

	@Bean
	SocketIoServerCustomizer guarded() {
		return (io) -> io.of("/guarded").use((socket) -> {
			throw new ConnectionRefusedException("not allowed", Map.of("code", 42));
		});
	}

}
