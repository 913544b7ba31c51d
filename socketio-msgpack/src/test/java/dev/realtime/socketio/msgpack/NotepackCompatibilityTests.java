package dev.realtime.socketio.msgpack;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The codec against notepack.io itself (2.2, in socket.io-msgpack-parser, and 3.0, in the
 * Redis adapters), run by Node: the same bytes for the same values, and the same values
 * read from the same bytes, both ways.
 */
class NotepackCompatibilityTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private static Map<String, Notepack.Written> vectors;

	private final MsgpackCodec codec = new MsgpackCodec(mapper);

	@BeforeAll
	static void writeVectorsWithNotepack() throws Exception {
		vectors = Notepack.vectors();
	}

	/** The Java values that mean what the script's named JavaScript values mean. */
	private static Map<String, Object> javaEquivalents() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("positive integers",
				List.of(0, 1, 127, 128, 255, 256, 65535, 65536, 4294967295L, 4294967296L, 9007199254740991L));
		values.put("negative integers",
				List.of(-1, -32, -33, -128, -129, -32768, -32769, -2147483648, -2147483649L, -9007199254740991L));
		values.put("floats", List.of(0.5, -1.25, Math.PI, -2.5e-300, 1.5e-10));
		values.put("integral floats", List.of(2.0, -3.0f, -0.0, 4294967296.0));
		values.put("non-finite numbers", List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY));
		values.put("strings", List.of("", "a", "x".repeat(31), "x".repeat(32), "x".repeat(255), "x".repeat(256),
				"x".repeat(65535), "x".repeat(65536), "héllo ✓ 😀"));
		values.put("binary", List.of(bytes(0), bytes(3), ByteBuffer.wrap(bytes(255)), bytes(256),
				nodes.binaryNode(bytes(65535)), bytes(65536)));
		values.put("scalars", Arrays.asList(true, false, null));
		Map<String, Object> c = new LinkedHashMap<>();
		c.put("d", "e");
		c.put("", List.of());
		Map<String, Object> nested = new LinkedHashMap<>();
		nested.put("a", 1);
		nested.put("b", Arrays.asList(true, false, null));
		nested.put("c", c);
		nested.put("bin", new byte[] { 1, 2, 3 });
		values.put("nested", nested);
		List<Integer> sixteen = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			sixteen.add(i);
		}
		values.put("array sizes", List.of(sixteen.subList(0, 15), sixteen, Collections.nCopies(65536, 0)));
		values.put("map 15 keys", keys(15, true));
		values.put("map 16 keys", keys(16, true));
		values.put("map 65536 keys", keys(65536, false));
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", 2);
		event.put("data", List.of("message", new Message("hi", 1.5), new byte[] { 1, 2, 3 }));
		event.put("id", 5L);
		event.put("nsp", "/chat");
		values.put("event packet", event);
		return values;
	}

	record Message(String text, double n) {
	}

	@Test
	void writesTheBytesNotepackWrites() {
		Map<String, Object> java = javaEquivalents();
		for (Map.Entry<String, Object> value : java.entrySet()) {
			Notepack.Written written = vectors.get(value.getKey());
			assertThat(written).as("notepack.js has the vector %s", value.getKey()).isNotNull();
			assertThat(Notepack.hex(this.codec.encode(value.getValue()))).as(value.getKey())
				.isEqualTo(Notepack.hex(written.v3()))
				.isEqualTo(Notepack.hex(written.v2()));
		}
		// and the same from trees: what the parser gets back from Jackson
		for (String name : List.of("nested", "event packet", "map 16 keys", "strings")) {
			JsonNode tree = mapper.valueToTree(java.get(name));
			assertThat(Notepack.hex(this.codec.encode(tree))).as(name + " as a tree")
				.isEqualTo(Notepack.hex(vectors.get(name).v3()));
		}
	}

	@Test
	void readsWhatNotepackReadsFromItsOwnBytes() throws Exception {
		List<String> names = new ArrayList<>(vectors.keySet());
		List<byte[]> inputs = new ArrayList<>();
		for (String name : names) {
			inputs.add(vectors.get(name).v2());
			inputs.add(vectors.get(name).v3());
		}
		List<JsonNode> readByNotepack = Notepack.decode(inputs);
		for (int i = 0; i < names.size(); i++) {
			Notepack.Written written = vectors.get(names.get(i));
			assertSameValue(describe(this.codec.decodeTree(written.v2())), readByNotepack.get(2 * i).get("v2"),
					names.get(i) + " written by notepack 2.2");
			assertSameValue(describe(this.codec.decodeTree(written.v3())), readByNotepack.get(2 * i + 1).get("v3"),
					names.get(i) + " written by notepack 3.0");
		}
	}

	@Test
	void readsNotepackExtensionsAsJavaScriptWouldSerializeThem() {
		assertThat(this.codec.decodeTree(vectors.get("undefined in object").v2()).toString()).isEqualTo("{\"b\":1}");
		assertThat(this.codec.decodeTree(vectors.get("undefined in array").v2()).toString()).isEqualTo("[null,1]");
		assertThat(this.codec.decodeTree(vectors.get("typed array").v2()).binaryValue()).containsExactly(1, 2, 3);
		assertThat(this.codec.decodeTree(vectors.get("typed array").v3()).binaryValue()).containsExactly(1, 2, 3);
		for (byte[] date : List.of(vectors.get("date with milliseconds").v2(),
				vectors.get("date with milliseconds").v3())) {
			assertThat(this.codec.decodeTree(date).stringValue()).isEqualTo("2023-11-14T22:13:20.123Z");
			assertThat(this.codec.decode(date)).isEqualTo(java.time.Instant.ofEpochMilli(1700000000123L));
		}
		assertThat(this.codec.decodeTree(vectors.get("date in whole seconds").v3()).stringValue())
			.isEqualTo("2023-11-14T22:13:20.000Z");
		assertThat(this.codec.decodeTree(vectors.get("date before 1970").v3()).stringValue())
			.isEqualTo("1969-12-31T23:59:59.000Z");
		assertThat(this.codec.decodeTree(vectors.get("date before 1970").v2()).stringValue())
			.isEqualTo("1969-12-31T23:59:59.000Z");
	}

	@Test
	void notepackReadsWhatIsWrittenHereAsTheSameValue() throws Exception {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("record with binary", List.of(new Message("hé", 0.25), ByteBuffer.wrap(bytes(300), 10, 5)));
		values.put("uint64 max", new BigInteger("18446744073709551615"));
		values.put("long min", Long.MIN_VALUE);
		values.put("huge integral double", 1e300);
		values.put("nested binary", Map.of("a", List.of(Map.of("b", List.of(new byte[] { 9 })))));
		ObjectNode tree = nodes.objectNode();
		tree.put("kept", 1);
		tree.set("undefined", nodes.missingNode());
		tree.putArray("list").add(nodes.missingNode()).add("x");
		values.put("tree with undefined", tree);
		List<byte[]> inputs = values.values().stream().map(this.codec::encode).toList();
		List<JsonNode> read = Notepack.decode(inputs);

		assertThat(read.get(0).get("v3").toString())
			.isEqualTo("[{\"text\":\"hé\",\"n\":0.25},{\"$bin\":\"0a0b0c0d0e\"}]");
		assertThat(read.get(2).get("v3").asDouble()).isEqualTo(-9.223372036854776E18);
		assertThat(read.get(3).get("v3").asDouble()).isEqualTo(1e300);
		assertThat(read.get(4).get("v3").toString()).isEqualTo("{\"a\":[{\"b\":[{\"$bin\":\"09\"}]}]}");
		assertThat(read.get(5).get("v3").toString()).isEqualTo("{\"kept\":1,\"list\":[null,\"x\"]}");
		List<String> names = new ArrayList<>(values.keySet());
		for (int i = 0; i < names.size(); i++) {
			assertThat(read.get(i).get("v2")).as(names.get(i) + " read by notepack 2.2")
				.isEqualTo(read.get(i).get("v3"));
			assertThat(read.get(i).has("v3Error")).as(names.get(i)).isFalse();
			if (!names.get(i).equals("huge integral double") && !names.get(i).equals("uint64 max")) {
				// notepack writes what it read exactly as it was written here
				assertThat(read.get(i).get("reencoded").stringValue()).as(names.get(i))
					.isEqualTo(Notepack.hex(inputs.get(i)));
			}
		}
		// above 2^53 JavaScript numbers round; the bytes written here are exact
		assertThat(Notepack.hex(inputs.get(1))).isEqualTo("cfffffffffffffffff");
		assertThat(this.codec.decode(inputs.get(1))).isEqualTo(new BigInteger("18446744073709551615"));
		assertThat(this.codec.decode(inputs.get(2))).isEqualTo(Long.MIN_VALUE);
	}

	/**
	 * A tree as notepack.js describes values: binary as {"$bin":hex}, NaN and infinities
	 * as {"$number":text}.
	 */
	private static JsonNode describe(JsonNode node) {
		if (node.isMissingNode()) {
			return nodes.objectNode().put("$undefined", true);
		}
		if (node.isBinary()) {
			return nodes.objectNode().put("$bin", HexFormat.of().formatHex(node.binaryValue()));
		}
		if (node.isDouble() && !Double.isFinite(node.doubleValue())) {
			double value = node.doubleValue();
			return nodes.objectNode()
				.put("$number", Double.isNaN(value) ? "NaN" : (value > 0) ? "Infinity" : "-Infinity");
		}
		if (node.isArray()) {
			var array = nodes.arrayNode();
			node.values().forEach((element) -> array.add(describe(element)));
			return array;
		}
		if (node.isObject()) {
			ObjectNode object = nodes.objectNode();
			node.properties().forEach((property) -> object.set(property.getKey(), describe(property.getValue())));
			return object;
		}
		return node;
	}

	/** Equal trees, numbers compared by value (JavaScript has one number type). */
	private static void assertSameValue(JsonNode actual, JsonNode expected, String what) {
		Comparator<JsonNode> numbersByValue = (a, b) -> {
			if (a.isNumber() && b.isNumber()) {
				return a.decimalValue().compareTo(b.decimalValue());
			}
			return a.equals(b) ? 0 : 1;
		};
		assertThat(actual.equals(numbersByValue, expected))
			.as("%s:%n ours:     %.2000s%n notepack: %.2000s", what, actual, expected)
			.isTrue();
	}

	private static Map<String, Object> keys(int count, boolean numbered) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < count; i++) {
			map.put("k" + i, numbered ? i : 0);
		}
		return map;
	}

	static byte[] bytes(int length) {
		byte[] bytes = new byte[length];
		for (int i = 0; i < length; i++) {
			bytes[i] = (byte) i;
		}
		return bytes;
	}

}
