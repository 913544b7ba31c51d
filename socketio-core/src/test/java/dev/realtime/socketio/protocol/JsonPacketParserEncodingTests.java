package dev.realtime.socketio.protocol;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.BinaryNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonPacketParserEncodingTests {

	private static final String PH0 = "{\"_placeholder\":true,\"num\":0}";

	private static final String PH1 = "{\"_placeholder\":true,\"num\":1}";

	private final JsonPacketParser parser = new JsonPacketParser();

	@ParameterizedTest(name = "{0}")
	@MethodSource("dev.realtime.socketio.protocol.SpecExample#all")
	void encodesEverySpecificationExample(SpecExample example) {
		assertThat(this.parser.encode(example.packet())).containsExactlyElementsOf(example.messages());
	}

	@Test
	void encodesMixedArgumentsExactlyAsTheConformanceSuiteExpects() {
		List<Object> messages = encode(PacketType.EVENT, "/", -1,
				List.of("message-back", 1, "2", Map.of("3", List.of(true))));

		assertThat(messages).containsExactly("2[\"message-back\",1,\"2\",{\"3\":[true]}]");
	}

	@Test
	void writesNamespaceThenCommaThenAckIdBeforeThePayload() {
		assertThat(encode(PacketType.EVENT, "/custom", 12, List.of("hello"))).containsExactly("2/custom,12[\"hello\"]");
	}

	@Test
	void encodesConnectReplyWithItsSessionId() {
		assertThat(encode(PacketType.CONNECT, "/", -1, Map.of("sid", "x"))).containsExactly("0{\"sid\":\"x\"}");
	}

	@Test
	void encodesInvalidNamespaceErrorOnTheRefusedNamespace() {
		assertThat(encode(PacketType.CONNECT_ERROR, "/random", -1, Map.of("message", "Invalid namespace")))
			.containsExactly("4/random,{\"message\":\"Invalid namespace\"}");
	}

	@Test
	void encodesDisconnectFromCustomNamespaceWithTrailingComma() {
		assertThat(encode(PacketType.DISCONNECT, "/chat", -1, null)).containsExactly("1/chat,");
	}

	@Test
	void encodesConnectErrorWithStringData() {
		assertThat(encode(PacketType.CONNECT_ERROR, "/", -1, "oops")).containsExactly("4\"oops\"");
	}

	@Test
	void encodesTwoBinaryArgumentsAsTheConformanceSuiteExpects() {
		byte[] first = { 1, 2, 3 };
		byte[] second = { 4, 5, 6 };

		List<Object> messages = encode(PacketType.EVENT, "/", -1, List.of("message", first, second));

		assertThat(messages).containsExactly("52-[\"message\"," + PH0 + "," + PH1 + "]", first, second);
	}

	@Test
	void turnsAckWithBinaryIntoBinaryAckWithCountBeforeAckId() {
		byte[] first = { 1, 2, 3 };
		byte[] second = { 4, 5, 6 };

		List<Object> messages = encode(PacketType.ACK, "/", 789, List.of(first, second));

		assertThat(messages).containsExactly("62-789[" + PH0 + "," + PH1 + "]", first, second);
	}

	@Test
	void sendsBinaryEventWithoutBinaryAsPlainEvent() {
		assertThat(encode(PacketType.BINARY_EVENT, "/", -1, List.of("plain"))).containsExactly("2[\"plain\"]");
		assertThat(encode(PacketType.BINARY_ACK, "/", 3, List.of())).containsExactly("33[]");
	}

	@Test
	void keepsIntegersAsIntegersAndFloatsAsFloats() {
		List<Object> data = List.of("numbers", 1, 2L, 10_000_000_000L, new BigInteger("123456789012345678901234567890"),
				1.5, -0.25f);

		assertThat(encode(PacketType.EVENT, "/", -1, data))
			.containsExactly("2[\"numbers\",1,2,10000000000,123456789012345678901234567890,1.5,-0.25]");
	}

	@Test
	void writesMapEntriesInInsertionOrderWithoutSpaces() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("z", 1);
		map.put("a", List.of(2, 3));
		map.put("m", Map.of());

		assertThat(encode(PacketType.EVENT, "/", -1, List.of("e", map)))
			.containsExactly("2[\"e\",{\"z\":1,\"a\":[2,3],\"m\":{}}]");
	}

	@Test
	void writesCompactInsertionOrderedJsonEvenWhenTheMapperIndentsAndSortsKeys() {
		JsonMapper mapper = JsonMapper.builder()
			.enable(SerializationFeature.INDENT_OUTPUT)
			.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
			.build();
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("z", 1);
		map.put("a", 2);

		List<Object> messages = new JsonPacketParser(mapper)
			.encode(new SocketPacket(PacketType.EVENT, "/", -1, List.of("e", map)));

		assertThat(messages).containsExactly("2[\"e\",{\"z\":1,\"a\":2}]");
	}

	@Test
	void replacesBinaryNestedInMapsAndListsNumberedDepthFirstInWriteOrder() {
		byte[] b0 = { 0 };
		byte[] b1 = { 1 };
		byte[] b2 = { 2 };
		byte[] b3 = { 3 };
		Map<String, Object> inner = new LinkedHashMap<>();
		inner.put("a", b0);
		inner.put("list", List.of(b1, Map.of("deep", b2)));

		List<Object> messages = encode(PacketType.EVENT, "/", -1, List.of("upload", inner, b3));

		assertThat(messages).containsExactly(
				"54-[\"upload\",{\"a\":" + PH0 + ",\"list\":[" + PH1
						+ ",{\"deep\":{\"_placeholder\":true,\"num\":2}}]},{\"_placeholder\":true,\"num\":3}]",
				b0, b1, b2, b3);
	}

	@Test
	void replacesByteArrayFieldsOfRecords() {
		byte[] content = { 7, 8 };
		byte[] part = { 9 };

		List<Object> messages = encode(PacketType.EVENT, "/", -1,
				List.of("file", new Upload("a.bin", content, List.of(part))));

		assertThat(messages).containsExactly(
				"52-[\"file\",{\"name\":\"a.bin\",\"content\":" + PH0 + ",\"parts\":[" + PH1 + "]}]", content, part);
	}

	@Test
	void replacesBinaryNodesInsideJsonTrees() {
		ObjectNode tree = SpecExample.object();
		tree.put("kind", "avatar");
		tree.set("image", BinaryNode.valueOf(new byte[] { 5, 6 }));

		List<Object> messages = encode(PacketType.EVENT, "/", -1, List.of("profile", tree));

		assertThat(messages).containsExactly("51-[\"profile\",{\"kind\":\"avatar\",\"image\":" + PH0 + "}]",
				new byte[] { 5, 6 });
	}

	@Test
	void replacesBinaryInsideAJsonTreeGivenAsTheWholeData() {
		List<Object> messages = encode(PacketType.ACK, "/", 1, SpecExample.array(BinaryNode.valueOf(new byte[] { 1 })));

		assertThat(messages).containsExactly("61-1[" + PH0 + "]", new byte[] { 1 });
	}

	@Test
	void replacesBinaryThatCustomSerializersWriteThroughWritePojo() {
		byte[] blob = { 4, 2 };

		List<Object> messages = encode(PacketType.EVENT, "/", -1, List.of("custom", new WritesPojo(blob)));

		assertThat(messages).containsExactly("51-[\"custom\",{\"blob\":" + PH0 + "}]", blob);
	}

	@Test
	void attachesTheRemainingBytesOfAHeapByteBufferWithoutMovingItsPosition() {
		ByteBuffer buffer = ByteBuffer.wrap(new byte[] { 0, 1, 2, 3, 4, 5 }, 1, 4).slice();
		buffer.position(1);

		List<Object> messages = encode(PacketType.EVENT, "/", -1, List.of("bytes", buffer));

		assertThat(messages).containsExactly("51-[\"bytes\"," + PH0 + "]", new byte[] { 2, 3, 4 });
		assertThat(buffer.position()).isEqualTo(1);
		assertThat(buffer.remaining()).isEqualTo(3);
	}

	@Test
	void attachesTheRemainingBytesOfADirectByteBufferWithoutMovingItsPosition() {
		ByteBuffer buffer = ByteBuffer.allocateDirect(4).put(new byte[] { 1, 2, 3, 4 });
		buffer.position(2);

		List<Object> messages = encode(PacketType.EVENT, "/", -1, List.of("bytes", Map.of("direct", buffer)));

		assertThat(messages).containsExactly("51-[\"bytes\",{\"direct\":" + PH0 + "}]", new byte[] { 3, 4 });
		assertThat(buffer.position()).isEqualTo(2);
	}

	@Test
	void handsOverAWholeByteArrayWithoutCopyingIt() {
		byte[] payload = { 1, 2, 3 };

		List<Object> messages = encode(PacketType.EVENT, "/", -1, List.of("bytes", payload));

		assertThat(messages.get(1)).isSameAs(payload);
	}

	@Test
	void returnsAnUnmodifiableListOfMessages() {
		List<Object> messages = encode(PacketType.EVENT, "/", -1, List.of("bytes", new byte[] { 1 }));

		assertThatThrownBy(() -> messages.add("more")).isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void rejectsNamespaceThatDoesNotStartWithSlash() {
		assertThatIllegalArgumentException().isThrownBy(() -> encode(PacketType.EVENT, "chat", -1, List.of("e")))
			.withMessageContaining("must start with '/'");
	}

	@Test
	void rejectsNamespaceContainingAComma() {
		assertThatIllegalArgumentException().isThrownBy(() -> encode(PacketType.EVENT, "/a,b", -1, List.of("e")))
			.withMessageContaining("must not contain a comma");
	}

	@Test
	void rejectsEventWithoutData() {
		assertThatIllegalArgumentException().isThrownBy(() -> encode(PacketType.EVENT, "/", -1, null))
			.withMessageContaining("EVENT packet needs data");
	}

	@Test
	void rejectsEventWithoutEventName() {
		assertThatIllegalArgumentException().isThrownBy(() -> encode(PacketType.EVENT, "/", -1, List.of()))
			.withMessageContaining("non-empty list");
	}

	@Test
	void rejectsEventWhoseNameIsNeitherAStringNorANumber() {
		assertThatIllegalArgumentException().isThrownBy(() -> encode(PacketType.EVENT, "/", -1, List.of(true, "a")))
			.withMessageContaining("starting with the event name");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> encode(PacketType.EVENT, "/", -1, List.of(Map.of("name", "a"))))
			.withMessageContaining("starting with the event name");
	}

	@Test
	void acceptsEventWhoseNameIsANumber() {
		assertThat(encode(PacketType.EVENT, "/", -1, List.of(-1, "a"))).containsExactly("2[-1,\"a\"]");
	}

	@Test
	void rejectsEventWhoseDataIsNotAList() {
		assertThatIllegalArgumentException().isThrownBy(() -> encode(PacketType.EVENT, "/", -1, Map.of("a", 1)))
			.withMessageContaining("non-empty list");
	}

	@Test
	void rejectsAckWithoutData() {
		assertThatIllegalArgumentException().isThrownBy(() -> encode(PacketType.ACK, "/", 1, null))
			.withMessageContaining("ACK packet needs data");
	}

	@Test
	void rejectsDisconnectWithData() {
		assertThatIllegalArgumentException().isThrownBy(() -> encode(PacketType.DISCONNECT, "/", -1, Map.of()))
			.withMessageContaining("DISCONNECT packet carries no data");
	}

	@Test
	void rejectsConnectWhoseDataIsNotAnObject() {
		assertThatIllegalArgumentException().isThrownBy(() -> encode(PacketType.CONNECT, "/", -1, List.of("sid")))
			.withMessageContaining("an object or none");
	}

	@Test
	void rejectsBinaryInPacketsOtherThanEventAndAck() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> encode(PacketType.CONNECT, "/", -1, Map.of("key", new byte[] { 1 })))
			.withMessageContaining("CONNECT packet cannot carry binary");
	}

	@Test
	void reportsDataJacksonCannotWriteAsIllegalArgument() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> encode(PacketType.EVENT, "/", -1, List.of("e", new Unwritable())))
			.withMessageStartingWith("Cannot write the data of a EVENT packet as JSON");
	}

	@Test
	void rejectsNegativeMaximumOfAttachments() {
		assertThatIllegalArgumentException().isThrownBy(() -> new JsonPacketParser(JsonMapper.builder().build(), -1))
			.withMessageContaining("maxAttachments");
	}

	private List<Object> encode(PacketType type, String namespace, long ackId, Object data) {
		return this.parser.encode(new SocketPacket(type, namespace, ackId, data));
	}

	record Upload(String name, byte[] content, List<byte[]> parts) {
	}

	/**
	 * Writes itself by handing a map to {@code writePOJO}, as some custom serializers do.
	 */
	static class WritesPojo extends JacksonSerializable.Base {

		private final byte[] blob;

		WritesPojo(byte[] blob) {
			this.blob = blob;
		}

		@Override
		public void serialize(JsonGenerator generator, SerializationContext context) {
			generator.writePOJO(Map.of("blob", this.blob));
		}

		@Override
		public void serializeWithType(JsonGenerator generator, SerializationContext context, TypeSerializer types) {
			serialize(generator, context);
		}

	}

	static class Unwritable {

		public String getValue() {
			throw new IllegalStateException("no value");
		}

	}

	@Test
	void writesReceivedTreesAsTheMapperDoesAtEveryDepthAndEveryAckId() {
		JsonMapper mapper = JsonMapper.builder().build();
		ObjectNode tree = (ObjectNode) mapper.readTree("{\"i\":1,\"l\":12345678901,"
				+ "\"big\":123456789012345678901234567890,\"d\":1.5,\"s\":\"\u00e9\\\"\\n\",\"t\":true,"
				+ "\"n\":null,\"a\":[[],{},[1,{\"x\":[false]}]],\"o\":{\"deep\":{\"er\":[]}}}");
		tree.put("f", 2.5f);
		tree.put("nan", Double.NaN);
		List<Object> data = java.util.Arrays.asList("event", tree, "s", 7, 8L, null, true, mapper.readTree("[]"));
		for (long ackId : new long[] { 0, 9, 10, 1234567, Long.MAX_VALUE }) {
			String expected = "2" + ackId + mapper.writeValueAsString(data).replace("\"NaN\"", "null");
			assertThat(encode(PacketType.EVENT, "/", ackId, data)).containsExactly(expected);
		}
	}

	@Test
	void writesBinaryNodesOfTreesAsAttachments() {
		ObjectNode tree = JsonMapper.builder().build().createObjectNode();
		tree.set("file", BinaryNode.valueOf(new byte[] { 1, 2 }));
		List<Object> messages = encode(PacketType.ACK, "/", 3, List.of(tree));

		assertThat(messages).hasSize(2);
		assertThat(messages.get(0)).isEqualTo("61-3[{\"file\":" + PH0 + "}]");
		assertThat((byte[]) messages.get(1)).containsExactly(1, 2);
	}

	@Test
	void writesTreesWithDecimalsAndPojosAsTheMapperDoes() {
		JsonMapper mapper = JsonMapper.builder().build();
		ObjectNode tree = mapper.createObjectNode();
		tree.put("price", new java.math.BigDecimal("1.50"));
		tree.putPOJO("pojo", Map.of("k", List.of(1)));
		List<Object> data = List.of("event", tree);

		assertThat(encode(PacketType.EVENT, "/", -1, data)).containsExactly("2" + mapper.writeValueAsString(data));
	}

	@Test
	void writesTreesAsAMapperThatSortsTheirPropertiesDoes() {
		JsonMapper mapper = JsonMapper.builder()
			.enable(tools.jackson.databind.cfg.JsonNodeFeature.WRITE_PROPERTIES_SORTED)
			.build();
		ObjectNode tree = mapper.createObjectNode().put("b", 1).put("a", 2);

		assertThat(new JsonPacketParser(mapper).encode(new SocketPacket(PacketType.ACK, "/", 1, List.of(tree))))
			.containsExactly("31[{\"a\":2,\"b\":1}]");
	}

	@Test
	void writesPlainDataWithoutAGeneratorExactlyAsTheMapperWritesIt() {
		JsonMapper mapper = JsonMapper.builder().build();
		assertThat(this.parser.writesText()).isTrue();
		java.util.Random random = new java.util.Random(12);
		for (int i = 0; i < 400; i++) {
			List<Object> data = new java.util.ArrayList<>();
			data.add(randomString(random));
			for (int n = random.nextInt(4); n > 0; n--) {
				data.add(randomPlain(mapper, random, 0));
			}
			long ackId = random.nextInt(3) - 1L;
			String expected = ((ackId < 0) ? "2" : "2" + ackId) + mapper.writeValueAsString(data);
			assertThat(encode(PacketType.EVENT, "/", ackId, data)).containsExactly(expected);
		}
	}

	@Test
	void writesPlainDataNestedDeeperThanTheTextWriterGoesThroughTheGenerator() {
		JsonMapper mapper = JsonMapper.builder().build();
		String json = "[".repeat(100) + "1" + "]".repeat(100);
		List<Object> data = List.of("deep", mapper.readTree(json));

		assertThat(encode(PacketType.ACK, "/", 4, data)).containsExactly("34[\"deep\"," + json + "]");
	}

	@Test
	void keepsTheEscapesOfAMapperThatEscapesNonAscii() {
		JsonMapper mapper = JsonMapper.builder()
			.enable(tools.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
			.build();
		JsonPacketParser escaping = new JsonPacketParser(mapper);
		ObjectNode tree = mapper.createObjectNode().put("k", "\u00e9");

		assertThat(escaping.writesText()).isFalse();
		assertThat(escaping.encode(new SocketPacket(PacketType.ACK, "/", 1, List.of(tree, "\u2028"))))
			.containsExactly("31[{\"k\":\"\\u00E9\"},\"\\u2028\"]");
	}

	private static Object randomPlain(JsonMapper mapper, java.util.Random random, int depth) {
		int kind = random.nextInt((depth < 4) ? 9 : 6);
		return switch (kind) {
			case 0 -> randomString(random);
			case 1 -> random.nextInt();
			case 2 -> random.nextLong();
			case 3 -> random.nextBoolean();
			case 4 -> mapper.getNodeFactory().stringNode(randomString(random));
			case 5 -> mapper.getNodeFactory().numberNode(random.nextBoolean() ? random.nextInt() : random.nextLong());
			case 6 -> {
				tools.jackson.databind.node.ArrayNode array = mapper.createArrayNode();
				for (int n = random.nextInt(4); n > 0; n--) {
					array.add(randomNode(mapper, random, depth + 1));
				}
				yield array;
			}
			case 7 -> {
				ObjectNode object = mapper.createObjectNode();
				for (int n = random.nextInt(4); n > 0; n--) {
					object.set(randomString(random), randomNode(mapper, random, depth + 1));
				}
				yield object;
			}
			default -> mapper.getNodeFactory().nullNode();
		};
	}

	private static tools.jackson.databind.JsonNode randomNode(JsonMapper mapper, java.util.Random random, int depth) {
		Object value = randomPlain(mapper, random, depth);
		if (value instanceof tools.jackson.databind.JsonNode node) {
			return node;
		}
		return mapper.valueToTree(value);
	}

	/**
	 * Every control character, quote, backslash, non-ASCII, emoji and lone surrogates.
	 */
	private static String randomString(java.util.Random random) {
		String pool = "\"\\/\u007f\u00e9\u2028\u2029\ud83d\ude00\ud800\udfffab c";
		StringBuilder text = new StringBuilder();
		for (int n = random.nextInt(12); n > 0; n--) {
			text.append(
					random.nextInt(3) == 0 ? (char) random.nextInt(0x20) : pool.charAt(random.nextInt(pool.length())));
		}
		return text.toString();
	}

}
