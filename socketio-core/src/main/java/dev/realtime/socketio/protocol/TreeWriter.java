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
