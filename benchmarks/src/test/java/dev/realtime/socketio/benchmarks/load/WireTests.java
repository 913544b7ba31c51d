package dev.realtime.socketio.benchmarks.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WireTests {

	@Test
	void echoIsAnEventWithAnAckIdOnTheMainNamespace() {
		assertThat(Wire.echo(17)).isEqualTo("4217[\"echo\",{\"n\":17,\"text\":\"hello world\"}]");
	}

	@Test
	void ackIdIsReadFromAnAckFrame() {
		assertThat(Wire.ackId("4317[{\"n\":17,\"text\":\"hello world\"}]")).isEqualTo(17);
	}

	@Test
	void ackIdOfAnAckWithoutArgumentsIsRead() {
		assertThat(Wire.ackId("430[]")).isZero();
	}

	@Test
	void framesThatAreNotAcksHaveNoAckId() {
		assertThat(Wire.ackId("42[\"broadcast\",{}]")).isEqualTo(-1);
		assertThat(Wire.ackId("43[]")).isEqualTo(-1);
		assertThat(Wire.ackId("2")).isEqualTo(-1);
		assertThat(Wire.ackId("4312")).isEqualTo(-1);
	}

	@Test
	void broadcastCarriesItsSequenceAndSendTime() {
		String frame = Wire.broadcast(42, 123456789012345L);

		assertThat(frame).isEqualTo("42[\"broadcast\",{\"seq\":42,\"t\":123456789012345}]");
		assertThat(Wire.isBroadcast(frame)).isTrue();
		assertThat(Wire.longField(frame, "seq")).isEqualTo(42);
		assertThat(Wire.longField(frame, "t")).isEqualTo(123456789012345L);
	}

	@Test
	void aMissingFieldReadsAsMinusOne() {
		assertThat(Wire.longField("42[\"broadcast\",{\"seq\":1}]", "t")).isEqualTo(-1);
	}

	@Test
	void onlyTheConnectAnswerWithAPayloadCountsAsConnected() {
		assertThat(Wire.isConnected("40{\"sid\":\"abc\"}")).isTrue();
		assertThat(Wire.isConnected("44{\"message\":\"Invalid namespace\"}")).isFalse();
		assertThat(Wire.isConnected("40/chat,{\"sid\":\"abc\"}")).isFalse();
	}

	@Test
	void aBareEchoServerSendsOurEventBackWithItsId() {
		assertThat(Wire.echoedId(Wire.echo(23))).isEqualTo(23);
		assertThat(Wire.echoedId("4323[{}]")).isEqualTo(-1);
		assertThat(Wire.ackId(Wire.echo(23))).isEqualTo(-1);
	}

}
