package dev.realtime.socketio.spring.hardening;

import java.time.Duration;

import dev.realtime.socketio.spring.testsupport.RawConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On Tomcat a polling body is read without a worker; one not complete within
 * {@code pingInterval + pingTimeout} is answered 408 and its connection closed, so a
 * client that trickles a body, or stops half-way, holds nothing for longer than a dead
 * client would. The heartbeat is short here (1 s + 1 s) so that the deadline comes in two
 * seconds instead of 45.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServletSlowBodyDeadlineTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private ConfigurableApplicationContext context;

	private int port;

	@BeforeAll
	void startApplication() {
		this.context = new SpringApplicationBuilder(AbstractHardeningTests.HardeningTestConfiguration.class)
			.web(WebApplicationType.SERVLET)
			.properties("server.port=0", "spring.main.banner-mode=off", "socketio.ping-interval=1s",
					"socketio.ping-timeout=1s")
			.run();
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@AfterAll
	void stopApplication() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void aBodyNotCompleteWithinTheHeartbeatIsAnswered408AndItsConnectionClosed() throws Exception {
		String sid = handshake();
		try (RawConnection slow = RawConnection.open(port, TIMEOUT)) {
			long started = System.nanoTime();
			slow.write("POST /socket.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
					+ "\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: 100\r\n\r\n4");
			RawConnection.Head head = slow.readHead();
			long waitedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
			assertThat(head.status()).isEqualTo(408);
			assertThat(head.headers()).containsEntry("connection", "close");
			assertThat(waitedMillis).as("answered at the deadline (2 s), not before").isGreaterThanOrEqualTo(1900);
		}
		// the server still serves others (the trickling session itself ended on its ping
		// timeout meanwhile: it never answered a ping)
		String next = handshake();
		try (RawConnection connection = RawConnection.open(port, TIMEOUT)) {
			connection.write("POST /socket.io/?EIO=4&transport=polling&sid=" + next + " HTTP/1.1\r\nHost: 127.0.0.1:"
					+ port
					+ "\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: 2\r\nConnection: close\r\n\r\n40");
			assertThat(connection.readResponse()).isEqualTo("200 ok");
		}
	}

	private String handshake() throws Exception {
		try (RawConnection connection = RawConnection.open(port, TIMEOUT)) {
			connection.write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1:" + port
					+ "\r\nConnection: close\r\n\r\n");
			String response = connection.readResponse();
			int at = response.indexOf("\"sid\":\"");
			assertThat(at).as(response).isPositive();
			return response.substring(at + 7, response.indexOf('"', at + 7));
		}
	}

}
