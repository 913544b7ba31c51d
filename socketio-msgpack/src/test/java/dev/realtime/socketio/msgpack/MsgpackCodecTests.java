package dev.realtime.socketio.msgpack;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the codec does with input it must refuse, and with values beyond the plain ones.
 */
class MsgpackCodecTests {

	private final MsgpackCodec codec = new MsgpackCodec();

	@Test
	void refusesInputThatIsNotOneValue() {
		assertRefused("", "the input is empty");
		assertRefused("92c0", "an array of 2 declared but only 1 bytes left");
		assertRefused("cd01", "the input ends inside a value");
		assertRefused("c0c0", "1 trailing bytes");
		assertRefused("c1", "Invalid MessagePack at byte");
		assertRefused("a5616263", "a string of 5 declared but only 3 bytes left");
		assertRefused("c6ffffffff00", "a length of more than 2^31-1 declared");
		assertRefused("c67fffffff00", "a binary of 2147483647 declared but only 1 bytes left");
		assertRefused("dd00010000c0", "an array of 65536 declared");
		assertRefused("df7fffffff", "a map of 2147483647 declared but only 0 bytes left");
		assertRefused("c7ff0500", "an extension of 255 declared");
		assertRefused("81cb3ff800000000000001", "a map key must be a string, an integer, a boolean or nil, got FLOAT");
		assertRefused("8190c0", "a map key must be a string");
	}

	@Test
	void limitsNesting() {
		MsgpackCodec shallow = new MsgpackCodec(this.codec.mapper(), 3);
		assertThat(shallow.decodeTree(hex("919191c0")).toString()).isEqualTo("[[[null]]]");
		assertThatThrownBy(() -> shallow.decodeTree(hex("91919191c0"))).isInstanceOf(MsgpackFormatException.class)
			.hasMessageContaining("nests deeper than 3");
		assertThatThrownBy(() -> shallow.decode(hex("81a16181a16281a16381a164c0")))
			.isInstanceOf(MsgpackFormatException.class)
			.hasMessageContaining("nests deeper than 3");
		assertThat(shallow.encode(List.of(List.of(List.of(1))))).containsExactly(hex("91919101"));
		assertThatIllegalArgumentException().isThrownBy(() -> shallow.encode(List.of(List.of(List.of(List.of())))))
			.withMessageContaining("nests deeper than 3");
		// a deep input fails with the limit, not with a StackOverflowError
		byte[] deep = new byte[100_000];
		java.util.Arrays.fill(deep, (byte) 0x91);
		assertThatThrownBy(() -> this.codec.decode(deep)).isInstanceOf(MsgpackFormatException.class)
			.hasMessageContaining("nests deeper than 500");
		List<Object> cycle = new ArrayList<>();
		cycle.add(cycle);
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.encode(cycle))
			.withMessageContaining("a cycle?");
		assertThatIllegalArgumentException().isThrownBy(() -> new MsgpackCodec(this.codec.mapper(), 0));
	}

	@Test
	void readsPlainJavaValues() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("i", 1);
		map.put("l", 1L << 40);
		map.put("d", 0.5);
		map.put("s", "x");
		map.put("b", new byte[] { 7 });
		map.put("n", null);
		map.put("t", true);
		Object read = this.codec.decode(this.codec.encode(map));
		assertThat(read).isInstanceOf(LinkedHashMap.class);
		@SuppressWarnings("unchecked")
		Map<String, Object> back = (Map<String, Object>) read;
		assertThat(back).containsOnlyKeys("i", "l", "d", "s", "b", "n", "t");
		assertThat(back.get("i")).isEqualTo(1);
		assertThat(back.get("l")).isEqualTo(1L << 40);
		assertThat(back.get("d")).isEqualTo(0.5);
		assertThat((byte[]) back.get("b")).containsExactly(7);
		assertThat(back.get("n")).isNull();
		// integer, boolean and nil keys become their text, as in JavaScript; other
		// extensions are [type, bytes]
		assertThat(this.codec.decodeTree(hex("8301a161c3a162c0a163")).toString())
			.isEqualTo("{\"1\":\"a\",\"true\":\"b\",\"null\":\"c\"}");
		JsonNode unknown = this.codec.decodeTree(hex("d50a0102"));
		assertThat(unknown.get(0).intValue()).isEqualTo(10);
		assertThat(unknown.get(1).binaryValue()).containsExactly(1, 2);
		assertThat(this.codec.decode(hex("d50a0102"))).asList().first().isEqualTo(10);
		// float32, which notepack never writes but reads, as a double
		assertThat(this.codec.decodeTree(hex("ca3fc00000")).doubleValue()).isEqualTo(1.5);
	}

	@Test
	void writesOtherObjectsAsTheMapperDoes() {
		record Item(String name, java.time.Instant at, byte[] data) {
		}
		JsonNode read = this.codec.decodeTree(
				this.codec.encode(new Item("a", java.time.Instant.parse("2024-01-02T03:04:05Z"), new byte[] { 1 })));
		assertThat(read.get("name").stringValue()).isEqualTo("a");
		assertThat(read.get("at").stringValue()).isEqualTo("2024-01-02T03:04:05Z");
		assertThat(read.get("data").binaryValue()).containsExactly(1);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.codec.encode(new java.math.BigInteger("-18446744073709551616")))
			.withMessageContaining("does not fit in MessagePack");
	}

	private void assertRefused(String input, String message) {
		assertThatThrownBy(() -> this.codec.decodeTree(hex(input))).as(input)
			.isInstanceOf(MsgpackFormatException.class)
			.hasMessageContaining(message);
		assertThatThrownBy(() -> this.codec.decode(hex(input))).as(input)
			.isInstanceOf(MsgpackFormatException.class)
			.hasMessageContaining(message);
	}

	private static byte[] hex(String hex) {
		return HexFormat.of().parseHex(hex);
	}

}
