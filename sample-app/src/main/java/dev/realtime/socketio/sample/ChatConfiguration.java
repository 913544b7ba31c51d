package dev.realtime.socketio.sample;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The chat of the sample page: namespace {@code /chat}, a {@code join} event to enter a room and a
 * {@code message} event broadcast to the room, acknowledged with the time it was stored.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!conformance")
class ChatConfiguration {

	@Bean
	SocketIoServerCustomizer chat() {
		return (io) -> io.of("/chat").on((socket) -> {
			socket.data().put("room", "lobby");
			socket.join("lobby");
			socket.on("join", (args, ack) -> {
				String room = args.get(0).asText();
				socket.leave((String) socket.data().get("room"));
				socket.data().put("room", room);
				socket.join(room);
				if (ack != null) {
					ack.send(room);
				}
			});
			socket.on("message", (args, ack) -> {
				Map<String, Object> message = new LinkedHashMap<>();
				message.put("from", args.get(0).path("name").asText("anonymous"));
				message.put("text", args.get(0).path("text").asText(""));
				message.put("at", Instant.now().toString());
				socket.to((String) socket.data().get("room")).emit("message", message);
				if (ack != null) {
					ack.send(message);
				}
			});
		});
	}
}
