package dev.realtime.socketio.server;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over WebSocket, a socket's connection listeners run once its CONNECT answer has been
 * written, so what they emit never shares a write with the answer; events arriving
 * meanwhile wait for them.
 */
class SocketIoConnectAnswerOrderTests {

	private final SocketIoFixture fixture = new SocketIoFixture();

	@AfterEach
	void close() {
		fixture.close();
	}

	@Test
	void connectionListenersRunOnceTheConnectAnswerIsWritten() {
		List<String> seen = new ArrayList<>();
		fixture.io.on((socket) -> {
			seen.add("listener");
			socket.emit("welcome");
		});
		TestClient client = fixture.open();
		client.webSocket.completeSends();
		client.webSocket.holdSends(true);

		client.send("0");
		long now = fixture.clock.nowMillis();

		assertThat(seen).isEmpty();
		assertThat(client.take()).hasSize(1).allMatch((frame) -> frame.startsWith("40{\"sid\":"));
		assertThat(fixture.clock.pendingDueTimes()).contains(now + 100);

		client.webSocket.holdSends(false);
		client.webSocket.completeSends();

		assertThat(seen).containsExactly("listener");
		assertThat(client.take()).containsExactly("42[\"welcome\"]");
		// the short wait's timer is cancelled: none left to wake the timer thread for
		// nothing
		assertThat(fixture.clock.pendingDueTimes()).doesNotContain(now + 100);
	}

	@Test
	void connectionListenersRunAfterAShortWaitWhenTheWriteIsNeverReported() {
		List<String> seen = new ArrayList<>();
		fixture.io.on((socket) -> seen.add("listener"));
		TestClient client = fixture.open();
		client.webSocket.completeSends();
		client.webSocket.holdSends(true);
		client.send("0");
		assertThat(seen).isEmpty();

		fixture.clock.advance(java.time.Duration.ofMillis(100));

		assertThat(seen).containsExactly("listener");
	}

	@Test
	void eventsArrivingBeforeTheListenersRanAreDispatchedAfterThem() {
		List<String> seen = new ArrayList<>();
		fixture.io.on((socket) -> socket.on("early", (args, ack) -> seen.add("early " + args.get(0).asText())));
		TestClient client = fixture.open();
		client.webSocket.completeSends();
		client.webSocket.holdSends(true);
		client.send("0");

		client.send("2[\"early\",\"one\"]");
		client.send("2[\"early\",\"two\"]");
		assertThat(seen).isEmpty();

		client.webSocket.holdSends(false);
		client.webSocket.completeSends();

		assertThat(seen).containsExactly("early one", "early two");
	}

}
