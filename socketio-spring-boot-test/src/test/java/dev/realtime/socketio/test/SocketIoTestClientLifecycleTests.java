package dev.realtime.socketio.test;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** The sockets a test opened are gone when the next test of the same context starts. */
@SpringBootTest(classes = TestClientApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "server.address=127.0.0.1")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SocketIoTestClientLifecycleTests {

	private static SocketIoTestSocket leftOpen;

	@Autowired
	SocketIoTestClient client;

	@Test
	@Order(1)
	void aTestLeavesASocketOpen() {
		leftOpen = this.client.connect("/chat");
		assertThat(leftOpen.isConnected()).isTrue();
		assertThat(this.client.openSockets()).containsExactly(leftOpen);
	}

	@Test
	@Order(2)
	void theNextTestStartsWithoutIt() {
		assertThat(leftOpen).isNotNull();
		assertThat(leftOpen.isConnected()).isFalse();
		assertThat(this.client.openSockets()).isEmpty();
	}

}
