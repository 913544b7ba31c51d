package dev.realtime.socketio.test;

import java.time.Duration;
import java.util.Map;

import dev.realtime.socketio.test.TestClientApplication.ChatMessage;
import dev.realtime.socketio.test.TestClientApplication.Receipt;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The test client against a running application, as a user's {@code @SpringBootTest} uses
 * it. Subclasses pick the web stack.
 */
abstract class AbstractSocketIoTestClientTests {

	@Autowired
	SocketIoTestClient client;

	@Test
	void emitWithAckBindsTheAnswerAndOthersInTheRoomGetTheBroadcast() {
		SocketIoTestSocket ann = this.client.connect("/chat");
		SocketIoTestSocket bob = this.client.connect("/chat");

		Receipt receipt = ann.emitWithAck(Receipt.class, "message", new ChatMessage("lobby", "hello"));

		assertThat(receipt).isEqualTo(new Receipt("lobby", 5));
		assertThat(bob.awaitEvent("message", ChatMessage.class)).isEqualTo(new ChatMessage("lobby", "hello"));
		ann.assertNoEvent("message", Duration.ofMillis(300));
		assertThat(bob.receivedEvents()).extracting(ReceivedEvent::name).containsExactly("welcome", "message");
	}

	@Test
	void eachTransportCanBeChosen() {
		for (String transport : new String[] { "websocket", "polling" }) {
			SocketIoTestSocket socket = this.client.transports(transport).connect("/chat");
			assertThat(socket.emitWithAck(Receipt.class, "message", new ChatMessage("x", "abc"))).as(transport)
				.isEqualTo(new Receipt("x", 3));
			JsonNode welcome = socket.awaitEvent("welcome").as(JsonNode.class);
			assertThat(welcome.get("id").stringValue()).isEqualTo(socket.id());
			assertThat(welcome.get("transport").stringValue()).isEqualTo(transport);
		}
	}

	@Test
	void authHeadersAndCookiesReachTheHandshake() {
		SocketIoTestSocket socket = this.client.options()
			.auth(Map.of("token", "abc"))
			.header("X-Test", "yes")
			.cookie("SESSION", "s1")
			.cookie("other", "2")
			.connect("/chat");
		JsonNode welcome = socket.awaitEvent("welcome", JsonNode.class);
		assertThat(welcome.get("auth").toString()).isEqualTo("{\"token\":\"abc\"}");
		assertThat(welcome.get("header").stringValue()).isEqualTo("yes");
		assertThat(welcome.get("cookie").stringValue()).isEqualTo("SESSION=s1; other=2");
		SocketIoTestSocket plain = this.client.connect("/chat", Map.of("token", "xyz"));
		assertThat(plain.awaitEvent("welcome", JsonNode.class).at("/auth/token").stringValue()).isEqualTo("xyz");
	}

	@Test
	void binaryGoesBothWays() {
		SocketIoTestSocket socket = this.client.connect("/chat");
		assertThat(socket.emitWithAck(byte[].class, "bytes", (Object) new byte[] { 1, 2, 3 })).containsExactly(3, 2, 1);
	}

	@Test
	void theServersOwnAcknowledgementsAreAnswered() {
		SocketIoTestSocket socket = this.client.connect("/chat");
		socket.answer("question", (question) -> question.as(String.class).length() + 33);
		socket.emit("ask-me");
		assertThat(socket.awaitEvent("answered", Integer.class)).isEqualTo(48);
		assertThat(socket.awaitEvent("question").expectsAck()).isTrue();
	}

	@Test
	void aRefusedConnectionSaysWhy() {
		ConnectError error = this.client.options().connectExpectingError("/guarded");
		assertThat(error.message()).isEqualTo("not allowed");
		assertThat(error.data().toString()).isEqualTo("{\"code\":42}");
		assertThatThrownBy(() -> this.client.connect("/guarded")).isInstanceOf(AssertionError.class)
			.hasMessage("The server refused the connection to /guarded: \"not allowed\" with data {\"code\":42}");
		assertThatThrownBy(() -> this.client.options().connectExpectingError("/chat"))
			.isInstanceOf(AssertionError.class)
			.hasMessageStartingWith("Expected the server to refuse the connection to /chat, but it let socket");
	}

	@Test
	void timeoutsSayWhatWasAwaitedAndWhatArrivedInstead() {
		SocketIoTestSocket socket = this.client.connect("/chat");
		socket.awaitEvent("welcome");
		socket.emit("message", new ChatMessage("lobby", "hi"));
		assertThatThrownBy(() -> socket.awaitEvent("never", Duration.ofMillis(300))).isInstanceOf(AssertionError.class)
			.hasMessageStartingWith("No \"never\" event on /chat within 300 ms. Nothing new was received")
			.hasMessageContaining("(already awaited: welcome({\"")
			.hasMessageEndingWith("The socket is connected.");
		SocketIoTestSocket other = this.client.connect("/chat");
		// in the lobby once welcomed: the @OnConnect handler joins it, then welcomes (the
		// CONNECT answer may come before)
		other.awaitEvent("welcome");
		socket.emit("message", new ChatMessage("lobby", "psst"));
		// long enough for the broadcast to arrive on a busy machine
		assertThatThrownBy(() -> other.awaitEvent("never", Duration.ofSeconds(2))).isInstanceOf(AssertionError.class)
			.hasMessageContaining("already awaited: welcome({\"")
			.hasMessageContaining("Received instead: message({\"")
			.hasMessageContaining("\"text\":\"psst\"");
		assertThatThrownBy(() -> socket.emitWithAck(Duration.ofMillis(300), "silent", "x"))
			.isInstanceOf(AssertionError.class)
			.hasMessageStartingWith("No acknowledgement of \"silent\" on /chat within 300 ms.");
		assertThatThrownBy(() -> other.awaitEvent("message").as(Receipt.class)).isInstanceOf(AssertionError.class)
			.hasMessageStartingWith("Cannot read argument 0 of \"message\" as " + Receipt.class.getName());
	}

	@Test
	void aSocketIsNotConnectedOnceDisconnectReturns() {
		// The Java client disconnects on its own event thread: without waiting for it,
		// isConnected() was still true right after disconnect() in most rounds.
		for (int i = 0; i < 20; i++) {
			SocketIoTestSocket socket = this.client.connect("/chat");
			socket.disconnect();
			assertThat(socket.isConnected()).as("round %d", i).isFalse();
		}
	}

	@Test
	void theServerDisconnectingIsSeen() {
		SocketIoTestSocket socket = this.client.connect("/chat");
		socket.emit("kick-me");
		assertThat(socket.awaitDisconnect(Duration.ofSeconds(10))).isEqualTo("io server disconnect");
		assertThat(socket.isConnected()).isFalse();
	}

}
