package dev.realtime.socketio.protocol;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.BinaryNode;
import tools.jackson.databind.node.BigIntegerNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

import static dev.realtime.socketio.protocol.SpecExample.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonPacketDecoderTests {

	private static final String PH0 = "{\"_placeholder\":true,\"num\":0}";

	private static final String PH1 = "{\"_placeholder\":true,\"num\":1}";

	private final PacketDecoder decoder = new JsonPacketParser().newDecoder();

	@ParameterizedTest(name = "{0}")
	@MethodSource("dev.realtime.socketio.protocol.SpecExample#all")
	void decodesEverySpecificationExample(SpecExample example) {
		List<Object> messages = example.messages();
		SocketPacket packet = this.decoder.add((String) messages.get(0));
		for (Object attachment : messages.subList(1, messages.size())) {
			assertThat(packet).isNull();
			packet = this.decoder.add((byte[]) attachment);
		}

		assertThat(packet).isNotNull();
		assertThat(packet.type()).isEqualTo(example.packet().type());
		assertThat(packet.namespace()).isEqualTo(example.packet().namespace());
		assertThat(packet.ackId()).isEqualTo(example.packet().ackId());
		assertThat(packet.data()).isEqualTo(example.expectedData());
	}

	@Test
	void decodesTwoAttachmentsAsTheConformanceSuiteSendsThem() {
		assertThat(this.decoder.add("52-[\"message\"," + PH0 + "," + PH1 + "]")).isNull();
		assertThat(this.decoder.add(new byte[] { 1, 2, 3 })).isNull();
		SocketPacket packet = this.decoder.add(new byte[] { 4, 5, 6 });

		assertThat(packet).isNotNull();
		assertThat(packet.type()).isEqualTo(PacketType.BINARY_EVENT);
		assertThat(packet.data()).isEqualTo(SpecExample.array(StringNode.valueOf("message"),
				BinaryNode.valueOf(new byte[] { 1, 2, 3 }), BinaryNode.valueOf(new byte[] { 4, 5, 6 })));
	}

	@Test
	void decodesBinaryEventWithAckIdAsTheConformanceSuiteSendsIt() {
		this.decoder.add("52-789[\"message-with-ack\"," + PH0 + "," + PH1 + "]");
		this.decoder.add(new byte[] { 1 });
		SocketPacket packet = this.decoder.add(new byte[] { 2 });

		assertThat(packet).isNotNull();
		assertThat(packet.type()).isEqualTo(PacketType.BINARY_EVENT);
		assertThat(packet.ackId()).isEqualTo(789);
	}

	@Test
	void usesMainNamespaceAndNoAckIdWhenAbsent() {
		SocketPacket packet = this.decoder.add("2[\"x\"]");

		assertThat(packet).isEqualTo(new SocketPacket(PacketType.EVENT, "/", SocketPacket.NO_ACK, json("[\"x\"]")));
	}

	@Test
	void rejectsEmptyMessage() {
		assertRejected("", "Empty message");
	}

	@ParameterizedTest
	@ValueSource(strings = { "7[\"a\"]", "8", "9{}", "x[\"a\"]", "-1", "/chat,[\"a\"]", "[\"a\"]" })
	void rejectsTypeOutsideZeroToSix(String message) {
		assertRejected(message, "Unknown packet type");
	}

	@ParameterizedTest
	@ValueSource(strings = { "5[\"a\"," + PH0 + "]", "6[]", "5-[\"a\"]", "51[\"a\"]", "5x-[\"a\"]", "5 1-[\"a\"]",
			"5/chat,[\"a\"]", "6", "51.5-[\"a\"]" })
	void rejectsBinaryPacketWithoutAttachmentCount(String message) {
		assertRejected(message, "needs its attachment count");
	}

	@ParameterizedTest
	@ValueSource(strings = { "21-[\"a\"]", "01-{}", "11-", "31-[]", "41-{}", "2-[\"a\"]", "20-[\"a\"]" })
	void rejectsAttachmentCountOnNonBinaryPacket(String message) {
		assertRejected(message, "cannot declare binary attachments");
	}

	@Test
	void acceptsUpToTenAttachmentsByDefault() {
		assertThat(this.decoder.add("510-[\"a\"]")).isNull();
	}

	@Test
	void rejectsMoreThanTenAttachmentsByDefault() {
		assertRejected("511-[\"a\"]", "Too many binary attachments");
	}

	@Test
	void rejectsAnAttachmentCountTooLargeForAnInteger() {
		assertRejected("599999999999999999999-[\"a\"]", "Too many binary attachments");
	}

	@Test
	void honoursTheConfiguredMaximumOfAttachments() {
		PacketDecoder decoder = new JsonPacketParser(JsonMapper.builder().build(), 2).newDecoder();

		assertThat(decoder.add("52-[\"a\"]")).isNull();
		decoder.reset();
		assertThatThrownBy(() -> decoder.add("53-[\"a\"]")).isInstanceOf(PacketFormatException.class)
			.hasMessageContaining("at most 2");
	}

	@Test
	void completesBinaryPacketWithZeroAttachmentsAtOnce() {
		SocketPacket packet = this.decoder.add("50-[\"a\"]");

		assertThat(packet).isEqualTo(new SocketPacket(PacketType.BINARY_EVENT, "/", -1, json("[\"a\"]")));
		assertThat(this.decoder.add("2[\"next\"]")).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "0/custom", "1/custom" })
	void acceptsNamespaceWithoutTrailingCommaAtEndOfMessage(String message) {
		SocketPacket packet = this.decoder.add(message);

		assertThat(packet).isNotNull();
		assertThat(packet.namespace()).isEqualTo("/custom");
		assertThat(packet.data()).isNull();
	}

	@Test
	void endsNamespaceAtTheFirstComma() {
		SocketPacket packet = this.decoder.add("2/a/b,7[\"x,y\"]");

		assertThat(packet).isEqualTo(new SocketPacket(PacketType.EVENT, "/a/b", 7, json("[\"x,y\"]")));
	}

	@Test
	void readsNamespaceOfBinaryPacketAfterTheAttachmentCount() {
		this.decoder.add("51-/admin,3[\"a\"," + PH0 + "]");
		SocketPacket packet = this.decoder.add(new byte[] { 1 });

		assertThat(packet).isNotNull();
		assertThat(packet.namespace()).isEqualTo("/admin");
		assertThat(packet.ackId()).isEqualTo(3);
	}

	@Test
	void treatsNamespaceWithoutTrailingCommaBeforePayloadAsPartOfTheNamespace() {
		assertRejected("2/chat[\"a\"]", "got no payload");
	}

	@Test
	void decodesAckIdUpToTheLongMaximum() {
		SocketPacket packet = this.decoder.add("29223372036854775807[\"a\"]");

		assertThat(packet).isNotNull();
		assertThat(packet.ackId()).isEqualTo(Long.MAX_VALUE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "29223372036854775808[\"a\"]", "3/chat,99999999999999999999[]" })
	void rejectsAckIdBeyondTheLongRange(String message) {
		assertRejected(message, "is too large");
	}

	@ParameterizedTest
	@ValueSource(strings = { "2[\"a\"", "2[a]", "2[\"a\",]", "0{sid:1}", "2/chat,-1[\"a\"]", "3 " })
	void rejectsInvalidJson(String message) {
		assertRejected(message, "Invalid JSON payload");
	}

	@ParameterizedTest
	@ValueSource(strings = { "2[\"a\"]x", "2[\"a\"][\"b\"]", "0{}{}", "3[] 1", "4\"a\"\"b\"" })
	void rejectsTrailingDataAfterThePayload(String message) {
		assertRejected(message, "Invalid JSON payload");
	}

	@Test
	void rejectsTrailingDataEvenWhenTheMapperAllowsIt() {
		JsonMapper lenient = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
		PacketDecoder decoder = new JsonPacketParser(lenient).newDecoder();

		assertThatThrownBy(() -> decoder.add("2[\"a\"][\"b\"]")).isInstanceOf(PacketFormatException.class)
			.hasMessageContaining("Trailing token");
	}

	@Test
	void acceptsConnectWithAnObjectPayload() {
		SocketPacket packet = this.decoder.add("0/custom,{\"token\":\"abc\"}");

		assertThat(packet).isNotNull();
		assertThat(packet.data()).isInstanceOf(ObjectNode.class).isEqualTo(json("{\"token\":\"abc\"}"));
	}

	@Test
	void acceptsConnectWithoutPayload() {
		assertThat(this.decoder.add("0")).isEqualTo(new SocketPacket(PacketType.CONNECT, "/", -1, null));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0[]", "0\"a\"", "0null", "0true", "0/custom,[{}]" })
	void rejectsConnectPayloadThatIsNotAnObject(String message) {
		assertRejected(message, "Invalid CONNECT payload");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1{}", "1/chat,{}", "1[]", "1\"bye\"" })
	void rejectsDisconnectWithPayload(String message) {
		assertRejected(message, "Invalid DISCONNECT payload");
	}

	@ParameterizedTest
	@ValueSource(strings = { "2", "2/chat,", "212", "2[]", "2{}", "2\"a\"", "21" })
	void rejectsEventWhosePayloadIsNotANonEmptyArray(String message) {
		assertRejected(message, "Invalid EVENT payload");
	}

	@ParameterizedTest
	@ValueSource(strings = { "2[null]", "2[true]", "2[{}]", "2[[\"a\"]]", "2[null,\"a\"]" })
	void rejectsEventWhoseNameIsNeitherAStringNorANumber(String message) {
		assertRejected(message, "must start with the event name");
	}

	@Test
	void acceptsEventWhoseNameIsANumber() {
		SocketPacket packet = this.decoder.add("2[1,\"a\"]");

		assertThat(packet).isNotNull();
		assertThat(packet.data()).isEqualTo(json("[1,\"a\"]"));
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener" })
	void rejectsReservedEventNames(String name) {
		assertRejected("2[\"" + name + "\",1]", "reserved event name");
	}

	@Test
	void rejectsReservedEventNamesInBinaryEvents() {
		assertRejected("51-[\"disconnect\"," + PH0 + "]", "reserved event name");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Connect", "connected", "disconnect ", "" })
	void acceptsEventNamesThatOnlyResembleReservedOnes(String name) {
		assertThat(this.decoder.add("2[\"" + name + "\"]")).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "3", "31", "3/chat,1", "3{}", "3\"a\"", "61-1{\"a\":" + PH0 + "}" })
	void rejectsAckWhosePayloadIsNotAnArray(String message) {
		assertRejected(message, "ACK payload: must be an array");
	}

	@Test
	void acceptsAckWithEmptyArray() {
		assertThat(this.decoder.add("31[]")).isEqualTo(new SocketPacket(PacketType.ACK, "/", 1, json("[]")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "4", "4/chat,", "4[]", "41", "4null", "412" })
	void rejectsConnectErrorWhosePayloadIsNeitherAnObjectNorAString(String message) {
		assertRejected(message, "Invalid CONNECT_ERROR payload");
	}

	@Test
	void decodesConnectErrorWithStringPayloadAsStringNode() {
		SocketPacket packet = this.decoder.add("4\"Not authorized\"");

		assertThat(packet).isNotNull();
		assertThat(packet.data()).isEqualTo(StringNode.valueOf("Not authorized"));
	}

	@Test
	void decodesConnectErrorWithObjectPayloadAsObjectNode() {
		SocketPacket packet = this.decoder.add("4/random,{\"message\":\"Invalid namespace\"}");

		assertThat(packet).isNotNull();
		assertThat(packet.namespace()).isEqualTo("/random");
		assertThat(packet.data()).isInstanceOf(ObjectNode.class);
	}

	@Test
	void rejectsTextWhileAttachmentsAreStillExpected() {
		this.decoder.add("52-[\"a\"," + PH0 + "," + PH1 + "]");
		this.decoder.add(new byte[] { 1 });

		assertRejected("2[\"b\"]", "1 binary attachment(s) of the previous packet were still expected");
	}

	@Test
	void startsAfreshAfterRejectingTextThatInterruptedAttachments() {
		this.decoder.add("51-[\"a\"," + PH0 + "]");
		assertThatThrownBy(() -> this.decoder.add("2[\"b\"]")).isInstanceOf(PacketFormatException.class);

		assertThat(this.decoder.add("2[\"c\"]")).isNotNull();
	}

	@Test
	void rejectsBinaryWhenNoAttachmentIsExpected() {
		assertThatThrownBy(() -> this.decoder.add(new byte[] { 1 })).isInstanceOf(PacketFormatException.class)
			.hasMessageContaining("no binary attachment was expected");
	}

	@Test
	void rejectsBinaryAfterTheLastAttachmentOfAPacket() {
		this.decoder.add("51-[\"a\"," + PH0 + "]");
		assertThat(this.decoder.add(new byte[] { 1 })).isNotNull();

		assertThatThrownBy(() -> this.decoder.add(new byte[] { 2 })).isInstanceOf(PacketFormatException.class)
			.hasMessageContaining("no binary attachment was expected");
	}

	@ParameterizedTest
	@ValueSource(strings = { "51-[\"a\",{\"_placeholder\":true,\"num\":1}]",
			"52-[\"a\",{\"_placeholder\":true,\"num\":2}]", "51-[\"a\",{\"_placeholder\":true,\"num\":-1}]",
			"51-[\"a\",{\"_placeholder\":true,\"num\":4294967296}]", "50-[\"a\"," + PH0 + "]",
			"61-[{\"x\":[{\"_placeholder\":true,\"num\":3}]}]" })
	void rejectsPlaceholderNumOutsideTheDeclaredAttachments(String message) {
		assertRejected(message, "is outside [0, ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "51-[\"a\",{\"_placeholder\":true,\"num\":0.5}]",
			"51-[\"a\",{\"_placeholder\":true,\"num\":\"0\"}]", "51-[\"a\",{\"_placeholder\":true,\"num\":null}]",
			"51-[\"a\",{\"_placeholder\":true}]", "51-[\"a\",{\"_placeholder\":true,\"num\":0e0}]" })
	void rejectsPlaceholderWhoseNumIsNotAnInteger(String message) {
		assertRejected(message, "without an integer \"num\"");
	}

	@Test
	void returnsBinaryPacketOnlyAfterItsLastAttachment() {
		assertThat(this.decoder.add("62-5[" + PH1 + "," + PH0 + "]")).isNull();
		assertThat(this.decoder.add(new byte[] { 1 })).isNull();
		SocketPacket packet = this.decoder.add(new byte[] { 2 });

		assertThat(packet).isEqualTo(new SocketPacket(PacketType.BINARY_ACK, "/", 5,
				SpecExample.array(BinaryNode.valueOf(new byte[] { 2 }), BinaryNode.valueOf(new byte[] { 1 }))));
	}

	@Test
	void replacesPlaceholdersAtAnyDepth() {
		this.decoder.add("52-[\"deep\",{\"a\":{\"b\":[1," + PH0 + ",{\"c\":" + PH1 + "}]}},[[" + PH0 + "]]]");
		this.decoder.add(new byte[] { 10 });
		SocketPacket packet = this.decoder.add(new byte[] { 20 });

		assertThat(packet).isNotNull();
		JsonNode data = (JsonNode) packet.data();
		assertThat(data.at("/1/a/b/0")).isEqualTo(IntNode.valueOf(1));
		assertThat(data.at("/1/a/b/1")).isEqualTo(BinaryNode.valueOf(new byte[] { 10 }));
		assertThat(data.at("/1/a/b/2/c")).isEqualTo(BinaryNode.valueOf(new byte[] { 20 }));
		assertThat(data.at("/2/0/0")).isEqualTo(BinaryNode.valueOf(new byte[] { 10 }));
	}

	@Test
	void keepsPlaceholdersOfNonBinaryPacketsAsPlainObjects() {
		SocketPacket packet = this.decoder.add("2[\"a\"," + PH0 + "]");

		assertThat(packet).isNotNull();
		assertThat(packet.data()).isEqualTo(json("[\"a\"," + PH0 + "]"));
	}

	@Test
	void treatsObjectsWhosePlaceholderFlagIsNotTrueAsPlainObjects() {
		this.decoder.add("51-[\"a\",{\"_placeholder\":\"true\",\"num\":5},{\"_placeholder\":false}," + PH0 + "]");
		SocketPacket packet = this.decoder.add(new byte[] { 1 });

		assertThat(packet).isNotNull();
		JsonNode data = (JsonNode) packet.data();
		assertThat(data.get(1)).isEqualTo(json("{\"_placeholder\":\"true\",\"num\":5}"));
		assertThat(data.get(2)).isEqualTo(json("{\"_placeholder\":false}"));
		assertThat(data.get(3)).isEqualTo(BinaryNode.valueOf(new byte[] { 1 }));
	}

	@Test
	void keepsIntegersAsIntegerNodesAndFloatsAsDoubleNodes() {
		SocketPacket packet = this.decoder.add("2[\"n\",1,10000000000,123456789012345678901234567890,2.5,1e2]");

		assertThat(packet).isNotNull();
		JsonNode data = (JsonNode) packet.data();
		assertThat(data.get(1)).isInstanceOf(IntNode.class);
		assertThat(data.get(2)).isInstanceOf(LongNode.class);
		assertThat(data.get(3)).isInstanceOf(BigIntegerNode.class);
		assertThat(data.get(4)).isInstanceOf(DoubleNode.class);
		assertThat(data.get(5)).isInstanceOf(DoubleNode.class);
	}

	@Test
	void decodesFloatsAsDoublesEvenWhenTheMapperPrefersBigDecimals() {
		JsonMapper mapper = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
		PacketDecoder decoder = new JsonPacketParser(mapper).newDecoder();

		SocketPacket packet = decoder.add("2[\"n\",2.5]");

		assertThat(packet).isNotNull();
		assertThat(((JsonNode) packet.data()).get(1)).isInstanceOf(DoubleNode.class);
	}

	@Test
	void resetDropsAPartlyReceivedPacket() {
		this.decoder.add("51-[\"a\"," + PH0 + "]");

		this.decoder.reset();

		assertThatThrownBy(() -> this.decoder.add(new byte[] { 1 })).isInstanceOf(PacketFormatException.class);
		assertThat(this.decoder.add("2[\"b\"]")).isNotNull();
	}

	@Test
	void limitsNestingDepthWithTheMapperStreamReadConstraints() {
		JsonMapper shallow = JsonMapper
			.builder(JsonFactory.builder()
				.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(5).build())
				.build())
			.build();
		String deep = "2[\"a\",[[[[[[1]]]]]]]";

		assertThat(this.decoder.add(deep)).isNotNull();
		assertThatThrownBy(() -> new JsonPacketParser(shallow).newDecoder().add(deep))
			.isInstanceOf(PacketFormatException.class)
			.hasMessageContaining("nesting depth");
	}

	@Test
	void rejectsNestingBeyondTheDefaultLimit() {
		String deep = "2[\"a\"," + "[".repeat(5_000) + "]".repeat(5_000) + "]";

		assertRejected(deep, "nesting depth");
	}

	private void assertRejected(String message, String reason) {
		assertThatThrownBy(() -> this.decoder.add(message)).isInstanceOf(PacketFormatException.class)
			.hasMessageContaining(reason);
	}

}
