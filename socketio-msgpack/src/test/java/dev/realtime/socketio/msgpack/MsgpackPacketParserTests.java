package dev.realtime.socketio.msgpack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.realtime.socketio.protocol.PacketDecoder;
import dev.realtime.socketio.protocol.PacketFormatException;
import dev.realtime.socketio.protocol.PacketType;
import dev.realtime.socketio.protocol.SocketPacket;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The parser against socket.io-msgpack-parser 3.0 itself, run by Node: the same bytes
 * both ways.
 */
class MsgpackPacketParserTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	/**
	 * The bytes socket.io-msgpack-parser writes for the packets of parser.js, by name.
	 */
	private static Map<String, byte[]> written;

	private final MsgpackPacketParser parser = new MsgpackPacketParser(mapper);

	@BeforeAll
	static void encodeWithNode() throws Exception {
		written = new LinkedHashMap<>();
		for (String line : Notepack.run("parser.js", List.of("encode"), "")) {
			JsonNode json = mapper.readTree(line);
			written.put(json.get("name").stringValue(), Notepack.unhex(json.get("hex").stringValue()));
		}
	}

	@Test
	void writesTheBytesNodesServerWrites() {
		Map<String, SocketPacket> packets = new LinkedHashMap<>();
		packets.put("event", new SocketPacket(PacketType.EVENT, "/", -1,
				List.of("message", 1, "2", Map.of("3", List.of(true)), new byte[] { 1, 2, 3 })));
		packets.put("event with ack", new SocketPacket(PacketType.BINARY_EVENT, "/chat", 7,
				List.of("ping", Map.of("deep", List.of(Map.of("bin", new byte[] { 4 }))))));
		packets.put("ack",
				new SocketPacket(PacketType.ACK, "/chat", 7, List.of(Map.of("ok", true), new byte[] { 5, 6 })));
		packets.put("empty ack", new SocketPacket(PacketType.BINARY_ACK, "/", 0, List.of()));
		packets.put("connect", new SocketPacket(PacketType.CONNECT, "/", -1, Map.of("sid", "abc")));
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", "nope");
		error.put("data", Map.of("code", 1));
		packets.put("connect error", new SocketPacket(PacketType.CONNECT_ERROR, "/admin", -1, error));
		packets.put("disconnect", new SocketPacket(PacketType.DISCONNECT, "/chat", -1, null));
		for (Map.Entry<String, SocketPacket> packet : packets.entrySet()) {
			List<Object> messages = this.parser.encode(packet.getValue());
			assertThat(messages).as(packet.getKey()).hasSize(1);
			assertThat(Notepack.hex((byte[]) messages.get(0))).as(packet.getKey())
				.isEqualTo(Notepack.hex(written.get(packet.getKey())));
		}
	}

	@Test
	void readsWhatNodesServerAndClientWrite() {
		PacketDecoder decoder = this.parser.newDecoder();
		SocketPacket event = decoder.add(written.get("event"));
		assertThat(event.type()).isEqualTo(PacketType.EVENT);
		assertThat(event.namespace()).isEqualTo("/");
		assertThat(event.hasAckId()).isFalse();
		JsonNode data = (JsonNode) event.data();
		assertThat(data.get(0).stringValue()).isEqualTo("message");
		assertThat(data.get(3).toString()).isEqualTo("{\"3\":[true]}");
		assertThat(data.get(4).binaryValue()).containsExactly(1, 2, 3);

		SocketPacket deep = decoder.add(written.get("event with ack"));
		assertThat(deep.ackId()).isEqualTo(7);
		assertThat(deep.namespace()).isEqualTo("/chat");
		assertThat(((JsonNode) deep.data()).at("/1/deep/0/bin").binaryValue()).containsExactly(4);

		SocketPacket ack = decoder.add(written.get("ack"));
		assertThat(ack.type()).isEqualTo(PacketType.ACK);
		assertThat(ack.ackId()).isEqualTo(7);
		assertThat(((JsonNode) ack.data()).get(1).binaryValue()).containsExactly(5, 6);

		SocketPacket connect = decoder.add(written.get("client connect"));
		assertThat(connect.type()).isEqualTo(PacketType.CONNECT);
		assertThat(connect.data()).as("undefined auth").isNull();

		SocketPacket clientEvent = decoder.add(written.get("client event"));
		assertThat(clientEvent.ackId()).isEqualTo(3);
		assertThat(((JsonNode) clientEvent.data()).get(1).binaryValue()).as("an ArrayBuffer").containsExactly(1, 2);

		SocketPacket error = decoder.add(written.get("connect error"));
		assertThat(error.type()).isEqualTo(PacketType.CONNECT_ERROR);
		assertThat(((JsonNode) error.data()).get("message").stringValue()).isEqualTo("nope");
		assertThat(decoder.add(written.get("disconnect")).type()).isEqualTo(PacketType.DISCONNECT);
	}

	@Test
	void nodeReadsWhatIsWrittenHere() throws Exception {
		List<SocketPacket> packets = List.of(
				new SocketPacket(PacketType.EVENT, "/chat", 3,
						List.of("file", Map.of("parts", List.of(new byte[] { 1 }, "x")))),
				new SocketPacket(PacketType.ACK, "/", 9, List.of(1.5, new Record("a", 2))),
				new SocketPacket(PacketType.CONNECT, "/admin", -1, new LinkedHashMap<>(Map.of("sid", "s1"))),
				new SocketPacket(PacketType.CONNECT_ERROR, "/admin", -1, "refused"),
				new SocketPacket(PacketType.EVENT, "/", -1, List.of(42)));
		StringBuilder stdin = new StringBuilder();
		for (SocketPacket packet : packets) {
			stdin.append(Notepack.hex((byte[]) this.parser.encode(packet).get(0))).append('\n');
		}
		List<String> read = Notepack.run("parser.js", List.of("decode"), stdin.toString());
		assertThat(read).containsExactly(
				"{\"packet\":{\"type\":2,\"data\":[\"file\",{\"parts\":[{\"$bin\":\"01\"},\"x\"]}],\"id\":3,\"nsp\":\"/chat\"}}",
				"{\"packet\":{\"id\":9,\"type\":3,\"data\":[1.5,{\"name\":\"a\",\"count\":2}],\"nsp\":\"/\"}}",
				"{\"packet\":{\"type\":0,\"data\":{\"sid\":\"s1\"},\"nsp\":\"/admin\"}}",
				"{\"packet\":{\"type\":4,\"data\":\"refused\",\"nsp\":\"/admin\"}}",
				"{\"packet\":{\"type\":2,\"data\":[42],\"nsp\":\"/\"}}");
	}

	record Record(String name, int count) {
	}

	@Test
	void refusesWhatSocketIoMsgpackParserRefuses() throws Exception {
		MsgpackCodec codec = this.parser.codec();
		Map<String, Object> cases = new LinkedHashMap<>();
		cases.put("not a map", List.of(1));
		cases.put("type 5", packet(5, "/", List.of("x")));
		cases.put("type as string", packet("2", "/", List.of("x")));
		cases.put("no namespace", packet(2, null, List.of("x")));
		cases.put("namespace a number", packet(2, 1, List.of("x")));
		cases.put("event without array", packet(2, "/", Map.of("a", 1)));
		cases.put("connect with array", packet(0, "/", List.of()));
		cases.put("disconnect with data", packet(1, "/", List.of()));
		cases.put("connect error without data", packet(4, "/", null));
		Map<String, Object> fractionalId = packet(3, "/", List.of());
		fractionalId.put("id", 1.5);
		cases.put("fractional id", fractionalId);
		List<byte[]> inputs = new ArrayList<>();
		cases.values().forEach((value) -> inputs.add(codec.encode(value)));
		inputs.add(Notepack.unhex("85a4"));
		StringBuilder stdin = new StringBuilder();
		inputs.forEach((input) -> stdin.append(Notepack.hex(input)).append('\n'));
		List<String> node = Notepack.run("parser.js", List.of("decode"), stdin.toString());
		PacketDecoder decoder = this.parser.newDecoder();
		for (int i = 0; i < inputs.size(); i++) {
			byte[] input = inputs.get(i);
			assertThat(node.get(i)).as("socket.io-msgpack-parser refuses input %d too", i).startsWith("{\"error\":");
			assertThatThrownBy(() -> decoder.add(input)).as("input %d: %s", i, node.get(i))
				.isInstanceOf(PacketFormatException.class);
		}
		// and what the JSON parser refuses as well
		assertThatThrownBy(() -> decoder.add(codec.encode(packet(2, "/", List.of("disconnect")))))
			.isInstanceOf(PacketFormatException.class)
			.hasMessageContaining("reserved event name");
		assertThatThrownBy(() -> decoder.add(codec.encode(packet(2, "/", List.of()))))
			.isInstanceOf(PacketFormatException.class)
			.hasMessageContaining("must be a non-empty list");
		assertThatThrownBy(() -> decoder.add(codec.encode(packet(2, "chat", List.of("x")))))
			.isInstanceOf(PacketFormatException.class)
			.hasMessageContaining("starting with '/', got \"chat\"");
		assertThatThrownBy(() -> decoder.add("2[\"x\"]")).isInstanceOf(PacketFormatException.class)
			.hasMessageContaining("binary messages only");
		assertThatThrownBy(() -> decoder.add(Notepack.unhex("85a4"))).isInstanceOf(PacketFormatException.class)
			.hasMessageContaining("Invalid MessagePack");
	}

	@Test
	void refusesToWriteWhatThePeerWouldRefuse() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.parser.encode(new SocketPacket(PacketType.EVENT, "/", -1, List.of())))
			.withMessageContaining("non-empty list");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.parser.encode(new SocketPacket(PacketType.EVENT, "/", -1, List.of(List.of()))))
			.withMessageContaining("EVENT packet data must be");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.parser.encode(new SocketPacket(PacketType.ACK, "/", 1, Map.of())))
			.withMessageContaining("ACK packet data must be a list");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.parser.encode(new SocketPacket(PacketType.CONNECT, "/", -1, "x")))
			.withMessageContaining("a map or none");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.parser.encode(new SocketPacket(PacketType.DISCONNECT, "/", -1, List.of())))
			.withMessageContaining("carries no data");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.parser.encode(new SocketPacket(PacketType.EVENT, "chat", -1, List.of("x"))))
			.withMessageContaining("must start with '/'");
		List<Object> big = new ArrayList<>();
		big.add("many");
		for (int i = 0; i < 70_000; i++) {
			big.add(i);
		}
		assertThat(this.parser.encode(new SocketPacket(PacketType.EVENT, "/", -1, big))).hasSize(1);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.parser
				.encode(new SocketPacket(PacketType.EVENT, "/", -1, java.util.Collections.nCopies(20, Map.of()))))
			.as("an array16 whose first element is not a name")
			.withMessageContaining("EVENT packet data must be");
	}

	private static Map<String, Object> packet(Object type, Object nsp, Object data) {
		Map<String, Object> packet = new LinkedHashMap<>();
		packet.put("type", type);
		if (data != null) {
			packet.put("data", data);
		}
		if (nsp != null) {
			packet.put("nsp", nsp);
		}
		return packet;
	}

}
