package dev.realtime.socketio.engine.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.realtime.socketio.engine.spi.Frame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Engine.IO v3 framing as engine.io-parser 2.x (Node's {@code parser-v3}) writes and
 * reads it, and the reasons given for what it refuses.
 */
class Eio3CodecTests {

	private static final EnginePacket BINARY = EnginePacket.binaryMessage(new byte[] { 1, 2, 3 });

	@Test
	void textPayloadIsLengthPrefixedRecordsWithBinaryAsB4Base64() {
		Object payload = Eio3Codec.encodePayload(List.of(EnginePacket.message("é"), BINARY, EnginePacket.PONG), false);

		assertThat(payload).isEqualTo("2:4é6:b4AQID1:3");
	}

	@Test
	void binaryPayloadOnlyWhenTheClientTakesBinaryAndAPacketIsBinary() {
		assertThat(Eio3Codec.encodePayload(List.of(EnginePacket.message("a")), true)).isEqualTo("2:4a");
		assertThat((byte[]) Eio3Codec.encodePayload(List.of(EnginePacket.message("é"), BINARY), true))
			.containsExactly(0, 3, 255, '4', 0xc3, 0xa9, 1, 4, 255, 4, 1, 2, 3);
	}

	@Test
	void binaryPayloadRoundTripsWithLengthsOfSeveralDigits() {
		String text = "x".repeat(123);
		byte[] encoded = (byte[]) Eio3Codec.encodePayload(List.of(EnginePacket.message(text), BINARY), true);

		Eio3Codec.Decoded decoded = Eio3Codec.decodeBinaryPayload(encoded);

		assertThat(decoded.error()).isNull();
		assertThat(decoded.packets()).containsExactly(EnginePacket.message(text), BINARY);
	}

	@Test
	void emptyRecordsAreSkippedAsNodeSkipsThem() {
		Eio3Codec.Decoded decoded = Eio3Codec.decodePayload("0:2:4a");

		assertThat(decoded.malformed()).isFalse();
		assertThat(decoded.packets()).containsExactly(EnginePacket.message("a"));
	}

	@Test
	void textPayloadRefusalsNameWhatIsWrong() {
		assertThat(Eio3Codec.decodePayload("").error()).isEqualTo("empty payload: records are <length>:<packet>");
		assertThat(Eio3Codec.decodePayload(":4a").error())
			.isEqualTo("length prefix '' at offset 0 is not a number of characters");
		assertThat(Eio3Codec.decodePayload("99999999999:4").error())
			.isEqualTo("length prefix '99999999999' at offset 0 is not a number of characters");
		assertThat(Eio3Codec.decodePayload("2:4a12").error()).isEqualTo("'12' at offset 4 has no ':' after its length");
		assertThat(Eio3Codec.decodePayload("2:9a").error()).isEqualTo("'9a' at offset 2 is not a packet");
		assertThat(Eio3Codec.decodePayload("4:b2AQ").error()).isEqualTo("'b2AQ' at offset 2 is not a packet");
		assertThat(Eio3Codec.decodePayload("1:b").error()).isEqualTo("'b' at offset 2 is not a packet");
	}

	@Test
	void packetsBeforeTheErrorAreKept() {
		Eio3Codec.Decoded decoded = Eio3Codec.decodePayload("2:4a2:4b3:");

		assertThat(decoded.packets()).containsExactly(EnginePacket.message("a"), EnginePacket.message("b"));
		assertThat(decoded.error()).isEqualTo("record at offset 8 declares 3 characters but 0 follow");
	}

	@Test
	void binaryPayloadRefusalsNameWhatIsWrong() {
		assertThat(Eio3Codec.decodeBinaryPayload(new byte[0]).error()).isEqualTo("empty binary payload");
		assertThat(Eio3Codec.decodeBinaryPayload(new byte[] { 2, 1, (byte) 255, 4 }).error())
			.isEqualTo("byte 2 at offset 0 is not a record marker (0 text, 1 binary)");
		assertThat(Eio3Codec.decodeBinaryPayload(new byte[] { 0, 1, 2 }).error())
			.isEqualTo("record at offset 0 has no 255 after its length");
		assertThat(Eio3Codec.decodeBinaryPayload(new byte[] { 0, 12, (byte) 255, '4' }).error())
			.isEqualTo("record at offset 0 has an invalid length digit 12");
		assertThat(Eio3Codec.decodeBinaryPayload(new byte[] { 0, (byte) 255, '4' }).error())
			.isEqualTo("record at offset 0 has no length");
		assertThat(Eio3Codec.decodeBinaryPayload(new byte[] { 1, 5, (byte) 255, 4, 1 }).error())
			.isEqualTo("record at offset 0 declares 5 bytes but 2 follow");
		assertThat(Eio3Codec.decodeBinaryPayload(new byte[] { 1, 2, (byte) 255, 2, 1 }).error())
			.isEqualTo("record at offset 0 is not a packet");
		assertThat(Eio3Codec.decodeBinaryPayload("\u0000\u0009\u00ff4".getBytes(StandardCharsets.ISO_8859_1)).error())
			.isEqualTo("record at offset 0 declares 9 bytes but 1 follow");
	}

	@Test
	void webSocketFramesPutTheTypeByteBeforeBinaryOrBase64ItForBase64Clients() {
		Frame binary = Eio3Codec.webSocketFrame(BINARY, true);
		Frame base64 = Eio3Codec.webSocketFrame(BINARY, false);

		assertThat(binary.binary()).isTrue();
		assertThat(binary.bytes()).containsExactly(4, 1, 2, 3);
		assertThat(base64.binary()).isFalse();
		assertThat(base64.text()).isEqualTo("b4AQID");
		assertThat(base64.bytes()).isEqualTo("b4AQID".getBytes(StandardCharsets.UTF_8));
		assertThat(Eio3Codec.webSocketFrame(EnginePacket.message("x"), true).text()).isEqualTo("4x");
		assertThat(Eio3Codec.decodeBinaryFrame(new byte[] { 4, 9 }))
			.isEqualTo(EnginePacket.binaryMessage(new byte[] { 9 }));
		assertThat(Eio3Codec.decodeBinaryFrame(new byte[] { 2 })).isNull();
		assertThat(Eio3Codec.decodeBinaryFrame(new byte[0])).isNull();
	}

}
