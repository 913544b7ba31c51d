package dev.realtime.socketio.protocol;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BinaryNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The packet encoding examples of the Socket.IO v5 specification
 * ({@code docs/socket.io-protocol/v5-current.md} of {@code socketio/socket.io}, sections
 * "Packet encoding" and "Sample session"), as a packet and its Engine.IO messages without
 * the leading {@code 4}.
 *
 * @param name what the example shows
 * @param packet the packet as the encoder takes it (plain Java data, {@code byte[]} for
 * binary)
 * @param expectedData the same data as the decoder yields it
 * @param messages the encoded messages: the text first, then the attachments
 */
record SpecExample(String name, SocketPacket packet, @Nullable JsonNode expectedData, List<Object> messages) {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	@Override
	public String toString() {
		return this.name;
	}

	static Stream<SpecExample> all() {
		byte[] bytes1234 = { 1, 2, 3, 4 };
		byte[] bytes12 = { 1, 2 };
		byte[] bytes34 = { 3, 4 };
		byte[] tellme = { 42 };
		return Stream.of(example("CONNECT to the main namespace", PacketType.CONNECT, "/", -1, null, null, "0"),
				example("CONNECT to a custom namespace with the session id", PacketType.CONNECT, "/admin", -1,
						Map.of("sid", "oSO0OpakMV_3jnilAAAA"), json("{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}"),
						"0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}"),
				example("CONNECT_ERROR when the connection is refused", PacketType.CONNECT_ERROR, "/", -1,
						Map.of("message", "Not authorized"), json("{\"message\":\"Not authorized\"}"),
						"4{\"message\":\"Not authorized\"}"),
				example("EVENT on the main namespace", PacketType.EVENT, "/", -1, List.of("foo"), json("[\"foo\"]"),
						"2[\"foo\"]"),
				example("EVENT on a custom namespace", PacketType.EVENT, "/admin", -1, List.of("bar"),
						json("[\"bar\"]"), "2/admin,[\"bar\"]"),
				example("BINARY_EVENT with one attachment", PacketType.BINARY_EVENT, "/", -1, List.of("baz", bytes1234),
						array(NODES.stringNode("baz"), BinaryNode.valueOf(bytes1234)),
						"51-[\"baz\",{\"_placeholder\":true,\"num\":0}]", bytes1234),
				example("BINARY_EVENT with two attachments on a custom namespace", PacketType.BINARY_EVENT, "/admin",
						-1, List.of("baz", bytes12, bytes34),
						array(NODES.stringNode("baz"), BinaryNode.valueOf(bytes12), BinaryNode.valueOf(bytes34)),
						"52-/admin,[\"baz\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
						bytes12, bytes34),
				example("EVENT with an ack id", PacketType.EVENT, "/", 12, List.of("foo"), json("[\"foo\"]"),
						"212[\"foo\"]"),
				example("ACK with no arguments", PacketType.ACK, "/", 12, List.of(), json("[]"), "312[]"),
				example("ACK on a custom namespace", PacketType.ACK, "/admin", 13, List.of("bar"), json("[\"bar\"]"),
						"3/admin,13[\"bar\"]"),
				example("BINARY_ACK with an ack id", PacketType.BINARY_ACK, "/", 15, List.of("bar", bytes1234),
						array(NODES.stringNode("bar"), BinaryNode.valueOf(bytes1234)),
						"61-15[\"bar\",{\"_placeholder\":true,\"num\":0}]", bytes1234),
				example("DISCONNECT from the main namespace", PacketType.DISCONNECT, "/", -1, null, null, "1"),
				example("DISCONNECT from a custom namespace", PacketType.DISCONNECT, "/admin", -1, null, null,
						"1/admin,"),
				example("sample session: EVENT with two arguments", PacketType.EVENT, "/", -1, List.of("hey", "Jude"),
						json("[\"hey\",\"Jude\"]"), "2[\"hey\",\"Jude\"]"),
				example("sample session: CONNECT to /admin without payload", PacketType.CONNECT, "/admin", -1, null,
						null, "0/admin,"),
				example("sample session: EVENT with an ack id on /admin", PacketType.EVENT, "/admin", 1,
						List.of("tellme"), json("[\"tellme\"]"), "2/admin,1[\"tellme\"]"),
				example("sample session: BINARY_ACK on /admin", PacketType.BINARY_ACK, "/admin", 1, List.of(tellme),
						array(BinaryNode.valueOf(tellme)), "61-/admin,1[{\"_placeholder\":true,\"num\":0}]", tellme));
	}

	private static SpecExample example(String name, PacketType type, String namespace, long ackId,
			@Nullable Object data, @Nullable JsonNode expectedData, Object... messages) {
		return new SpecExample(name, new SocketPacket(type, namespace, ackId, data), expectedData, List.of(messages));
	}

	static JsonNode json(String json) {
		return MAPPER.readTree(json);
	}

	static ArrayNode array(JsonNode... elements) {
		ArrayNode array = NODES.arrayNode();
		for (JsonNode element : elements) {
			array.add(element);
		}
		return array;
	}

	static ObjectNode object() {
		return NODES.objectNode();
	}
}
