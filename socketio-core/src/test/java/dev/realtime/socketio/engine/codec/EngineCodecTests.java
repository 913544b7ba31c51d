package dev.realtime.socketio.engine.codec;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class EngineCodecTests {

	private static final String RS = "\u001e";

	static Stream<Arguments> singlePackets() {
		return Stream.of(Arguments.of("0{\"sid\":\"abc\"}", EnginePacketType.OPEN, "{\"sid\":\"abc\"}"),
				Arguments.of("1", EnginePacketType.CLOSE, null), Arguments.of("2", EnginePacketType.PING, null),
				Arguments.of("2probe", EnginePacketType.PING, "probe"), Arguments.of("3", EnginePacketType.PONG, null),
				Arguments.of("3probe", EnginePacketType.PONG, "probe"),
				Arguments.of("4hello", EnginePacketType.MESSAGE, "hello"),
				Arguments.of("4", EnginePacketType.MESSAGE, ""),
				Arguments.of("4€ and ✓", EnginePacketType.MESSAGE, "€ and ✓"),
				Arguments.of("5", EnginePacketType.UPGRADE, null), Arguments.of("6", EnginePacketType.NOOP, null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("singlePackets")
	void decodesEachTextPacketOfTheSpecification(String wire, EnginePacketType type, String data) {
		EnginePacket packet = EngineCodec.decodePacket(wire);

		assertThat(packet).isNotNull();
		assertThat(packet.type()).isEqualTo(type);
		assertThat(packet.binary()).isFalse();
		assertThat(packet.data()).isEqualTo(data);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "0{\"sid\":\"abc\"}", "1", "2", "2probe", "3probe", "4hello", "5", "6" })
	void encodesEachTextPacketBackToItsWireForm(String wire) {
		assertThat(EngineCodec.decodePacket(wire).text()).isEqualTo(wire);
	}

	@Test
	void decodesBase64WithLineBreaksLikeNodeDoes() {
		// the Java client's encoder ends its base64 with a newline
		EnginePacket packet = EngineCodec.decodePacket("bAQIDBA==\n");

		assertThat(packet).isNotNull();
		assertThat(packet.binaryData()).containsExactly(1, 2, 3, 4);
	}

	@Test
	void decodesABase64RecordAsABinaryMessage() {
		EnginePacket packet = EngineCodec.decodePacket("bAQIDBA==");

		assertThat(packet.type()).isEqualTo(EnginePacketType.MESSAGE);
		assertThat(packet.binary()).isTrue();
		assertThat(packet.binaryData()).containsExactly(1, 2, 3, 4);
		assertThat(packet.content()).isEqualTo(new byte[] { 1, 2, 3, 4 });
	}

	@Test
	void binaryMessageIsItsRawBytesOnAWebSocketFrame() {
		EnginePacket packet = EnginePacket.binaryMessage(new byte[] { 1, 2, 3, 4 });

		assertThat(packet.binary()).isTrue();
		assertThat(packet.bytes()).containsExactly(1, 2, 3, 4);
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "", "7", "9hello", "x", "{}", "b!!!not base64" })
	void invalidTextIsNotAPacket(String wire) {
		assertThat(EngineCodec.decodePacket(wire)).isNull();
	}

	@Test
	void decodesThePayloadOfTheSpecification() {
		EngineCodec.DecodedPayload payload = EngineCodec.decodePayload("4hello" + RS + "2" + RS + "4world");

		assertThat(payload.malformed()).isFalse();
		assertThat(payload.packets()).containsExactly(EnginePacket.message("hello"), EnginePacket.PING,
				EnginePacket.message("world"));
	}

	@Test
	void decodesAPayloadMixingTextAndBinary() {
		EngineCodec.DecodedPayload payload = EngineCodec.decodePayload("4hello" + RS + "bAQIDBA==");

		assertThat(payload.malformed()).isFalse();
		assertThat(payload.packets()).containsExactly(EnginePacket.message("hello"),
				EnginePacket.binaryMessage(new byte[] { 1, 2, 3, 4 }));
	}

	@Test
	void encodesThePayloadOfTheSpecification() {
		String payload = EngineCodec
			.encodePayload(List.of(EnginePacket.message("hello"), EnginePacket.PING, EnginePacket.message("world")));

		assertThat(payload).isEqualTo("4hello" + RS + "2" + RS + "4world");
	}

	@Test
	void encodesBinaryAsBase64RecordsWithoutATypeDigit() {
		assertThat(EngineCodec.encodePayload(List.of(EnginePacket.binaryMessage(new byte[] { 1, 2, 3, 4 }))))
			.isEqualTo("bAQIDBA==");
		assertThat(EngineCodec.encodePayload(
				List.of(EnginePacket.message("hello"), EnginePacket.binaryMessage(new byte[] { 1, 2, 3, 4 }))))
			.isEqualTo("4hello" + RS + "bAQIDBA==");
	}

	@Test
	void decodingStopsAtTheFirstInvalidPacketAndSaysSo() {
		EngineCodec.DecodedPayload payload = EngineCodec.decodePayload("4one" + RS + "9bad" + RS + "4three");

		assertThat(payload.malformed()).isTrue();
		assertThat(payload.packets()).containsExactly(EnginePacket.message("one"));
	}

	@Test
	void emptyRecordInAPayloadIsInvalid() {
		EngineCodec.DecodedPayload payload = EngineCodec.decodePayload("4one" + RS + RS + "4three");

		assertThat(payload.malformed()).isTrue();
		assertThat(payload.packets()).containsExactly(EnginePacket.message("one"));
	}

	@Test
	void emptyPayloadIsInvalid() {
		assertThat(EngineCodec.decodePayload("").malformed()).isTrue();
	}

	@Test
	void payloadRoundTripsThroughEncodeAndDecode() {
		List<EnginePacket> packets = List.of(EnginePacket.message("a" + RS.replace(RS, "b")), EnginePacket.NOOP,
				EnginePacket.binaryMessage(new byte[] { 0, -1, 127 }), EnginePacket.of(EnginePacketType.PONG, "probe"));

		assertThat(EngineCodec.decodePayload(EngineCodec.encodePayload(packets)).packets())
			.containsExactlyElementsOf(packets);
	}

	@Test
	void textPacketCachesItsUtf8Bytes() {
		EnginePacket packet = EnginePacket.message("€");

		assertThat(packet.bytes()).containsExactly('4', 0xe2, 0x82, 0xac);
		assertThat(packet.bytes()).isSameAs(packet.bytes());
	}

	@Test
	void weightCountsTheTypeDigitAndTheData() {
		assertThat(EnginePacket.message("123456789").weight()).isEqualTo(10);
		assertThat(EnginePacket.PING.weight()).isEqualTo(1);
		assertThat(EnginePacket.binaryMessage(new byte[7]).weight()).isEqualTo(7);
	}

}
