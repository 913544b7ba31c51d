package dev.realtime.socketio.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BinaryNode;

import static dev.realtime.socketio.protocol.SpecExample.json;
import static org.assertj.core.api.Assertions.assertThat;

class JsonPacketParserRoundTripTests {

	private final JsonPacketParser parser = new JsonPacketParser();

	@Test
	void roundTripsBinaryNestedInMapsAndLists() {
		Map<String, Object> inner = new LinkedHashMap<>();
		inner.put("first", new byte[] { 1 });
		inner.put("more", List.of(Map.of("second", new byte[] { 2, 2 }), new byte[] { 3 }));

		SocketPacket packet = roundTrip(new SocketPacket(PacketType.EVENT, "/files", 4, List.of("upload", inner)));

		assertThat(packet.type()).isEqualTo(PacketType.BINARY_EVENT);
		assertThat(packet.namespace()).isEqualTo("/files");
		assertThat(packet.ackId()).isEqualTo(4);
		JsonNode data = (JsonNode) packet.data();
		assertThat(data.at("/1/first")).isEqualTo(BinaryNode.valueOf(new byte[] { 1 }));
		assertThat(data.at("/1/more/0/second")).isEqualTo(BinaryNode.valueOf(new byte[] { 2, 2 }));
		assertThat(data.at("/1/more/1")).isEqualTo(BinaryNode.valueOf(new byte[] { 3 }));
	}

	@Test
	void roundTripsRecordWithByteArrayField() {
		SocketPacket packet = roundTrip(new SocketPacket(PacketType.ACK, "/", 9,
				List.of(new Attachment("photo.png", new byte[] { -1, 0, 127 }))));

		assertThat(packet.type()).isEqualTo(PacketType.BINARY_ACK);
		JsonNode data = (JsonNode) packet.data();
		assertThat(data.at("/0/name").stringValue()).isEqualTo("photo.png");
		assertThat(data.at("/0/content").binaryValue()).containsExactly(-1, 0, 127);
	}

	@Test
	void roundTripsByteBuffersBesideByteArrays() {
		ByteBuffer buffer = ByteBuffer.wrap(new byte[] { 9, 8, 7 });
		buffer.get();

		SocketPacket packet = roundTrip(
				new SocketPacket(PacketType.EVENT, "/", -1, List.of("buffers", buffer, new byte[] { 6 })));

		JsonNode data = (JsonNode) packet.data();
		assertThat(data.get(1).binaryValue()).containsExactly(8, 7);
		assertThat(data.get(2).binaryValue()).containsExactly(6);
	}

	@Test
	void roundTripsEmptyByteArray() {
		SocketPacket packet = roundTrip(new SocketPacket(PacketType.EVENT, "/", -1, List.of("empty", new byte[0])));

		assertThat(((JsonNode) packet.data()).get(1)).isEqualTo(BinaryNode.valueOf(new byte[0]));
	}

	@ParameterizedTest
	@ValueSource(strings = { "2/x,5-[", "{\"_placeholder\":true,\"num\":0}", "quote \" and \\ backslash",
			"unicode é ✓ 😀", "line\nbreak", "1234" })
	void roundTripsTextThatLooksLikeProtocolSyntax(String text) {
		SocketPacket packet = roundTrip(
				new SocketPacket(PacketType.EVENT, "/ns-1", 7, List.of(text, Map.of(text, text))));

		assertThat(packet.namespace()).isEqualTo("/ns-1");
		assertThat(packet.ackId()).isEqualTo(7);
		assertThat(((JsonNode) packet.data()).get(0).stringValue()).isEqualTo(text);
		assertThat(((JsonNode) packet.data()).get(1).get(text).stringValue()).isEqualTo(text);
	}

	@Test
	void roundTripsTheLargestAckId() {
		assertThat(roundTrip(new SocketPacket(PacketType.ACK, "/", Long.MAX_VALUE, List.of())).ackId())
			.isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void roundTripsEveryNonBinaryPacketType() {
		List<SocketPacket> packets = List.of(new SocketPacket(PacketType.CONNECT, "/a", -1, null),
				new SocketPacket(PacketType.CONNECT, "/", -1, json("{\"token\":\"123\"}")),
				new SocketPacket(PacketType.DISCONNECT, "/a", -1, null),
				new SocketPacket(PacketType.EVENT, "/", 0, json("[\"e\",1,2.5,null,true,{\"k\":[]}]")),
				new SocketPacket(PacketType.ACK, "/a", 3, json("[]")),
				new SocketPacket(PacketType.CONNECT_ERROR, "/a", -1, json("{\"message\":\"no\",\"data\":{\"x\":1}}")),
				new SocketPacket(PacketType.CONNECT_ERROR, "/", -1, json("\"no\"")));

		for (SocketPacket packet : packets) {
			assertThat(roundTrip(packet)).isEqualTo(packet);
		}
	}

	@Test
	void oneDecoderReadsConsecutivePacketsOfAConnection() {
		PacketDecoder decoder = this.parser.newDecoder();
		List<Object> messages = new ArrayList<>();
		messages
			.addAll(this.parser.encode(new SocketPacket(PacketType.EVENT, "/", -1, List.of("a", new byte[] { 1 }))));
		messages.addAll(this.parser.encode(new SocketPacket(PacketType.EVENT, "/", -1, List.of("b"))));
		messages.addAll(this.parser.encode(new SocketPacket(PacketType.ACK, "/", 2, List.of(new byte[] { 2 }))));

		List<SocketPacket> decoded = new ArrayList<>();
		for (Object message : messages) {
			SocketPacket packet = (message instanceof String) ? decoder.add((String) message)
					: decoder.add((byte[]) message);
			if (packet != null) {
				decoded.add(packet);
			}
		}

		assertThat(decoded).extracting(SocketPacket::type)
			.containsExactly(PacketType.BINARY_EVENT, PacketType.EVENT, PacketType.BINARY_ACK);
	}

	private SocketPacket roundTrip(SocketPacket packet) {
		List<Object> messages = this.parser.encode(packet);
		PacketDecoder decoder = this.parser.newDecoder();
		SocketPacket decoded = decoder.add((String) messages.get(0));
		for (Object attachment : messages.subList(1, messages.size())) {
			assertThat(decoded).isNull();
			decoded = decoder.add((byte[]) attachment);
		}
		assertThat(decoded).isNotNull();
		return decoded;
	}

	record Attachment(String name, byte[] content) {
	}

}
