package dev.realtime.socketio.protocol;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Received JSON is read with a configuration of its own: one client's input cannot hurt
 * another's.
 */
class UntrustedJsonTests {

	/**
	 * 2^14 names of 28 characters, all with the same hash in jackson-core's name
	 * canonicalizer ({@code h * 33 + c}: "Aa" and "B@" add the same) and, half of them,
	 * in {@code String.hashCode}.
	 */
	static List<String> collidingNames(int bits) {
		List<String> names = new ArrayList<>(1 << bits);
		for (int i = 0; i < (1 << bits); i++) {
			StringBuilder name = new StringBuilder(bits * 2);
			for (int bit = 0; bit < bits; bit++) {
				name.append(((i >> bit) & 1) == 0 ? "Aa" : "B@");
			}
			names.add(name.toString());
		}
		return names;
	}

	static String eventWithObject(List<String> names) {
		StringBuilder json = new StringBuilder("2[\"e\",{");
		for (int i = 0; i < names.size(); i++) {
			json.append(i == 0 ? "" : ",").append('"').append(names.get(i)).append("\":").append(i);
		}
		return json.append("}]").toString();
	}

	@Test
	void objectOfCollidingNamesDoesNotHurtTheNextClientsObjects() {
		JsonPacketParser parser = new JsonPacketParser(JsonMapper.builder().build(), 10, 20_000);
		String attack = eventWithObject(collidingNames(14));

		SocketPacket decoded = parser.newDecoder().add(attack);
		assertThat(((JsonNode) decoded.data()).get(1).size()).isEqualTo(16_384);

		// other connections, with thousands of new names each, still decode
		for (int client = 0; client < 3; client++) {
			List<String> names = new ArrayList<>();
			for (int i = 0; i < 5_000; i++) {
				names.add("c" + client + "-field-" + i);
			}
			SocketPacket packet = parser.newDecoder().add(eventWithObject(names));
			JsonNode object = ((JsonNode) packet.data()).get(1);
			assertThat(object.size()).isEqualTo(5_000);
			assertThat(object.get("c" + client + "-field-4999").asInt()).isEqualTo(4_999);
		}
	}

	@Test
	void objectWithMorePropertiesThanTheLimitIsAParseError() {
		PacketDecoder decoder = new JsonPacketParser().newDecoder();

		assertThatThrownBy(() -> decoder.add(eventWithObject(collidingNames(14))))
			.isInstanceOf(PacketFormatException.class)
			.hasMessageContaining("more than 10000 properties");
		// the limit is per object, and duplicate names count
		assertThatThrownBy(() -> new JsonPacketParser(JsonMapper.builder().build(), 10, 3).newDecoder()
			.add("2[\"e\",{\"a\":1,\"a\":2,\"a\":3,\"a\":4}]")).isInstanceOf(PacketFormatException.class)
			.hasMessageContaining("more than 3 properties");
		SocketPacket packet = new JsonPacketParser(JsonMapper.builder().build(), 10, 3).newDecoder()
			.add("2[\"e\",{\"a\":1,\"b\":{\"c\":1,\"d\":2,\"e\":3},\"a\":2}]");
		assertThat(packet.data().toString()).isEqualTo("[\"e\",{\"a\":2,\"b\":{\"c\":1,\"d\":2,\"e\":3}}]");
	}

	@Test
	void limitMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new JsonPacketParser(JsonMapper.builder().build(), 10, 0))
			.withMessageContaining("maxObjectProperties");
	}

	@Test
	void numbersBeyondADoubleAreNullBothWaysAsInNode() {
		JsonPacketParser parser = new JsonPacketParser();

		SocketPacket packet = parser.newDecoder().add("2[\"e\",1e999999,-1e999999,{\"x\":[1e400]},1.5]");
		assertThat(packet.data().toString()).isEqualTo("[\"e\",null,null,{\"x\":[null]},1.5]");
		assertThat(parser.encode(new SocketPacket(PacketType.EVENT, "/", -1,
				List.of("e", Double.POSITIVE_INFINITY, Double.NaN, Float.NEGATIVE_INFINITY, 2.5))))
			.containsExactly("2[\"e\",null,null,null,2.5]");
	}

	@Test
	void scalarsAndNestingKeepTheirTypes() {
		SocketPacket packet = new JsonPacketParser().newDecoder()
			.add("2[\"e\",1,12345678901,123456789012345678901234567890,-0.5,true,false,null,\"s\",[],{},[[{\"a\":[]}]]]");

		assertThat(packet.data().toString()).isEqualTo(
				"[\"e\",1,12345678901,123456789012345678901234567890,-0.5,true,false,null,\"s\",[],{},[[{\"a\":[]}]]]");
	}

}
