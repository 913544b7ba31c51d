package dev.realtime.socketio.spring.hardening;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.realtime.socketio.spring.testsupport.RawConnection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Well-behaved Socket.IO clients over raw connections, for the hardening tests to show
 * that a server under attack still serves others.
 */
final class RawClients {

	/** How long a client waits for any answer. */
	static final Duration TIMEOUT = Duration.ofSeconds(15);

	static final String WEBSOCKET = "/socket.io/?EIO=4&transport=websocket";

	private RawClients() {
	}

	static RawConnection connect(int port) throws IOException {
		return RawConnection.open(port, TIMEOUT);
	}

	/** A polling handshake; returns the sid. */
	static String pollingHandshake(int port) throws IOException {
		String response = get(port, "/socket.io/?EIO=4&transport=polling");
		assertThat(response).startsWith("200 0{\"sid\":\"");
		int start = response.indexOf("\"sid\":\"") + 7;
		return response.substring(start, response.indexOf('"', start));
	}

	/** A GET on its own connection; returns the status and the body. */
	static String get(int port, String pathAndQuery) throws IOException {
		try (RawConnection connection = connect(port)) {
			connection.write("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n");
			return connection.readResponse();
		}
	}

	/** A text POST on its own connection; returns the status and the body. */
	static String post(int port, String pathAndQuery, String body) throws IOException {
		try (RawConnection connection = connect(port)) {
			connection.write("POST " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
					+ "\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: "
					+ body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
			return connection.readResponse();
		}
	}

	/**
	 * A polling client: handshake, join, an event with its ack, and a close packet.
	 */
	static void pollingRound(int port) throws IOException {
		String query = "/socket.io/?EIO=4&transport=polling&sid=" + pollingHandshake(port);
		assertThat(post(port, query, "40")).isEqualTo("200 ok");
		assertThat(get(port, query)).startsWith("200 40{\"sid\":");
		assertThat(post(port, query, "421[\"echo\",\"x\"]")).isEqualTo("200 ok");
		assertThat(get(port, query)).isEqualTo("200 431[\"x\"]");
		assertThat(post(port, query, "1")).isEqualTo("200 ok");
	}

	/** A WebSocket client that joined the main namespace. */
	static RawConnection joined(int port) throws IOException {
		RawConnection client = connect(port);
		assertThat(client.upgrade(WEBSOCKET)).isEqualTo(101);
		assertThat(client.readFrame().text()).startsWith("0{");
		client.sendText("40");
		assertThat(client.readFrame().text()).startsWith("40{\"sid\":");
		return client;
	}

	/** The next frame other than a ping (answered), within {@code timeout}. */
	static String nextEvent(RawConnection client, Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			String frame = client.readMessage().text();
			if (!frame.startsWith("2")) {
				return frame;
			}
			client.sendText("3");
		}
		throw new AssertionError("no event within " + timeout);
	}

	/**
	 * Another client still handshakes, joins and gets its event echoed, over WebSocket.
	 */
	static void assertServerAnswers(int port) throws IOException {
		try (RawConnection client = joined(port)) {
			client.sendText("421[\"echo\",\"still here\"]");
			assertThat(nextEvent(client, TIMEOUT)).isEqualTo("431[\"still here\"]");
		}
	}

}
