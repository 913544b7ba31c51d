package dev.realtime.socketio.protocol;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.Base64Variants;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * Writes packet data made of JSON trees and plain scalars straight to the generator: what
 * a received event holds when it is acknowledged or emitted again (the trees
 * {@link UntrustedJsonReader} builds, binary nodes from attachments). The output is the
 * one Jackson writes for the same data with a mapper's default tree settings (nulls
 * written, properties in insertion order); what it saves is the serialization context and
 * the serializer lookups of every packet. Binary goes through {@code writeBinary}, so
 * {@link AttachmentExtractingGenerator} still extracts it.
 *
 * <p>
 * {@link #appendText} goes one step further for the commonest data (strings, integers,
 * booleans, nulls, arrays, objects): it appends the JSON text itself, without a
 * generator, its context and the recycled buffers' round trip.
 */
final class TreeWriter {

	private TreeWriter() {
	}

	/**
	 * Writes {@code data} when it is a list of trees and plain scalars.
	 * @return {@code false}, having written nothing, when the data is something else
	 * @throws NotPlain when a tree holds a node this writer leaves to Jackson (POJO,
	 * decimal, missing): part of it may have been written
	 */
	static boolean write(JsonGenerator generator, Object data) {
		if (!(data instanceof List<?> list) || !isPlain(list)) {
			return false;
		}
		int size = list.size();
		generator.writeStartArray(list, size);
		for (int i = 0; i < size; i++) {
			Object value = list.get(i);
			if (value instanceof JsonNode node) {
				writeNode(generator, node);
			}
			else {
				writeScalar(generator, value);
			}
		}
		generator.writeEndArray();
		return true;
	}

	/**
	 * Deepest nesting {@link #appendText} writes itself; deeper data goes to Jackson,
	 * whose write constraints then apply.
	 */
	private static final int MAX_TEXT_DEPTH = 64;

	/**
	 * Appends {@code data} as JSON text, without a generator, when it is a list of trees
	 * and plain scalars holding only strings, {@code int}s, {@code long}s, booleans,
	 * nulls, arrays and objects (what a received event holds): the characters Jackson's
	 * default generator writes for them (compact, the escapes below, every other
	 * character as it is). {@link JsonPacketParser} uses it only after checking that its
	 * mapper writes exactly this.
	 * @return {@code false} when the data holds anything else (binary, other numbers, a
	 * POJO, deeper nesting): part of it may have been appended
	 */
	static boolean appendText(StringBuilder out, Object data) {
		if (!(data instanceof List<?> list)) {
			return false;
		}
		out.append('[');
		for (int i = 0, size = list.size(); i < size; i++) {
			if (i > 0) {
				out.append(',');
			}
			Object value = list.get(i);
			if (value instanceof JsonNode node) {
				if (!appendNode(out, node, 1)) {
					return false;
				}
			}
			else if (value == null) {
				out.append("null");
			}
			else if (value instanceof String text) {
				appendString(out, text);
			}
			else if (value instanceof Integer number) {
				out.append(number.intValue());
			}
			else if (value instanceof Long number) {
				out.append(number.longValue());
			}
			else if (value instanceof Boolean bool) {
				out.append(bool.booleanValue());
			}
			else {
				return false;
			}
		}
		out.append(']');
		return true;
	}

	private static boolean appendNode(StringBuilder out, JsonNode node, int depth) {
		switch (node.getNodeType()) {
			case STRING -> appendString(out, node.stringValue());
			case NUMBER -> {
				switch (node.numberType()) {
					case INT -> out.append(node.intValue());
					case LONG -> out.append(node.longValue());
					default -> {
						return false;
					}
				}
			}
			case BOOLEAN -> out.append(node.booleanValue());
			case NULL -> out.append("null");
			case ARRAY -> {
				if (depth >= MAX_TEXT_DEPTH) {
					return false;
				}
				out.append('[');
				for (int i = 0, size = node.size(); i < size; i++) {
					if (i > 0) {
						out.append(',');
					}
					if (!appendNode(out, node.get(i), depth + 1)) {
						return false;
					}
				}
				out.append(']');
			}
			case OBJECT -> {
				if (depth >= MAX_TEXT_DEPTH) {
					return false;
				}
				out.append('{');
				boolean first = true;
				for (Map.Entry<String, JsonNode> property : node.properties()) {
					if (!first) {
						out.append(',');
					}
					first = false;
					appendString(out, property.getKey());
					out.append(':');
					if (!appendNode(out, property.getValue(), depth + 1)) {
						return false;
					}
				}
				out.append('}');
			}
			default -> {
				return false;
			}
		}
		return true;
	}

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	/**
	 * A JSON string as Jackson's default generator writes it: quote, backslash and the
	 * control characters escaped (backspace, tab, newline, form feed and carriage return
	 * by their short escapes, the others as a six-character escape with upper-case hex
	 * digits), everything else as it is.
	 */
	static void appendString(StringBuilder out, String text) {
		out.append('"');
		int length = text.length();
		int start = 0;
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c >= 0x20 && c != '"' && c != '\\') {
				continue;
			}
			out.append(text, start, i);
			start = i + 1;
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\b' -> out.append("\\b");
				case '\t' -> out.append("\\t");
				case '\n' -> out.append("\\n");
				case '\f' -> out.append("\\f");
				case '\r' -> out.append("\\r");
				default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
			}
		}
		out.append(text, start, length);
		out.append('"');
	}

	private static boolean isPlain(List<?> list) {
		for (int i = 0, size = list.size(); i < size; i++) {
			Object value = list.get(i);
			if (!(value == null || value instanceof JsonNode || value instanceof String || value instanceof Integer
					|| value instanceof Long || value instanceof Boolean)) {
				return false;
			}
		}
		return true;
	}

	private static void writeScalar(JsonGenerator generator, @Nullable Object value) {
		if (value == null) {
			generator.writeNull();
		}
		else if (value instanceof String text) {
			generator.writeString(text);
		}
		else if (value instanceof Integer number) {
			generator.writeNumber(number.intValue());
		}
		else if (value instanceof Long number) {
			generator.writeNumber(number.longValue());
		}
		else {
			generator.writeBoolean((Boolean) value);
		}
	}

	private static void writeNode(JsonGenerator generator, JsonNode node) {
		switch (node.getNodeType()) {
			case STRING -> generator.writeString(node.stringValue());
			case NUMBER -> writeNumber(generator, node);
			case BOOLEAN -> generator.writeBoolean(node.booleanValue());
			case NULL -> generator.writeNull();
			case ARRAY -> {
				int size = node.size();
				generator.writeStartArray(node, size);
				for (int i = 0; i < size; i++) {
					writeNode(generator, node.get(i));
				}
				generator.writeEndArray();
			}
			case OBJECT -> {
				generator.writeStartObject(node, node.size());
				for (Map.Entry<String, JsonNode> property : node.properties()) {
					generator.writeName(property.getKey());
					writeNode(generator, property.getValue());
				}
				generator.writeEndObject();
			}
			case BINARY -> {
				byte[] bytes = node.binaryValue();
				generator.writeBinary(Base64Variants.getDefaultVariant(), bytes, 0, bytes.length);
			}
			default -> throw NotPlain.INSTANCE;
		}
	}

	private static void writeNumber(JsonGenerator generator, JsonNode node) {
		switch (node.numberType()) {
			case INT -> generator.writeNumber(node.intValue());
			case LONG -> generator.writeNumber(node.longValue());
			case BIG_INTEGER -> generator.writeNumber(node.bigIntegerValue());
			case DOUBLE -> generator.writeNumber(node.doubleValue());
			case FLOAT -> generator.writeNumber(node.floatValue());
			// decimals have settings of their own (plain notation, trailing zeroes)
			default -> throw NotPlain.INSTANCE;
		}
	}

	/**
	 * A tree holds a node left to Jackson: the caller writes the whole value again with
	 * it.
	 */
	static final class NotPlain extends RuntimeException {

		private static final long serialVersionUID = 1L;

		static final NotPlain INSTANCE = new NotPlain();

		private NotPlain() {
			super("not a plain JSON tree", null, false, false);
		}

	}

}
