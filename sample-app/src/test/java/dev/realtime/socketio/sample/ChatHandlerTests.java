package dev.realtime.socketio.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.realtime.socketio.sample.ChatHandler.ChatMessage;
import dev.realtime.socketio.sample.ChatHandler.ErrorReply;
import dev.realtime.socketio.sample.ChatHandler.Members;
import dev.realtime.socketio.sample.ChatHandler.Said;
import dev.realtime.socketio.sample.ChatHandler.Session;
import dev.realtime.socketio.test.SocketIoTestClient;
import dev.realtime.socketio.test.SocketIoTestSocket;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat handler, tested as users test theirs: the running application and the test
 * client.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class ChatHandlerTests {

	@Autowired
	SocketIoTestClient client;

	@Test
	void aMessageIsAcknowledgedAsStoredAndSentToTheOthersInTheRoom() {
		SocketIoTestSocket ann = this.client.connect("/chat", Map.of("name", "ann"));
		SocketIoTestSocket bob = this.client.transports("websocket").auth(Map.of("name", "bob")).connect("/chat");
		assertThat(ann.awaitEvent("session", Session.class)).isEqualTo(new Session("ann", false));
		ann.emitWithAck("join", "kitchen");
		assertThat(bob.emitWithAck(Members.class, "join", "kitchen"))
			.isEqualTo(new Members("kitchen", List.of("ann", "bob")));

		ChatMessage stored = ann.emitWithAck(ChatMessage.class, "message", new Said("kitchen", "hello"));

		assertThat(stored.from()).isEqualTo("ann");
		assertThat(stored.text()).isEqualTo("hello");
		assertThat(bob.awaitEvent("message", ChatMessage.class)).isEqualTo(stored);
		ann.assertNoEvent("message", Duration.ofMillis(300));
	}

	@Test
	void aMessageToARoomNotJoinedIsRefusedInTheAcknowledgement() {
		SocketIoTestSocket socket = this.client.connect("/chat");
		assertThat(socket.emitWithAck(ErrorReply.class, "message", new Said("elsewhere", "hi")))
			.isEqualTo(new ErrorReply("bad_request", "join the room first"));
	}

}
