package dev.realtime.socketio.sample;

import java.time.Duration;

import dev.realtime.socketio.sample.ChatHandler.ChatMessage;
import dev.realtime.socketio.sample.ChatHandler.StoredMessage;
import dev.realtime.socketio.test.SocketIoTestClient;
import dev.realtime.socketio.test.SocketIoTestSocket;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat handler, tested as users test theirs: the running application and the test client. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class ChatHandlerTests {

	@Autowired
	SocketIoTestClient client;

	@Test
	void aMessageIsStoredAcknowledgedAndSentToTheOthersInTheRoom() {
		SocketIoTestSocket ann = this.client.connect("/chat");
		SocketIoTestSocket bob = this.client.transports("websocket").connect("/chat");

		StoredMessage stored = ann.emitWithAck(StoredMessage.class, "message", new ChatMessage("ann", "hello"));

		assertThat(stored.from()).isEqualTo("ann");
		assertThat(stored.text()).isEqualTo("hello");
		assertThat(bob.awaitEvent("message", StoredMessage.class)).isEqualTo(stored);
		ann.assertNoEvent("message", Duration.ofMillis(300));
	}

	@Test
	void joiningAnotherRoomLeavesTheLobby() {
		SocketIoTestSocket ann = this.client.connect("/chat");
		SocketIoTestSocket bob = this.client.connect("/chat");

		assertThat(bob.emitWithAck(String.class, "join", "kitchen")).isEqualTo("kitchen");
		ann.emitWithAck("message", new ChatMessage("ann", "anyone?"));

		bob.assertNoEvent("message", Duration.ofMillis(300));
	}

	@Test
	void aMessageWithoutNameOrTextIsFromAnonymous() {
		SocketIoTestSocket socket = this.client.connect("/chat");
		assertThat(socket.emitWithAck(StoredMessage.class, "message", new ChatMessage(null, null)).from())
			.isEqualTo("anonymous");
	}
}
