package dev.realtime.socketio.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.io.SegmentedStringWriter;
import tools.jackson.core.util.BufferRecycler;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The default Socket.IO v5 parser: packets as text in the format
 * {@code <type>[<#attachments>-][<nsp>,][<ackId>][JSON]}, binary values carried as
 * separate attachments.
 *
 * <p>
 * Encoding writes the data with the given Jackson {@link ObjectMapper} (compact, keys in
 * insertion order, integers as integers). Every {@code byte[]},
 * {@link java.nio.ByteBuffer} (its remaining bytes; the position does not move) and
 * {@code BinaryNode} at any depth, in lists, maps, POJOs and JSON trees, becomes a
 * {@code {"_placeholder":true,"num":i}} object, numbered depth-first, and the packet
 * becomes BINARY_EVENT or BINARY_ACK:
 *
 * <pre>{@code
 * PacketParser parser = new JsonPacketParser();
 * parser.encode(new SocketPacket(PacketType.EVENT, "/chat", 12, List.of("hello", 1)));
 * // ["2/chat,12[\"hello\",1]"]
 * parser.encode(new SocketPacket(PacketType.EVENT, "/", -1, List.of("file", new byte[] {1, 2})));
 * // ["51-[\"file\",{\"_placeholder\":true,\"num\":0}]", byte[] {1, 2}]
 * }</pre>
 *
 * <p>
 * A {@code byte[]} that is attached whole is returned as the same array, not a copy, so
 * it must not change until it has been sent.
 *
 * <p>
 * Decoding ({@link #newDecoder()}) enforces the rules of the reference parser
 * ({@code socket.io-parser}) and yields Jackson trees, with {@code BinaryNode}s in place
 * of the placeholders. Received JSON is untrusted, so it is read with a parser
 * configuration of its own, not the mapper's: property names are not canonicalized in a
 * symbol table shared by all connections (one client's colliding names cannot degrade or
 * break another's parsing), an object holds at most {@code maxObjectProperties}
 * properties, and the mapper's {@code StreamReadConstraints} bound nesting depth, string
 * and number lengths. Numbers too large for a double ({@code 1e999999}) are {@code null},
 * both ways, as {@code JSON.parse} and {@code JSON.stringify} make them in Node.
 *
 * <p>
 * Thread-safe: one instance serves all connections.
 */
public final class JsonPacketParser implements PacketParser {

	/**
	 * Default limit of attachments in one received packet, as in
	 * {@code socket.io-parser}.
	 */
	public static final int DEFAULT_MAX_ATTACHMENTS = 10;

	/** Default limit of properties in one received JSON object. */
	public static final int DEFAULT_MAX_OBJECT_PROPERTIES = 10_000;

	private static final String MAIN_NAMESPACE = "/";

	private final ObjectWriter writer;

	/**
	 * Reads received JSON; it keeps no state between reads, so every connection's decoder
	 * shares it (one object fewer per connection).
	 */
	private final UntrustedJsonReader reader;

	private final int maxAttachments;

	private final int maxObjectProperties;

	/**
	 * Whether data made of JSON trees and plain scalars (what a received event holds,
	 * re-emitted or acknowledged) is written by {@link TreeWriter} rather than through
	 * the mapper: the same output without a serialization context and serializer lookups
	 * per packet. Only when the mapper writes trees as Jackson does by default.
	 */
	private final boolean writesTrees;

	/**
	 * Whether such data, when it holds only strings, integers, booleans, nulls, arrays
	 * and objects, is appended as text by {@link TreeWriter#appendText} without a
	 * generator: only when a probe showed that the mapper's generator writes the same
	 * characters for it (its escaping settings are Jackson's defaults).
	 */
	private final boolean writesText;

	/**
	 * A parser with a default {@link JsonMapper} and at most 10 attachments per received
	 * packet.
	 */
	public JsonPacketParser() {
		this(JsonMapper.builder().build());
	}

	/**
	 * A parser writing and reading JSON with {@code mapper}, at most 10 attachments per
	 * received packet.
	 */
	public JsonPacketParser(ObjectMapper mapper) {
		this(mapper, DEFAULT_MAX_ATTACHMENTS);
	}

	/**
	 * A parser writing and reading JSON with {@code mapper}.
	 *
	 * <p>
	 * Whatever the mapper's settings, output is compact with map entries in insertion
	 * order, and decoded floating-point numbers are doubles.
	 * @param maxAttachments the most binary attachments a received packet may declare
	 * (not a limit on encoding)
	 * @throws IllegalArgumentException when {@code maxAttachments} is negative
	 */
	public JsonPacketParser(ObjectMapper mapper, int maxAttachments) {
		this(mapper, maxAttachments, DEFAULT_MAX_OBJECT_PROPERTIES);
	}

	/**
	 * A parser writing JSON with {@code mapper} and reading it with the mapper's
	 * {@code StreamReadConstraints}.
	 * @param maxAttachments the most binary attachments a received packet may declare
	 * (not a limit on encoding)
	 * @param maxObjectProperties the most properties a received JSON object may hold
	 * @throws IllegalArgumentException when {@code maxAttachments} is negative or
	 * {@code maxObjectProperties} is not positive
	 */
	public JsonPacketParser(ObjectMapper mapper, int maxAttachments, int maxObjectProperties) {
		if (maxAttachments < 0) {
			throw new IllegalArgumentException("maxAttachments must be 0 or more, got " + maxAttachments);
		}
		if (maxObjectProperties < 1) {
			throw new IllegalArgumentException("maxObjectProperties must be 1 or more, got " + maxObjectProperties);
		}
		this.writer = mapper.writer()
			.without(SerializationFeature.INDENT_OUTPUT, SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS,
					SerializationFeature.WRAP_ROOT_VALUE, SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
		JsonFactory readFactory = JsonFactory.builder()
			.disable(TokenStreamFactory.Feature.CANONICALIZE_PROPERTY_NAMES)
			.disable(TokenStreamFactory.Feature.INTERN_PROPERTY_NAMES)
			.recyclerPool(ReadRecyclerPool.INSTANCE)
			.streamReadConstraints(mapper.tokenStreamFactory().streamReadConstraints())
			.build();
		this.reader = new UntrustedJsonReader(readFactory, maxObjectProperties);
		this.maxAttachments = maxAttachments;
		this.maxObjectProperties = maxObjectProperties;
		SerializationConfig config = this.writer.getConfig();
		this.writesTrees = config.isEnabled(SerializationFeature.WRITE_EMPTY_JSON_ARRAYS)
				&& config.isEnabled(JsonNodeFeature.WRITE_NULL_PROPERTIES)
				&& !config.isEnabled(JsonNodeFeature.WRITE_PROPERTIES_SORTED);
		this.writesText = this.writesTrees && appendsTextAsGenerator(mapper);
	}

	/**
	 * Whether {@link TreeWriter#appendText} writes what the generator writes, for data
	 * holding every character that JSON may escape and every kind of node it writes.
	 */
	private boolean appendsTextAsGenerator(ObjectMapper mapper) {
		StringBuilder chars = new StringBuilder();
		for (char c = 0; c < 0x100; c++) {
			chars.append(c);
		}
		chars.append("\u2028\u2029\ud83d\ude00\ud800\udfff\ufffe\uffff");
		String text = chars.toString();
		ObjectNode tree = mapper.createObjectNode();
		tree.put(text, text);
		tree.put("int", Integer.MIN_VALUE);
		tree.put("long", Long.MIN_VALUE);
		tree.put("true", true);
		tree.putNull("null");
		tree.putArray("array").add(1).add("").addNull().add(false).add(mapper.createArrayNode());
		tree.putObject("object");
		List<Object> probe = Arrays.asList(tree, text, Integer.MAX_VALUE, Long.MAX_VALUE, true, null,
				mapper.createObjectNode(), mapper.createArrayNode());
		try {
			String generated = writeText(PacketType.EVENT, MAIN_NAMESPACE, 1, probe, true).text();
			StringBuilder appended = new StringBuilder();
			appendHeader(appended, PacketType.EVENT, MAIN_NAMESPACE, 1);
			return TreeWriter.appendText(appended, probe) && generated.contentEquals(appended);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/** Whether plain data is written without a generator (see {@link #writesText}). */
	boolean writesText() {
		return this.writesText;
	}

	/** The most binary attachments a received packet may declare. */
	public int maxAttachments() {
		return this.maxAttachments;
	}

	/** The most properties a received JSON object may hold. */
	public int maxObjectProperties() {
		return this.maxObjectProperties;
	}

	/**
	 * {@inheritDoc}
	 *
	 * <p>
	 * EVENT and ACK packets whose data holds binary are sent as BINARY_EVENT and
	 * BINARY_ACK, and BINARY_EVENT and BINARY_ACK packets without binary as EVENT and
	 * ACK. The returned list is unmodifiable.
	 * @throws IllegalArgumentException when the namespace does not start with {@code /}
	 * or holds a comma, when the data does not have the shape the packet type needs
	 * (EVENT: a non-empty list, ACK: a list, CONNECT: an object or none, CONNECT_ERROR:
	 * an object or a string, DISCONNECT: none), when a packet other than EVENT or ACK
	 * holds binary, or when Jackson cannot write the data
	 */
	@Override
	public List<Object> encode(SocketPacket packet) {
		PacketType type = packet.type();
		String namespace = packet.namespace();
		checkNamespace(namespace);
		Object data = packet.data();
		long ackId = packet.ackId();
		if (data == null) {
			if (type != PacketType.CONNECT && type != PacketType.DISCONNECT) {
				throw new IllegalArgumentException(type + " packet needs data: " + expectedData(type));
			}
			StringBuilder header = new StringBuilder(namespace.length() + 21);
			appendHeader(header, type, namespace, ackId);
			return List.of(header.toString());
		}
		if (type == PacketType.DISCONNECT) {
			throw new IllegalArgumentException("DISCONNECT packet carries no data, got " + data.getClass().getName());
		}
		EncodedText encoded = writeText(type, namespace, ackId, data);
		String text = encoded.text();
		checkShape(type, text, encoded.jsonStart());
		List<byte[]> attachments = encoded.attachments();
		if (attachments == null) {
			return List.of(text);
		}
		if (type == PacketType.CONNECT || type == PacketType.CONNECT_ERROR) {
			throw new IllegalArgumentException(type + " packet cannot carry binary, only EVENT and ACK can");
		}
		PacketType binaryType = (type == PacketType.EVENT || type == PacketType.BINARY_EVENT) ? PacketType.BINARY_EVENT
				: PacketType.BINARY_ACK;
		// the count is known only now: rare enough to pay for one more copy of the text
		String count = Integer.toString(attachments.size());
		Object[] messages = new Object[attachments.size() + 1];
		messages[0] = new StringBuilder(text.length() + count.length() + 1).append(typeDigit(binaryType))
			.append(count)
			.append('-')
			.append(text, 1, text.length())
			.toString();
		for (int i = 0; i < attachments.size(); i++) {
			messages[i + 1] = attachments.get(i);
		}
		return List.of(messages);
	}

	@Override
	public PacketDecoder newDecoder() {
		return new JsonPacketDecoder(this.reader, this.maxAttachments);
	}

	/**
	 * Writes the header and the JSON in one pass into Jackson's recycled buffers (as
	 * {@code writeValueAsString} does), extracting the attachments on the way.
	 */
	private EncodedText writeText(PacketType type, String namespace, long ackId, Object data) {
		if (this.writesText) {
			StringBuilder out = new StringBuilder(TEXT_CAPACITY);
			int jsonStart = appendHeader(out, type, namespace, ackId);
			if (TreeWriter.appendText(out, data)) {
				return new EncodedText(out.toString(), jsonStart, null);
			}
		}
		try {
			return writeText(type, namespace, ackId, data, this.writesTrees);
		}
		catch (TreeWriter.NotPlain ex) {
			// a tree with a node the direct writer leaves to Jackson: write it all again
			return writeText(type, namespace, ackId, data, false);
		}
	}

	/** First capacity of the text of a packet written without a generator. */
	private static final int TEXT_CAPACITY = 128;

	/**
	 * {@link #writeText}, with the data written by {@link TreeWriter} when it can and
	 * {@code trees} is set, else by the mapper.
	 */
	private EncodedText writeText(PacketType type, String namespace, long ackId, Object data, boolean trees) {
		BufferRecycler recycler = this.writer.generatorFactory()._getBufferRecycler();
		try (SegmentedStringWriter out = new SegmentedStringWriter(recycler)) {
			int jsonStart = appendHeader(out, type, namespace, ackId);
			List<byte[]> attachments;
			try (JsonGenerator json = this.writer.createGenerator(out)) {
				AttachmentExtractingGenerator generator = new AttachmentExtractingGenerator(json);
				if (!(trees && TreeWriter.write(generator, data))) {
					this.writer.writeValue(generator, data);
				}
				attachments = generator.attachments();
			}
			return new EncodedText(out.getAndClear(), jsonStart, attachments);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(
					"Cannot write the data of a " + type + " packet as JSON: " + ex.getOriginalMessage(), ex);
		}
		finally {
			recycler.releaseToPool();
		}
	}

	/**
	 * Appends {@code <type>[<nsp>,][<ackId>]}, the type without binary: the attachment
	 * count is not known yet.
	 * @return the length of the header
	 */
	private static int appendHeader(Appendable out, PacketType type, String namespace, long ackId) {
		try {
			out.append(typeDigit(textType(type)));
			int length = 1;
			if (!MAIN_NAMESPACE.equals(namespace)) {
				out.append(namespace).append(',');
				length += namespace.length() + 1;
			}
			if (ackId >= 0) {
				length += appendDigits(out, ackId);
			}
			return length;
		}
		catch (IOException ex) {
			// neither StringBuilder nor SegmentedStringWriter throws
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Appends the decimal digits of {@code value} (not negative) without a
	 * {@code String}: an ack id is written for every acknowledgement.
	 * @return how many digits
	 */
	private static int appendDigits(Appendable out, long value) throws IOException {
		long divisor = 1;
		int digits = 1;
		while (value / divisor >= 10) {
			divisor *= 10;
			digits++;
		}
		for (; divisor > 0; divisor /= 10) {
			out.append((char) ('0' + (value / divisor) % 10));
		}
		return digits;
	}

	private static void checkNamespace(String namespace) {
		if (namespace.isEmpty() || namespace.charAt(0) != '/') {
			throw new IllegalArgumentException("Namespace must start with '/', got \"" + namespace + "\"");
		}
		if (namespace.indexOf(',') >= 0) {
			throw new IllegalArgumentException(
					"Namespace must not contain a comma (it ends the namespace on the wire), got \"" + namespace
							+ "\"");
		}
	}

	/** Catches data the peer would reject, by the first characters of its JSON. */
	private static void checkShape(PacketType type, String text, int jsonStart) {
		char first = charAt(text, jsonStart);
		boolean valid;
		switch (type) {
			case CONNECT:
				valid = first == '{';
				break;
			case CONNECT_ERROR:
				valid = first == '{' || first == '"';
				break;
			case EVENT:
			case BINARY_EVENT:
				// the event name: a string or a number
				char name = charAt(text, jsonStart + 1);
				valid = first == '[' && (name == '"' || name == '-' || (name >= '0' && name <= '9'));
				break;
			default:
				valid = first == '[';
		}
		if (!valid) {
			throw new IllegalArgumentException(type + " packet data must be " + expectedData(type)
					+ ", got JSON starting with " + text.substring(jsonStart, Math.min(text.length(), jsonStart + 20)));
		}
	}

	private static char charAt(String text, int index) {
		return (index < text.length()) ? text.charAt(index) : 0;
	}

	private static String expectedData(PacketType type) {
		switch (type) {
			case CONNECT:
				return "an object or none";
			case CONNECT_ERROR:
				return "an object or a string";
			case EVENT:
			case BINARY_EVENT:
				return "a non-empty list starting with the event name (a string or a number)";
			case ACK:
			case BINARY_ACK:
				return "a list (possibly empty)";
			default:
				return "none";
		}
	}

	private static PacketType textType(PacketType type) {
		if (type == PacketType.BINARY_EVENT) {
			return PacketType.EVENT;
		}
		if (type == PacketType.BINARY_ACK) {
			return PacketType.ACK;
		}
		return type;
	}

	private static char typeDigit(PacketType type) {
		return (char) ('0' + type.id());
	}

	/**
	 * The text message: header and JSON, with the attachments extracted from the JSON.
	 */
	private record EncodedText(String text, int jsonStart, @Nullable List<byte[]> attachments) {
	}

}
