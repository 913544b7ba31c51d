package dev.realtime.socketio.sample;

import java.time.Instant;

import dev.realtime.socketio.server.Socket;
import dev.realtime.socketio.spring.annotation.OnConnect;
import dev.realtime.socketio.spring.annotation.SocketEvent;
import dev.realtime.socketio.spring.annotation.SocketNamespace;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The chat of the sample page, written with the annotation model: namespace {@code /chat}, a
 * {@code join} event to enter a room and a {@code message} event broadcast to the room,
 * acknowledged with the message as stored (with its time).
 */
@SocketNamespace("/chat")
@Component
@Profile("!conformance")
class ChatHandler {

	private static final String ROOM = "room";

	/** What the page sends: both fields may be missing. */
	record ChatMessage(@Nullable String name, @Nullable String text) {
	}

	/** What the room receives, and the sender as its acknowledgement. */
	record StoredMessage(String from, String text, String at) {
	}

	@OnConnect
	void joined(Socket socket) {
		socket.data().put(ROOM, "lobby");
		socket.join("lobby");
	}

	@SocketEvent("join")
	String join(String room, Socket socket) {
		socket.leave((String) socket.data().get(ROOM));
		socket.data().put(ROOM, room);
		socket.join(room);
		return room;
	}

	@SocketEvent("message")
	StoredMessage message(@Nullable ChatMessage message, Socket socket) {
		String from = (message != null && message.name() != null) ? message.name() : "anonymous";
		String text = (message != null && message.text() != null) ? message.text() : "";
		StoredMessage stored = new StoredMessage(from, text, Instant.now().toString());
		socket.to((String) socket.data().get(ROOM)).emit("message", stored);
		return stored;
	}
}
