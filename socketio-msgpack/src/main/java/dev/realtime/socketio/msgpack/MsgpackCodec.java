package dev.realtime.socketio.msgpack;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.POJONode;

/**
 * MessagePack as {@code notepack.io} writes and reads it: the codec of Node's
 * {@code socket.io-msgpack-parser} (notepack 2.2) and of the Redis adapters and emitter
 * (notepack 3.0), so that bytes written here read in Node as the same JavaScript value,
 * and the other way round.
 *
 * <p>
 * <b>Writing</b> ({@link #encode(Object)}) takes Jackson trees and plain Java values:
 * <ul>
 * <li>{@code null} and {@code NullNode} as nil; booleans; strings in the smallest
 * {@code str} format;</li>
 * <li>integers ({@code int}, {@code long}, {@code BigInteger} up to 2<sup>64</sup>-1) in
 * the smallest format, unsigned ones for values from 0 up, signed ones below;
 * floating-point numbers as float64, except that an integral value below 2<sup>63</sup>
 * in magnitude is written as an integer, because that is what notepack does with a
 * JavaScript number (2.0 and 2 are one number there);</li>
 * <li>{@code byte[]}, {@link ByteBuffer} (its remaining bytes; the position does not
 * move) and {@code BinaryNode} as {@code bin} (a {@code Buffer} in Node);</li>
 * <li>{@link Map} and {@code ObjectNode} as a map with string keys
 * ({@code String.valueOf} of the key), entries in iteration order; a {@code MissingNode}
 * value (JavaScript's {@code undefined}) leaves its key out, as notepack 3 does;</li>
 * <li>{@link Collection}, arrays of objects and {@code ArrayNode} as an array ({@code
 * MissingNode} elements as nil);</li>
 * <li>anything else (records, POJOs, enums, {@code java.time} values…) as the tree the
 * {@link ObjectMapper} makes of it, so its annotations and settings apply as they do for
 * JSON.</li>
 * </ul>
 *
 * <p>
 * <b>Reading</b> ({@link #decodeTree(byte[])} to a Jackson tree, {@link #decode(byte[])}
 * to plain Java values) accepts every format, including notepack's extensions: fixext 1
 * of type 0 ({@code undefined}: the key is left out of its map, nil in an array), ext of
 * type 0 (a JavaScript {@code ArrayBuffer} as notepack 2 writes it: binary), fixext 8 of
 * type 0 (notepack 2's {@code Date}) and the MessagePack timestamps of type -1 (notepack
 * 3's {@code Date}): in a tree the date is its ISO-8601 text as JavaScript's
 * {@code toJSON} writes it ({@code 2023-11-14T22:13:20.123Z}), as a plain value an
 * {@link Instant}. Any other extension is read as notepack does, as the array
 * {@code [type, binary]}. Map keys must be strings, integers, booleans or nil (they
 * become their text, as in JavaScript). Bytes after the value are an error, and so are
 * nesting deeper than the limit and lengths longer than the input.
 *
 * <p>
 * Thread-safe: one instance serves all threads.
 */
public final class MsgpackCodec {

	private static final MessagePack.PackerConfig PACKER = new MessagePack.PackerConfig().withBufferSize(1024);

	private static final MessagePack.UnpackerConfig UNPACKER = new MessagePack.UnpackerConfig();

	/**
	 * notepack's extension type of JavaScript values: undefined, ArrayBuffer, Date
	 * (notepack 2).
	 */
	private static final byte NOTEPACK_EXT = 0;

	/** The MessagePack timestamp extension type (notepack 3 writes dates with it). */
	private static final byte TIMESTAMP_EXT = -1;

	private static final double TWO_POW_63 = 0x1p63;

	private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

	private static final DateTimeFormatter JS_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	/** Marks JavaScript's {@code undefined} while reading plain values. */
	private static final Object UNDEFINED = new Object();

	private final ObjectMapper mapper;

	private final JsonNodeFactory nodes;

	private final int maxDepth;

	/** A codec with a default {@link JsonMapper} (nesting limit 500). */
	public MsgpackCodec() {
		this(JsonMapper.builder().build());
	}

	/**
	 * A codec turning other objects into trees with {@code mapper}, nesting limited as
	 * the mapper limits JSON ({@code StreamReadConstraints.getMaxNestingDepth()}, 500 by
	 * default).
	 */
	public MsgpackCodec(ObjectMapper mapper) {
		this(mapper, mapper.tokenStreamFactory().streamReadConstraints().getMaxNestingDepth());
	}

	/**
	 * A codec turning objects other than plain values into trees with {@code mapper}.
	 * @param maxDepth the most arrays and maps nested in one another, written or read
	 * @throws IllegalArgumentException when {@code maxDepth} is below 1
	 */
	public MsgpackCodec(ObjectMapper mapper, int maxDepth) {
		if (maxDepth < 1) {
			throw new IllegalArgumentException("maxDepth must be 1 or more, got " + maxDepth);
		}
		this.mapper = mapper;
		this.nodes = mapper.getNodeFactory();
		this.maxDepth = maxDepth;
	}

	/** The most arrays and maps nested in one another. */
	public int maxDepth() {
		return this.maxDepth;
	}

	/** The mapper that turns other objects into trees. */
	public ObjectMapper mapper() {
		return this.mapper;
	}

	/**
	 * Writes {@code value} as one MessagePack value.
	 * @throws IllegalArgumentException when the value nests deeper than the limit, holds
	 * an integer that MessagePack cannot hold, or the mapper cannot write a part of it
	 */
	public byte[] encode(@Nullable Object value) {
		MessageBufferPacker packer = newPacker();
		write(packer, value);
		return packer.toByteArray();
	}

	/**
	 * A packer that collects bytes in memory, for {@link #write(MessagePacker, Object)}.
	 */
	public static MessageBufferPacker newPacker() {
		return PACKER.newBufferPacker();
	}

	/**
	 * Writes {@code value} into {@code packer}, for callers that write several values or
	 * a framing of their own around it.
	 * @throws IllegalArgumentException as {@link #encode(Object)}
	 */
	public void write(MessagePacker packer, @Nullable Object value) {
		try {
			writeValue(packer, value, 0);
		}
		catch (IOException ex) {
			// the in-memory packer does not fail; a caller's own output may
			throw new IllegalStateException("Cannot write MessagePack: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Reads one MessagePack value as a Jackson tree.
	 * @return the tree; {@code MissingNode} when the value is notepack's
	 * {@code undefined}
	 * @throws MsgpackFormatException when the bytes are not one valid value
	 */
	public JsonNode decodeTree(byte[] bytes) {
		return decodeTree(bytes, 0, bytes.length);
	}

	/**
	 * Reads one MessagePack value from {@code length} bytes of {@code bytes} from
	 * {@code offset}.
	 */
	public JsonNode decodeTree(byte[] bytes, int offset, int length) {
		Reader reader = new Reader(bytes, offset, length);
		JsonNode node = reader.run(() -> reader.readNode(0));
		return node;
	}

	/**
	 * Reads one MessagePack value as plain Java values: {@code null}, {@link Boolean},
	 * {@link Integer} or {@link Long} (or {@link BigInteger} above
	 * {@link Long#MAX_VALUE}), {@link Double}, {@link String}, {@code byte[]},
	 * {@link Instant} (dates), {@link LinkedHashMap} with string keys, {@link ArrayList}.
	 * @throws MsgpackFormatException when the bytes are not one valid value
	 */
	public @Nullable Object decode(byte[] bytes) {
		return decode(bytes, 0, bytes.length);
	}

	/** Reads one MessagePack value as plain Java values from part of {@code bytes}. */
	public @Nullable Object decode(byte[] bytes, int offset, int length) {
		Reader reader = new Reader(bytes, offset, length);
		Object value = reader.run(() -> reader.readPlain(0));
		return (value == UNDEFINED) ? null : value;
	}

	// ---- writing

	private void writeValue(MessagePacker packer, @Nullable Object value, int depth) throws IOException {
		if (value == null) {
			packer.packNil();
		}
		else if (value instanceof String string) {
			writeString(packer, string);
		}
		else if (value instanceof JsonNode node) {
			writeNode(packer, node, depth);
		}
		else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			packer.packLong(((Number) value).longValue());
		}
		else if (value instanceof Boolean bool) {
			packer.packBoolean(bool);
		}
		else if (value instanceof Double || value instanceof Float) {
			writeDouble(packer, ((Number) value).doubleValue());
		}
		else if (value instanceof byte[] bytes) {
			packer.packBinaryHeader(bytes.length);
			packer.writePayload(bytes);
		}
		else if (value instanceof ByteBuffer buffer) {
			ByteBuffer view = buffer.duplicate();
			packer.packBinaryHeader(view.remaining());
			if (view.hasArray()) {
				packer.writePayload(view.array(), view.arrayOffset() + view.position(), view.remaining());
			}
			else {
				byte[] copy = new byte[view.remaining()];
				view.get(copy);
				packer.writePayload(copy);
			}
		}
		else if (value instanceof Map<?, ?> map) {
			writeMap(packer, map, depth + 1);
		}
		else if (value instanceof Collection<?> collection) {
			checkDepth(depth + 1);
			int size = collection.size();
			packer.packArrayHeader(size);
			int written = 0;
			Iterator<?> elements = collection.iterator();
			while (elements.hasNext() && written < size) {
				writeValue(packer, elements.next(), depth + 1);
				written++;
			}
			if (written != size || elements.hasNext()) {
				throw new IllegalArgumentException(
						"Collection changed while it was written: " + written + " of " + size + " elements");
			}
		}
		else if (value instanceof Object[] array) {
			checkDepth(depth + 1);
			packer.packArrayHeader(array.length);
			for (Object element : array) {
				writeValue(packer, element, depth + 1);
			}
		}
		else if (value instanceof BigInteger big) {
			writeBigInteger(packer, big);
		}
		else if (value instanceof BigDecimal decimal) {
			writeBigDecimal(packer, decimal);
		}
		else {
			JsonNode tree;
			try {
				tree = this.mapper.valueToTree(value);
			}
			catch (JacksonException ex) {
				throw new IllegalArgumentException(
						"Cannot write a " + value.getClass().getName() + " as MessagePack: " + ex.getOriginalMessage(),
						ex);
			}
			writeNode(packer, tree, depth);
		}
	}

	private void writeMap(MessagePacker packer, Map<?, ?> map, int depth) throws IOException {
		checkDepth(depth);
		int size = 0;
		for (Object entryValue : map.values()) {
			if (!isUndefined(entryValue)) {
				size++;
			}
		}
		packer.packMapHeader(size);
		int written = 0;
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			if (isUndefined(entry.getValue())) {
				continue;
			}
			if (written == size) {
				written++;
				break;
			}
			writeString(packer, String.valueOf(entry.getKey()));
			writeValue(packer, entry.getValue(), depth);
			written++;
		}
		if (written != size) {
			throw new IllegalArgumentException(
					"Map changed while it was written: " + written + " of " + size + " entries");
		}
	}

	private static boolean isUndefined(@Nullable Object value) {
		return value instanceof JsonNode node && node.isMissingNode();
	}

	private void writeNode(MessagePacker packer, JsonNode node, int depth) throws IOException {
		switch (node.getNodeType()) {
			case OBJECT: {
				checkDepth(depth + 1);
				int size = 0;
				for (JsonNode child : node.values()) {
					if (!child.isMissingNode()) {
						size++;
					}
				}
				packer.packMapHeader(size);
				for (Map.Entry<String, JsonNode> property : node.properties()) {
					if (!property.getValue().isMissingNode()) {
						writeString(packer, property.getKey());
						writeNode(packer, property.getValue(), depth + 1);
					}
				}
				break;
			}
			case ARRAY:
				checkDepth(depth + 1);
				packer.packArrayHeader(node.size());
				for (JsonNode element : node.values()) {
					writeNode(packer, element, depth + 1);
				}
				break;
			case STRING:
				writeString(packer, node.stringValue());
				break;
			case NUMBER:
				switch (node.numberType()) {
					case INT:
					case LONG:
						packer.packLong(node.longValue());
						break;
					case BIG_INTEGER:
						writeBigInteger(packer, node.bigIntegerValue());
						break;
					case BIG_DECIMAL:
						writeBigDecimal(packer, node.decimalValue());
						break;
					default:
						writeDouble(packer, node.doubleValue());
				}
				break;
			case BOOLEAN:
				packer.packBoolean(node.booleanValue());
				break;
			case BINARY: {
				byte[] bytes = node.binaryValue();
				packer.packBinaryHeader(bytes.length);
				packer.writePayload(bytes);
				break;
			}
			case POJO:
				writeValue(packer, ((POJONode) node).getPojo(), depth);
				break;
			default:
				// NULL, and MISSING where it cannot be left out (array elements, the
				// value itself)
				packer.packNil();
		}
	}

	/**
	 * A string in the smallest {@code str} format. The JDK's own UTF-8 encoding, which is
	 * much faster than the packer's for long strings; unpaired surrogates become
	 * {@code ?}.
	 */
	static void writeString(MessagePacker packer, String value) throws IOException {
		byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
		packer.packRawStringHeader(utf8.length);
		packer.writePayload(utf8);
	}

	/**
	 * As notepack writes a JavaScript number: integral values as integers, others as
	 * float64.
	 */
	private static void writeDouble(MessagePacker packer, double value) throws IOException {
		if (value == Math.rint(value) && Math.abs(value) < TWO_POW_63) {
			packer.packLong((long) value);
		}
		else {
			packer.packDouble(value);
		}
	}

	private static void writeBigInteger(MessagePacker packer, BigInteger value) throws IOException {
		if (value.bitLength() <= 63) {
			packer.packLong(value.longValue());
		}
		else if (value.signum() > 0 && value.compareTo(UINT64_MAX) <= 0) {
			packer.packBigInteger(value);
		}
		else {
			throw new IllegalArgumentException(
					"Integer " + value + " does not fit in MessagePack (int64 or uint64): write it as a string");
		}
	}

	private static void writeBigDecimal(MessagePacker packer, BigDecimal value) throws IOException {
		if (value.signum() == 0 || value.scale() <= 0 || value.stripTrailingZeros().scale() <= 0) {
			BigInteger integer;
			try {
				integer = value.toBigIntegerExact();
			}
			catch (ArithmeticException ex) {
				integer = null;
			}
			if (integer != null && integer.bitLength() <= 63) {
				packer.packLong(integer.longValue());
				return;
			}
		}
		writeDouble(packer, value.doubleValue());
	}

	private void checkDepth(int depth) {
		if (depth > this.maxDepth) {
			throw new IllegalArgumentException("Value nests deeper than " + this.maxDepth
					+ " arrays and maps (a cycle?): MessagePack cannot be written");
		}
	}

	// ---- reading

	/** Formats a JavaScript date ({@code Date.prototype.toJSON}). */
	static String jsDate(Instant instant) {
		long year = instant.atOffset(ZoneOffset.UTC).getYear();
		if (year >= 0 && year <= 9999) {
			return JS_DATE.format(instant);
		}
		return DateTimeFormatter.ISO_INSTANT.format(instant);
	}

	/** One reading pass over one value. */
	private final class Reader {

		private final MessageUnpacker unpacker;

		private final int length;

		Reader(byte[] bytes, int offset, int length) {
			this.unpacker = UNPACKER.newUnpacker(bytes, offset, length);
			this.length = length;
		}

		<T> T run(ReadStep<T> step) {
			if (this.length == 0) {
				throw new MsgpackFormatException("No MessagePack value: the input is empty");
			}
			T value;
			try {
				value = step.read();
				long read = this.unpacker.getTotalReadBytes();
				if (read != this.length) {
					throw new MsgpackFormatException(
							(this.length - read) + " trailing bytes after the MessagePack value");
				}
			}
			catch (MessagePackException ex) {
				throw new MsgpackFormatException("Invalid MessagePack at byte " + position() + ": " + describe(ex), ex);
			}
			catch (IOException ex) {
				throw new MsgpackFormatException("Invalid MessagePack at byte " + position() + ": " + ex.getMessage(),
						ex);
			}
			catch (DateTimeException ex) {
				throw new MsgpackFormatException("Invalid MessagePack at byte " + position() + ": a date out of range",
						ex);
			}
			return value;
		}

		private String describe(MessagePackException ex) {
			String name = ex.getClass().getSimpleName();
			if (name.equals("MessageInsufficientBufferException")) {
				return "the input ends inside a value";
			}
			if (name.equals("MessageSizeException")) {
				return "a length of more than 2^31-1 declared";
			}
			return (ex.getMessage() != null) ? ex.getMessage() : name;
		}

		private long position() {
			return this.unpacker.getTotalReadBytes();
		}

		private int remaining() {
			return (int) (this.length - this.unpacker.getTotalReadBytes());
		}

		/**
		 * A length read from a header, checked against the bytes left (each element takes
		 * one at least).
		 */
		private int checkedLength(long declared, String what) {
			if (declared < 0 || declared > remaining()) {
				throw new MsgpackFormatException("Invalid MessagePack at byte " + position() + ": " + what + " of "
						+ declared + " declared but only " + remaining() + " bytes left");
			}
			return (int) declared;
		}

		private void enter(int depth) {
			if (depth > MsgpackCodec.this.maxDepth) {
				throw new MsgpackFormatException("MessagePack nests deeper than " + MsgpackCodec.this.maxDepth
						+ " arrays and maps (at byte " + position() + ")");
			}
		}

		JsonNode readNode(int depth) throws IOException {
			MessageFormat format = this.unpacker.getNextFormat();
			switch (format.getValueType()) {
				case NIL:
					this.unpacker.unpackNil();
					return MsgpackCodec.this.nodes.nullNode();
				case BOOLEAN:
					return MsgpackCodec.this.nodes.booleanNode(this.unpacker.unpackBoolean());
				case INTEGER:
					return integerNode(format);
				case FLOAT:
					return MsgpackCodec.this.nodes.numberNode(this.unpacker.unpackDouble());
				case STRING:
					return MsgpackCodec.this.nodes.stringNode(readString());
				case BINARY:
					return MsgpackCodec.this.nodes.binaryNode(readBinary());
				case ARRAY: {
					enter(depth + 1);
					int size = checkedLength(this.unpacker.unpackArrayHeader(), "an array");
					ArrayNode array = MsgpackCodec.this.nodes.arrayNode(size);
					for (int i = 0; i < size; i++) {
						JsonNode element = readNode(depth + 1);
						array.add(element.isMissingNode() ? MsgpackCodec.this.nodes.nullNode() : element);
					}
					return array;
				}
				case MAP: {
					enter(depth + 1);
					int size = checkedLength(this.unpacker.unpackMapHeader(), "a map");
					ObjectNode object = MsgpackCodec.this.nodes.objectNode();
					for (int i = 0; i < size; i++) {
						String key = readKey();
						JsonNode value = readNode(depth + 1);
						if (value.isMissingNode()) {
							object.remove(key);
						}
						else {
							object.set(key, value);
						}
					}
					return object;
				}
				case EXTENSION:
					return extensionNode(format);
				default:
					throw new MsgpackFormatException(
							"Invalid MessagePack at byte " + position() + ": unknown format " + format);
			}
		}

		@Nullable Object readPlain(int depth) throws IOException {
			MessageFormat format = this.unpacker.getNextFormat();
			switch (format.getValueType()) {
				case NIL:
					this.unpacker.unpackNil();
					return null;
				case BOOLEAN:
					return this.unpacker.unpackBoolean();
				case INTEGER: {
					if (format == MessageFormat.UINT64) {
						BigInteger big = this.unpacker.unpackBigInteger();
						return (big.bitLength() <= 63) ? (Object) big.longValue() : big;
					}
					long value = this.unpacker.unpackLong();
					return (value == (int) value) ? (Object) (int) value : (Object) value;
				}
				case FLOAT:
					return this.unpacker.unpackDouble();
				case STRING:
					return readString();
				case BINARY:
					return readBinary();
				case ARRAY: {
					enter(depth + 1);
					int size = checkedLength(this.unpacker.unpackArrayHeader(), "an array");
					List<@Nullable Object> list = new ArrayList<>(size);
					for (int i = 0; i < size; i++) {
						Object element = readPlain(depth + 1);
						list.add((element == UNDEFINED) ? null : element);
					}
					return list;
				}
				case MAP: {
					enter(depth + 1);
					int size = checkedLength(this.unpacker.unpackMapHeader(), "a map");
					Map<String, @Nullable Object> map = new LinkedHashMap<>();
					for (int i = 0; i < size; i++) {
						String key = readKey();
						Object value = readPlain(depth + 1);
						if (value == UNDEFINED) {
							map.remove(key);
						}
						else {
							map.put(key, value);
						}
					}
					return map;
				}
				case EXTENSION: {
					Object extension = readExtension(format);
					if (extension instanceof Object[] unknown) {
						return new ArrayList<>(List.of(unknown));
					}
					return extension;
				}
				default:
					throw new MsgpackFormatException(
							"Invalid MessagePack at byte " + position() + ": unknown format " + format);
			}
		}

		private JsonNode integerNode(MessageFormat format) throws IOException {
			if (format == MessageFormat.UINT64) {
				BigInteger big = this.unpacker.unpackBigInteger();
				return (big.bitLength() <= 63) ? MsgpackCodec.this.nodes.numberNode(big.longValue())
						: MsgpackCodec.this.nodes.numberNode(big);
			}
			long value = this.unpacker.unpackLong();
			return (value == (int) value) ? MsgpackCodec.this.nodes.numberNode((int) value)
					: MsgpackCodec.this.nodes.numberNode(value);
		}

		private JsonNode extensionNode(MessageFormat format) throws IOException {
			Object extension = readExtension(format);
			if (extension == UNDEFINED) {
				return MsgpackCodec.this.nodes.missingNode();
			}
			if (extension instanceof byte[] bytes) {
				return MsgpackCodec.this.nodes.binaryNode(bytes);
			}
			if (extension instanceof Instant instant) {
				return MsgpackCodec.this.nodes.stringNode(jsDate(instant));
			}
			Object[] unknown = (Object[]) extension;
			return MsgpackCodec.this.nodes.arrayNode(2).add((Integer) unknown[0]).add((byte[]) unknown[1]);
		}

		/**
		 * Reads an extension as notepack does: {@link #UNDEFINED}, {@code byte[]}
		 * (ArrayBuffer), {@link Instant} (dates), or {@code Object[] {type, byte[]}} for
		 * any other.
		 */
		private Object readExtension(MessageFormat format) throws IOException {
			ExtensionTypeHeader header = this.unpacker.unpackExtensionTypeHeader();
			byte type = header.getType();
			int size = checkedLength(header.getLength(), "an extension");
			byte[] payload = this.unpacker.readPayload(size);
			if (type == NOTEPACK_EXT) {
				switch (format) {
					case FIXEXT1:
						return UNDEFINED;
					case FIXEXT8:
						return Instant.ofEpochMilli(ByteBuffer.wrap(payload).getLong());
					case EXT8:
					case EXT16:
					case EXT32:
						return payload;
					default:
						// fixext 2, 4 and 16 of type 0 mean nothing to notepack either
						return new Object[] { (int) type, payload };
				}
			}
			if (type == TIMESTAMP_EXT) {
				Instant instant = timestamp(payload);
				if (instant != null) {
					return instant;
				}
			}
			return new Object[] { (int) type, payload };
		}

		/**
		 * The MessagePack timestamp formats (32, 64 and 96 bits), or {@code null} for
		 * another length.
		 */
		private @Nullable Instant timestamp(byte[] payload) {
			ByteBuffer data = ByteBuffer.wrap(payload);
			switch (payload.length) {
				case 4:
					return Instant.ofEpochSecond(Integer.toUnsignedLong(data.getInt()));
				case 8: {
					long bits = data.getLong();
					return Instant.ofEpochSecond(bits & 0x3_FFFF_FFFFL, bits >>> 34);
				}
				case 12: {
					long nanos = Integer.toUnsignedLong(data.getInt());
					return Instant.ofEpochSecond(data.getLong(), nanos);
				}
				default:
					return null;
			}
		}

		private String readKey() throws IOException {
			MessageFormat format = this.unpacker.getNextFormat();
			switch (format.getValueType()) {
				case STRING:
					return readString();
				case INTEGER:
					return integerNode(format).asString();
				case BOOLEAN:
					return Boolean.toString(this.unpacker.unpackBoolean());
				case NIL:
					this.unpacker.unpackNil();
					return "null";
				default:
					throw new MsgpackFormatException("Invalid MessagePack at byte " + position()
							+ ": a map key must be a string, an integer, a boolean or nil, got "
							+ format.getValueType());
			}
		}

		private String readString() throws IOException {
			int size = checkedLength(this.unpacker.unpackRawStringHeader(), "a string");
			byte[] utf8 = this.unpacker.readPayload(size);
			return new String(utf8, StandardCharsets.UTF_8);
		}

		private byte[] readBinary() throws IOException {
			int size = checkedLength(this.unpacker.unpackBinaryHeader(), "a binary");
			return this.unpacker.readPayload(size);
		}

	}

	@FunctionalInterface
	private interface ReadStep<T> {

		T read() throws IOException;

	}

}
