package dev.realtime.socketio.server;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Handshake.time()}: Node's date text of the connect, one string per second shared
 * by the sockets connecting within it.
 */
class HandshakeTimeTests {

	@Test
	void timeIsTheSecondOfTheHandshakeInNodesFormat() {
		long millis = 1_764_489_600_123L;
		String expected = DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'xx", Locale.ROOT)
			.format(ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(millis), ZoneId.systemDefault()));

		assertThat(Namespace.handshakeTime(millis)).isEqualTo(expected);
	}

	@Test
	void handshakesWithinOneSecondShareTheirTimeAndTheNextSecondGetsItsOwn() {
		long second = 1_764_489_700_000L;

		String first = Namespace.handshakeTime(second + 1);
		assertThat(Namespace.handshakeTime(second + 999)).isSameAs(first);
		assertThat(Namespace.handshakeTime(second + 1000)).isNotEqualTo(first);
	}

}
