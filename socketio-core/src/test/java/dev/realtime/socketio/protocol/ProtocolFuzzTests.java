package dev.realtime.socketio.protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import dev.realtime.socketio.engine.codec.EngineCodec;
import dev.realtime.socketio.engine.codec.EnginePacket;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BinaryNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Time-boxed mutational fuzzing of the decoders that read what clients send: the
 * Engine.IO polling payload decoder, the Socket.IO packet decoder with its attachments,
 * and the reconstruction of binary packets. Inputs are mutations of the specification's
 * examples and of random packets; a decoder may refuse an input only with its documented
 * error, must decode what it encoded, and must not take long on any one input.
 *
 * <p>
 * Each target runs {@code socketio.fuzz.seconds} seconds (default 20) from the seed
 * {@code socketio.fuzz.seed} (default: random, printed). A failure names the seed and the
 * input; a crash found becomes a regression test beside the decoder's other tests. Longer
 * runs:
 * {@code mvn -pl socketio-core verify -Dtest=ProtocolFuzzTests -Dsocketio.fuzz.seconds=600}.
 */
class ProtocolFuzzTests {

	private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("socketio.fuzz.seconds", 20));

	/**
	 * Generous: the build machine is shared. A quadratic decoder would blow it on long
	 * inputs.
	 */
	private static final long MAX_NANOS_PER_INPUT = Duration.ofSeconds(10).toNanos();

	private static final String[] TOKENS = { "{\"_placeholder\":true,\"num\":0}", "{\"_placeholder\":true,\"num\":1}",
			"{\"_placeholder\":true,\"num\":-1}", "{\"_placeholder\":true,\"num\":99999999999}", "_placeholder", "num",
			"true", "false", "null", "1e999999", "-0", "1.5e-400", "99999999999999999999999", "\"\\ud800\"", "\\u0000",
			"[", "]", "{", "}", ",", ":", "\"", "/", "/admin,", "-", "1-", "10-", "11-", "\u001e", "b", "bAQID", "4",
			"40", "42", "451-", "2[\"e\",", "[".repeat(600), "{\"a\":".repeat(50), "\u00e9", "\ud83d\ude00", "\uffff",
			" ", "\t" };

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final long seed = Long.getLong("socketio.fuzz.seed", System.nanoTime());

	private final JsonPacketParser parser = new JsonPacketParser();

	@Test
	void engineIoPayloadDecoder() {
		List<String> corpus = new ArrayList<>(List.of("4hello", "2", "3", "6", "1", "5", "0{\"sid\":\"x\"}",
				"4a\u001e4b\u001ebAQID", "bAQIDBA==", "4\u001e", "\u001e\u001e", "b", "4\u00e9\ud83d\ude00"));
		fuzz("Engine.IO payload", corpus, (input) -> {
			EngineCodec.DecodedPayload decoded = EngineCodec.decodePayload(input);
			if (!decoded.malformed() && !decoded.packets().isEmpty()) {
				String again = EngineCodec.encodePayload(decoded.packets());
				EngineCodec.DecodedPayload redecoded = EngineCodec.decodePayload(again);
				assertThat(redecoded.malformed()).as("re-encoded %s", again).isFalse();
				assertThat(describe(redecoded.packets())).isEqualTo(describe(decoded.packets()));
			}
		});
	}

	@Test
	void socketIoPacketDecoderWithAttachments() {
		List<String> corpus = new ArrayList<>();
		SpecExample.all().forEach((example) -> corpus.add(encodeMessages(example.messages())));
		corpus.add("2[\"e\",{\"a\":[1,2,{\"b\":null}],\"c\":\"d\"},1.5,-3,12345678901234567890]");
		corpus.add("0/chat,{\"token\":\"t\"}");
		corpus.add("4{\"message\":\"m\",\"data\":{}}");
		corpus.add("3/chat,7[]");
		fuzz("Socket.IO decoder", corpus, (input) -> {
			PacketDecoder decoder = parser.newDecoder();
			SocketPacket packet = null;
			// the text, then every part after a record separator as an attachment
			String[] parts = input.split("\u001e", -1);
			try {
				packet = decoder.add(parts[0]);
				for (int i = 1; i < parts.length; i++) {
					packet = decoder.add(parts[i].getBytes(java.nio.charset.StandardCharsets.UTF_8));
				}
			}
			catch (PacketFormatException ex) {
				return;
			}
			if (packet != null) {
				assertRoundTrip(packet);
			}
		});
	}

	@Test
	void binaryReconstruction() {
		SplittableRandom random = new SplittableRandom(seed);
		long deadline = System.nanoTime() + BUDGET.toNanos();
		int runs = 0;
		while (System.nanoTime() < deadline) {
			ArrayNode data = NODES.arrayNode();
			data.add("e" + random.nextInt(100));
			int[] binaries = { 0 };
			for (int i = random.nextInt(4); i >= 0; i--) {
				data.add(randomTree(random, 0, binaries));
			}
			SocketPacket packet = new SocketPacket(random.nextBoolean() ? PacketType.EVENT : PacketType.ACK,
					random.nextBoolean() ? "/" : "/n" + random.nextInt(10),
					random.nextBoolean() ? -1 : random.nextInt(1000), data);
			List<Object> messages = parser.encode(packet);
			String described = "seed " + seed + ", run " + runs + ": " + messages.get(0);
			// the attachments the encoder wrote, not the binaries generated: a binary
			// under a key
			// that a later random key replaced is no longer in the tree
			int attachments = messages.size() - 1;
			if (attachments <= parser.maxAttachments()) {
				PacketDecoder decoder = parser.newDecoder();
				SocketPacket decoded = null;
				for (Object message : messages) {
					assertThat(decoded).as(described).isNull();
					decoded = (message instanceof String text) ? decoder.add(text) : decoder.add((byte[]) message);
				}
				assertThat(decoded).as(described).isNotNull();
				assertThat(decoded.data()).as(described).isEqualTo(data);
				assertThat(decoded.ackId()).isEqualTo(packet.ackId());
				assertThat(decoded.namespace()).isEqualTo(packet.namespace());
				// the same attachments in another order, one too few or one too many:
				// refused or
				// completed, never a crash
				PacketDecoder shuffled = parser.newDecoder();
				try {
					shuffled.add((String) messages.get(0));
					for (int i = messages.size() - 1; i >= 1 + random.nextInt(2); i--) {
						shuffled.add((byte[]) messages.get(i));
					}
					shuffled.add(new byte[] { 1 });
				}
				catch (PacketFormatException ex) {
					// expected for most
				}
			}
			else {
				PacketDecoder decoder = parser.newDecoder();
				try {
					decoder.add((String) messages.get(0));
					throw new AssertionError(
							"accepted more than " + parser.maxAttachments() + " attachments: " + described);
				}
				catch (PacketFormatException ex) {
					assertThat(ex).hasMessageContaining("Too many binary attachments");
				}
			}
			runs++;
		}
		assertThat(runs).isPositive();
	}

	private JsonNode randomTree(SplittableRandom random, int depth, int[] binaries) {
		int kind = random.nextInt(depth > 4 ? 6 : 9);
		switch (kind) {
			case 0:
				binaries[0]++;
				byte[] bytes = new byte[random.nextInt(8)];
				random.nextBytes(bytes);
				return BinaryNode.valueOf(bytes);
			case 1:
				return NODES.stringNode("s" + random.nextInt());
			case 2:
				return NODES.numberNode(random.nextInt());
			case 3:
				return NODES.numberNode(random.nextDouble() * 1e6);
			case 4:
				return random.nextBoolean() ? NODES.booleanNode(true) : NODES.nullNode();
			case 5:
				return NODES.numberNode(random.nextLong());
			case 6:
			case 7:
				ArrayNode array = NODES.arrayNode();
				for (int i = random.nextInt(4); i > 0; i--) {
					array.add(randomTree(random, depth + 1, binaries));
				}
				return array;
			default:
				ObjectNode object = NODES.objectNode();
				for (int i = random.nextInt(4); i > 0; i--) {
					object.set("k" + random.nextInt(10), randomTree(random, depth + 1, binaries));
				}
				return object;
		}
	}

	/**
	 * Whatever the decoder accepted, the encoder writes back and the decoder reads the
	 * same.
	 */
	private void assertRoundTrip(SocketPacket packet) {
		List<Object> messages;
		try {
			messages = parser.encode(packet);
		}
		catch (IllegalArgumentException ex) {
			// a client may send what a server never sends (a CONNECT_ERROR, binary in
			// CONNECT…)
			return;
		}
		PacketDecoder decoder = parser.newDecoder();
		SocketPacket decoded = null;
		for (Object message : messages) {
			decoded = (message instanceof String text) ? decoder.add(text) : decoder.add((byte[]) message);
		}
		assertThat(decoded).as("re-decoding %s", messages.get(0)).isNotNull();
		assertThat(decoded.type().isBinary() ? decoded.type().id() - 3 : decoded.type().id())
			.isEqualTo(packet.type().isBinary() ? packet.type().id() - 3 : packet.type().id());
		assertThat(decoded.namespace()).isEqualTo(packet.namespace());
		assertThat(decoded.ackId()).isEqualTo(packet.ackId());
		assertThat(decoded.data()).as("re-decoding %s", messages.get(0)).isEqualTo(packet.data());
	}

	private void fuzz(String target, List<String> corpus, Consumer<String> check) {
		SplittableRandom random = new SplittableRandom(seed);
		long deadline = System.nanoTime() + BUDGET.toNanos();
		int runs = 0;
		while (System.nanoTime() < deadline) {
			String input = mutate(random, corpus);
			long start = System.nanoTime();
			try {
				check.accept(input);
			}
			catch (RuntimeException | AssertionError | StackOverflowError ex) {
				throw new AssertionError(
						target + " failed (seed " + seed + ", run " + runs + ") on input " + escape(input) + ": " + ex,
						ex);
			}
			long took = System.nanoTime() - start;
			assertThat(took).as("%s took %d ms on %s (seed %d)", target, took / 1_000_000, escape(input), seed)
				.isLessThan(MAX_NANOS_PER_INPUT);
			if (random.nextInt(64) == 0 && corpus.size() < 512 && input.length() < 4096) {
				corpus.add(input);
			}
			runs++;
		}
		System.out.println(target + ": " + runs + " inputs in " + BUDGET.toSeconds() + " s, seed " + seed);
		assertThat(runs).isPositive();
	}

	private static String mutate(SplittableRandom random, List<String> corpus) {
		StringBuilder text = new StringBuilder(corpus.get(random.nextInt(corpus.size())));
		for (int n = 1 + random.nextInt(4); n > 0; n--) {
			int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
			switch (random.nextInt(7)) {
				case 0 -> text.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
				case 1 -> {
					if (!text.isEmpty()) {
						int end = Math.min(text.length(), at + 1 + random.nextInt(8));
						text.delete(Math.min(at, text.length() - 1), end);
					}
				}
				case 2 -> {
					if (at < text.length()) {
						text.setCharAt(at, (char) random.nextInt(128));
					}
				}
				case 3 -> text.insert(at, (char) random.nextInt(0x10000));
				case 4 -> {
					String other = corpus.get(random.nextInt(corpus.size()));
					text.insert(at, other, 0, Math.min(other.length(), random.nextInt(other.length() + 1)));
				}
				case 5 -> {
					if (at < text.length()) {
						int end = Math.min(text.length(), at + 1 + random.nextInt(16));
						text.insert(at, text.substring(at, end));
					}
				}
				default -> text.insert(at, Integer.toString(random.nextInt(20)));
			}
		}
		return text.toString();
	}

	private static String encodeMessages(List<Object> messages) {
		StringBuilder text = new StringBuilder((String) messages.get(0));
		for (Object attachment : messages.subList(1, messages.size())) {
			text.append('\u001e').append(new String((byte[]) attachment, java.nio.charset.StandardCharsets.ISO_8859_1));
		}
		return text.toString();
	}

	private static List<String> describe(List<EnginePacket> packets) {
		List<String> described = new ArrayList<>();
		for (EnginePacket packet : packets) {
			described.add(packet.binary() ? "binary " + java.util.Arrays.toString(packet.binaryData())
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

}
