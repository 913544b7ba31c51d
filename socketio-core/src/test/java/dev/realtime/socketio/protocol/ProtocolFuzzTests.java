package dev.realtime.socketio.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import dev.realtime.socketio.engine.codec.EngineCodec;
import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.engine.codec.EnginePacketType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.arbitraries.StringArbitrary;
import org.jspecify.annotations.Nullable;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BinaryNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Property-based fuzzing (jqwik) of the decoders that read what clients send: the
 * Engine.IO polling payload decoder, the Socket.IO packet decoder with its attachments,
 * and the reconstruction of binary packets. Each property generates valid input (the
 * specification's examples and random packets), then mutates it: truncation, character
 * flips, insertions (deep nesting, placeholders, huge numbers, separators), wrong
 * attachment counts, missing, extra and reordered attachments.
 *
 * <p>
 * What must hold: a decoder refuses input only with its documented error (a malformed
 * payload, a {@link PacketFormatException}), never with another exception; it never takes
 * long on one input; what it accepts stays within its limits (attachments, nesting); what
 * it decoded encodes and decodes to the same; a binary packet gets every attachment back
 * where its placeholder was.
 *
 * <p>
 * Tries come from {@code jqwik.tries.default} ({@code junit-platform.properties}, about
 * 15 s for the three properties); longer runs and the reproduction of a failure's seed
 * are in the README (testing section). A crash found becomes an {@link Example} below.
 */
class ProtocolFuzzTests {

	/**
	 * Generous: the build machine is shared. A quadratic decoder would blow it on long
	 * inputs.
	 */
	private static final long MAX_NANOS_PER_INPUT = Duration.ofSeconds(10).toNanos();

	private static final int MAX_NESTING = StreamReadConstraints.defaults().getMaxNestingDepth();

	private static final List<String> TOKENS = List.of("{\"_placeholder\":true,\"num\":0}",
			"{\"_placeholder\":true,\"num\":1}", "{\"_placeholder\":true,\"num\":-1}",
			"{\"_placeholder\":true,\"num\":99999999999}", "{\"_placeholder\":true}", "_placeholder", "num", "true",
			"false", "null", "1e999999", "-0", "1.5e-400", "99999999999999999999999", "\"\\ud800\"", "\\u0000", "[",
			"]", "{", "}", ",", ":", "\"", "/", "/admin,", "-", "1-", "10-", "11-", "99999999999-", "\u001e", "b",
			"bAQID", "b!!", "b=", "4", "40", "42", "451-", "2[\"e\",", "[".repeat(600), "[".repeat(5000),
			"{\"a\":".repeat(50), "[{\"a\":".repeat(400), "\u00e9", "\ud83d\ude00", "\ud800", "\uffff", " ", "\t");

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final JsonPacketParser parser = new JsonPacketParser();

	// ---- the three targets

	/**
	 * A valid payload decodes to the packets it was encoded from; any mutation of it is
	 * decoded or reported malformed, never thrown, and what decoded re-encodes to the
	 * same packets.
	 */
	@Property
	void engineIoPayloadDecoder(@ForAll("enginePayloads") List<EnginePacket> packets,
			@ForAll("mutations") List<Mutation> mutations) {
		String valid = EngineCodec.encodePayload(packets);
		String input = valid;
		for (Mutation mutation : mutations) {
			input = mutation.applyTo(input);
		}
		long start = System.nanoTime();
		EngineCodec.DecodedPayload decoded = EngineCodec.decodePayload(input);
		assertQuick(start, input);
		if (mutations.isEmpty()) {
			assertThat(decoded.malformed()).as("valid %s", escape(valid)).isFalse();
			assertThat(describe(decoded.packets())).isEqualTo(describe(packets));
		}
		if (!decoded.malformed() && !decoded.packets().isEmpty()) {
			String again = EngineCodec.encodePayload(decoded.packets());
			EngineCodec.DecodedPayload redecoded = EngineCodec.decodePayload(again);
			assertThat(redecoded.malformed()).as("re-encoded %s", escape(again)).isFalse();
			assertThat(describe(redecoded.packets())).isEqualTo(describe(decoded.packets()));
		}
	}

	/**
	 * The messages of a valid packet (its text, then its attachments) decode to it; after
	 * any mutation, every message is accepted or refused with a
	 * {@link PacketFormatException}, no more attachments than the limit are held, and a
	 * packet decoded round-trips.
	 */
	@Property
	void socketIoPacketDecoderWithAttachments(@ForAll("socketIoPackets") Encoded packet,
			@ForAll("mutations") List<Mutation> mutations, @ForAll("messageMutations") List<MessageMutation> moves) {
		List<Object> messages = new ArrayList<>(packet.messages());
		for (Mutation mutation : mutations) {
			messages.set(0, mutation.applyTo((String) messages.get(0)));
		}
		for (MessageMutation move : moves) {
			move.applyTo(messages);
		}
		List<SocketPacket> decoded = decodeAll(messages);
		boolean overTheLimit = packet.messages().size() - 1 > this.parser.maxAttachments();
		if (mutations.isEmpty() && moves.isEmpty() && overTheLimit) {
			// well formed, but over the decoder's attachment limit: refused at its
			// header (binaryReconstruction checks the message)
			assertThat(decoded).as("over the attachment limit %s", packet).isEmpty();
		}
		else if (mutations.isEmpty() && moves.isEmpty()) {
			assertThat(decoded).as("valid %s", packet).hasSize(1);
			SocketPacket result = decoded.get(0);
			assertThat(baseType(result.type())).isEqualTo(baseType(packet.packet().type()));
			assertThat(result.namespace()).isEqualTo(packet.packet().namespace());
			assertThat(result.ackId()).isEqualTo(packet.packet().ackId());
			assertThat(result.data()).as("valid %s", packet).isEqualTo(packet.expectedData());
		}
		for (SocketPacket result : decoded) {
			assertWithinLimits(result);
			assertRoundTrip(result);
		}
	}

	/**
	 * Every attachment goes back where its placeholder was; more than the limit is
	 * refused at the header; the attachments in another order, one too few or one too
	 * many are completed or refused, never a crash.
	 */
	@Property
	void binaryReconstruction(@ForAll("binaryPackets") SocketPacket packet,
			@ForAll("messageMutations") List<MessageMutation> moves) {
		List<Object> messages = this.parser.encode(packet);
		int attachments = messages.size() - 1;
		if (attachments > this.parser.maxAttachments()) {
			assertThatExceptionOfType(PacketFormatException.class)
				.isThrownBy(() -> this.parser.newDecoder().add((String) messages.get(0)))
				.withMessageContaining("Too many binary attachments");
			return;
		}
		SocketPacket decoded = decodeInOrder(messages);
		assertThat(decoded.data()).as("%s", messages.get(0)).isEqualTo(packet.data());
		assertThat(decoded.ackId()).isEqualTo(packet.ackId());
		assertThat(decoded.namespace()).isEqualTo(packet.namespace());
		List<Object> moved = new ArrayList<>(messages);
		for (MessageMutation move : moves) {
			move.applyTo(moved);
		}
		for (SocketPacket result : decodeAll(moved)) {
			assertWithinLimits(result);
		}
	}

	// ---- regression cases (concrete inputs)

	/**
	 * CI, seed 9325438621906: a binary under a key that a later key replaced is not in
	 * the tree any more; with the other binaries the packet has exactly the limit of
	 * attachments, so it must decode (the oracle once counted the replaced binary).
	 */
	@Example
	void binaryUnderAReplacedKeyIsNotAnAttachment() {
		ObjectNode object = NODES.objectNode();
		object.set("k3", BinaryNode.valueOf(new byte[] { 9 }));
		for (int i = 0; i < this.parser.maxAttachments(); i++) {
			object.set("k" + i, BinaryNode.valueOf(new byte[] { (byte) i }));
		}
		ArrayNode data = NODES.arrayNode().add("e1").add(object);
		SocketPacket packet = new SocketPacket(PacketType.EVENT, "/", 7, data);
		List<Object> messages = this.parser.encode(packet);
		assertThat(messages).hasSize(this.parser.maxAttachments() + 1);
		SocketPacket decoded = decodeInOrder(messages);
		assertThat(decoded.data()).isEqualTo(data);
		assertThat(((JsonNode) decoded.data()).get(1).get("k3").binaryValue()).containsExactly(3);
	}

	@Example
	void oneAttachmentOverTheLimitIsRefusedAtTheHeader() {
		ArrayNode data = NODES.arrayNode().add("e");
		for (int i = 0; i <= this.parser.maxAttachments(); i++) {
			data.add(BinaryNode.valueOf(new byte[] { (byte) i }));
		}
		List<Object> messages = this.parser.encode(new SocketPacket(PacketType.EVENT, "/", -1, data));
		assertThatExceptionOfType(PacketFormatException.class)
			.isThrownBy(() -> this.parser.newDecoder().add((String) messages.get(0)))
			.withMessageContaining("Too many binary attachments");
	}

	// ---- arbitraries

	@Provide
	Arbitrary<List<EnginePacket>> enginePayloads() {
		StringArbitrary texts = Arbitraries.strings()
			.ascii()
			.withChars("\u00e9\u2028\ud83d\ude00\"\\")
			.excludeChars(EngineCodec.RECORD_SEPARATOR)
			.ofMaxLength(24);
		Arbitrary<EnginePacket> message = texts.map(EnginePacket::message);
		Arbitrary<EnginePacket> other = Combinators
			.combine(
					Arbitraries.of(EnginePacketType.OPEN, EnginePacketType.CLOSE, EnginePacketType.PING,
							EnginePacketType.PONG, EnginePacketType.UPGRADE, EnginePacketType.NOOP),
					texts.ofMinLength(1).injectNull(0.5))
			.as(EnginePacket::of);
		Arbitrary<EnginePacket> binary = Arbitraries.bytes()
			.array(byte[].class)
			.ofMaxSize(16)
			.map(EnginePacket::binaryMessage);
		return Arbitraries.frequencyOf(Tuple.of(4, message), Tuple.of(2, other), Tuple.of(2, binary))
			.list()
			.ofMinSize(1)
			.ofMaxSize(6);
	}

	@Provide
	Arbitrary<Encoded> socketIoPackets() {
		Arbitrary<Encoded> spec = Arbitraries.of(SpecExample.all().toList())
			.map((example) -> new Encoded(example.packet(), example.expectedData(), example.messages()));
		Arbitrary<SocketPacket> random = Arbitraries.frequencyOf(Tuple.of(6, binaryPackets()),
				Tuple.of(1,
						Combinators.combine(namespaces(), tree(0, false).filter(JsonNode::isObject).injectNull(0.3))
							.as((namespace, data) -> new SocketPacket(PacketType.CONNECT, namespace, -1, data))),
				Tuple.of(1,
						Combinators
							.combine(namespaces(),
									Arbitraries.oneOf(tree(0, false).filter(JsonNode::isObject),
											Arbitraries.strings().ascii().ofMaxLength(12).map(NODES::stringNode)))
							.as((namespace, data) -> new SocketPacket(PacketType.CONNECT_ERROR, namespace, -1, data))),
				Tuple.of(1,
						namespaces().map((namespace) -> new SocketPacket(PacketType.DISCONNECT, namespace, -1, null))));
		Arbitrary<Encoded> generated = random
			.map((packet) -> new Encoded(packet, (JsonNode) packet.data(), this.parser.encode(packet)));
		return Arbitraries.frequencyOf(Tuple.of(1, spec), Tuple.of(4, generated));
	}

	/** EVENT and ACK packets with binaries anywhere in their data. */
	@Provide
	Arbitrary<SocketPacket> binaryPackets() {
		Arbitrary<ArrayNode> data = Combinators
			.combine(Arbitraries.integers().between(0, 99), tree(1, true).list().ofMaxSize(4))
			.as((name, arguments) -> {
				ArrayNode array = NODES.arrayNode().add("e" + name);
				arguments.forEach(array::add);
				return array;
			});
		return Combinators
			.combine(Arbitraries.of(PacketType.EVENT, PacketType.ACK), namespaces(),
					Arbitraries.longs().between(-1, 999), data)
			.as((type, namespace, ackId, array) -> new SocketPacket(type, namespace, ackId, array));
	}

	@Provide
	Arbitrary<List<Mutation>> mutations() {
		Arbitrary<Mutation> mutation = Combinators
			.combine(Arbitraries.of(MutationKind.class), Arbitraries.integers().between(0, Integer.MAX_VALUE),
					Arbitraries.integers().between(1, 16), Arbitraries.chars(), Arbitraries.of(TOKENS))
			.as(Mutation::new);
		return mutation.list().ofMaxSize(4);
	}

	@Provide
	Arbitrary<List<MessageMutation>> messageMutations() {
		return Combinators
			.combine(Arbitraries.of(MessageMutationKind.class), Arbitraries.integers().between(0, Integer.MAX_VALUE),
					Arbitraries.bytes().array(byte[].class).ofMaxSize(4))
			.as(MessageMutation::new)
			.list()
			.ofMaxSize(2);
	}

	private static Arbitrary<String> namespaces() {
		return Arbitraries.oneOf(Arbitraries.just("/"), Arbitraries.integers().between(0, 9).map((n) -> "/n" + n));
	}

	/**
	 * A JSON tree; objects are built key by key, so a later key may replace an earlier
	 * one (and the binary it held).
	 */
	private static Arbitrary<JsonNode> tree(int depth, boolean binaries) {
		Arbitrary<JsonNode> leaf = leaf(binaries);
		if (depth >= 4) {
			return leaf;
		}
		Arbitrary<JsonNode> array = Arbitraries.lazy(() -> tree(depth + 1, binaries))
			.list()
			.ofMaxSize(4)
			.map((items) -> {
				ArrayNode node = NODES.arrayNode();
				items.forEach(node::add);
				return node;
			});
		Arbitrary<JsonNode> object = Combinators
			.combine(Arbitraries.integers().between(0, 9), Arbitraries.lazy(() -> tree(depth + 1, binaries)))
			.as(Tuple::of)
			.list()
			.ofMaxSize(4)
			.map((entries) -> {
				ObjectNode node = NODES.objectNode();
				entries.forEach((entry) -> node.set("k" + entry.get1(), entry.get2()));
				return node;
			});
		return Arbitraries.frequencyOf(Tuple.of(5, leaf), Tuple.of(2, array), Tuple.of(2, object));
	}

	private static Arbitrary<JsonNode> leaf(boolean binaries) {
		List<Arbitrary<JsonNode>> leaves = new ArrayList<>(List.of(
				Arbitraries.strings()
					.ascii()
					.withChars("\u00e9\u2028\u001e\"\\/")
					.ofMaxLength(8)
					.map(NODES::stringNode),
				Arbitraries.integers().map(NODES::numberNode),
				Arbitraries
					.oneOf(Arbitraries.longs().between(Long.MIN_VALUE, Integer.MIN_VALUE - 1L),
							Arbitraries.longs().between(Integer.MAX_VALUE + 1L, Long.MAX_VALUE))
					.map(NODES::numberNode),
				Arbitraries.doubles().map(NODES::numberNode),
				Arbitraries.of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode())));
		if (binaries) {
			leaves.add(Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(BinaryNode::valueOf));
			leaves.add(Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(BinaryNode::valueOf));
		}
		return Arbitraries.oneOf(leaves);
	}

	// ---- oracles

	/**
	 * Feeds the messages in order, as a connection would, until one is refused (the
	 * connection would close): only with a {@link PacketFormatException}, never more
	 * attachments held than the limit, never slow.
	 */
	private List<SocketPacket> decodeAll(List<Object> messages) {
		PacketDecoder decoder = this.parser.newDecoder();
		List<SocketPacket> decoded = new ArrayList<>();
		int held = 0;
		for (Object message : messages) {
			long start = System.nanoTime();
			SocketPacket packet;
			try {
				if (message instanceof String text) {
					held = 0;
					packet = decoder.add(text);
				}
				else {
					held++;
					packet = decoder.add((byte[]) message);
					assertThat(held).as("attachments held").isLessThanOrEqualTo(this.parser.maxAttachments());
				}
			}
			catch (PacketFormatException ex) {
				assertThat(ex.getMessage()).isNotBlank();
				return decoded;
			}
			finally {
				assertQuick(start, message);
			}
			if (packet != null) {
				held = 0;
				decoded.add(packet);
			}
		}
		return decoded;
	}

	private SocketPacket decodeInOrder(List<Object> messages) {
		PacketDecoder decoder = this.parser.newDecoder();
		SocketPacket decoded = null;
		for (Object message : messages) {
			assertThat(decoded).as("complete before its last attachment: %s", messages.get(0)).isNull();
			decoded = (message instanceof String text) ? decoder.add(text) : decoder.add((byte[]) message);
		}
		assertThat(decoded).as("%s", messages.get(0)).isNotNull();
		return decoded;
	}

	private void assertWithinLimits(SocketPacket packet) {
		if (!(packet.data() instanceof JsonNode root)) {
			return;
		}
		int binaries = 0;
		int maxDepth = 0;
		Deque<Object[]> stack = new ArrayDeque<>();
		stack.push(new Object[] { root, 1 });
		while (!stack.isEmpty()) {
			Object[] entry = stack.pop();
			JsonNode node = (JsonNode) entry[0];
			int depth = (int) entry[1];
			maxDepth = Math.max(maxDepth, depth);
			if (node.isBinary()) {
				binaries++;
			}
			for (JsonNode child : node.values()) {
				stack.push(new Object[] { child, depth + 1 });
			}
		}
		assertThat(binaries).as("attachments in %s", packet.type()).isLessThanOrEqualTo(this.parser.maxAttachments());
		assertThat(maxDepth).as("nesting").isLessThanOrEqualTo(MAX_NESTING + 1);
	}

	/**
	 * Whatever the decoder accepted, the encoder writes back and the decoder reads the
	 * same.
	 */
	private void assertRoundTrip(SocketPacket packet) {
		List<Object> messages;
		try {
			messages = this.parser.encode(packet);
		}
		catch (IllegalArgumentException ex) {
			// a client may send what a server never sends (a CONNECT_ERROR, binary in
			// CONNECT…)
			return;
		}
		SocketPacket decoded = decodeInOrder(messages);
		assertThat(baseType(decoded.type())).isEqualTo(baseType(packet.type()));
		assertThat(decoded.namespace()).isEqualTo(packet.namespace());
		assertThat(decoded.ackId()).isEqualTo(packet.ackId());
		assertThat(decoded.data()).as("re-decoding %s", messages.get(0)).isEqualTo(packet.data());
	}

	private static void assertQuick(long start, Object input) {
		long took = System.nanoTime() - start;
		assertThat(took).as("took %d ms on %s", took / 1_000_000, input).isLessThan(MAX_NANOS_PER_INPUT);
	}

	private static int baseType(PacketType type) {
		return type.isBinary() ? type.id() - 3 : type.id();
	}

	private static List<String> describe(List<EnginePacket> packets) {
		List<String> described = new ArrayList<>();
		for (EnginePacket packet : packets) {
			described.add(packet.binary() ? "binary " + Arrays.toString(packet.binaryData())
					: packet.type() + ":" + packet.text());
		}
		return described;
	}

	private static String escape(String input) {
		String cut = (input.length() > 300) ? input.substring(0, 300) + "...(" + input.length() + " chars)" : input;
		StringBuilder out = new StringBuilder("\"");
		for (char c : cut.toCharArray()) {
			out.append((c < 0x20 || c > 0x7e) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
		}
		return out.append('"').toString();
	}

	// ---- mutations

	/** A valid packet, the data the decoder yields for it, and its messages. */
	record Encoded(SocketPacket packet, @Nullable JsonNode expectedData, List<Object> messages) {

		@Override
		public String toString() {
			StringBuilder text = new StringBuilder(escape((String) this.messages.get(0)));
			for (Object attachment : this.messages.subList(1, this.messages.size())) {
				text.append(" + ").append(Arrays.toString((byte[]) attachment));
			}
			return text.toString();
		}

	}

	enum MutationKind {

		TRUNCATE, FLIP, INSERT_TOKEN, INSERT_CHAR, DELETE, DUPLICATE, ATTACHMENT_COUNT, TYPE

	}

	/** One edit of a text message, at {@code position} modulo its length. */
	record Mutation(MutationKind kind, int position, int length, char character, String token) {

		String applyTo(String text) {
			int at = text.isEmpty() ? 0 : this.position % (text.length() + 1);
			int end = Math.min(text.length(), at + this.length);
			StringBuilder out = new StringBuilder(text);
			switch (this.kind) {
				case TRUNCATE -> out.setLength(at);
				case FLIP -> {
					if (at < text.length()) {
						out.setCharAt(at, this.character);
					}
				}
				case INSERT_TOKEN -> out.insert(at, this.token);
				case INSERT_CHAR -> out.insert(at, this.character);
				case DELETE -> out.delete(at, end);
				case DUPLICATE -> out.insert(at, text, at, end);
				case ATTACHMENT_COUNT -> {
					// a wrong count: one more or less, zero, over the limit, too long for
					// an int
					String[] counts = { "0", "1", "2", "9", "10", "11", "12", "99999999999", "" };
					int digits = 1;
					while (digits < text.length() && Character.isDigit(text.charAt(digits))) {
						digits++;
					}
					String count = counts[this.position % counts.length];
					if (digits < text.length() && text.charAt(digits) == '-') {
						out.replace(1, digits, count);
					}
					else if (!text.isEmpty()) {
						out.insert(1, count + "-");
					}
				}
				case TYPE -> {
					if (!text.isEmpty()) {
						out.setCharAt(0, (char) ('0' + this.position % 10));
					}
				}
			}
			return out.toString();
		}

	}

	enum MessageMutationKind {

		DROP, EXTRA_BINARY, EXTRA_TEXT, REVERSE_ATTACHMENTS, TEXT_AS_BINARY

	}

	/** One edit of the list of messages (text first, then the attachments). */
	record MessageMutation(MessageMutationKind kind, int position, byte[] bytes) {

		void applyTo(List<Object> messages) {
			int at = this.position % (messages.size() + 1);
			switch (this.kind) {
				case DROP -> {
					if (at < messages.size()) {
						messages.remove(at);
					}
				}
				case EXTRA_BINARY -> messages.add(at, this.bytes);
				case EXTRA_TEXT -> messages.add(at, "2[\"x\"]");
				case REVERSE_ATTACHMENTS -> {
					if (messages.size() > 2) {
						List<Object> attachments = new ArrayList<>(messages.subList(1, messages.size()));
						java.util.Collections.reverse(attachments);
						messages.subList(1, messages.size()).clear();
						messages.addAll(attachments);
					}
				}
				case TEXT_AS_BINARY -> {
					if (at < messages.size() && messages.get(at) instanceof String text) {
						messages.set(at, text.getBytes(StandardCharsets.UTF_8));
					}
				}
			}
		}

		@Override
		public String toString() {
			return this.kind + "@" + this.position + Arrays.toString(this.bytes);
		}

	}

}
