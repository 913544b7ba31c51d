package dev.realtime.socketio.protocol;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ContainerNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds a {@link JsonNode} tree from JSON a client sent, without recursion, checking
 * what the stream parser cannot: the number of properties of each object. Numbers too
 * large for a double become {@code null}, as {@code JSON.parse} turns them into
 * {@code Infinity}, which {@code JSON.stringify} writes as {@code null}. Duplicate names
 * keep the last value, as in {@code JSON.parse}.
 *
 * <p>
 * The parser factory must not canonicalize property names: a symbol table shared by every
 * connection would let one client's colliding names degrade or break everyone's parsing.
 * The reader keeps nothing between reads: one instance serves every connection, on any
 * thread.
 */
final class UntrustedJsonReader {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final JsonFactory factory;

	private final int maxObjectProperties;

	UntrustedJsonReader(JsonFactory factory, int maxObjectProperties) {
		this.factory = factory;
		this.maxObjectProperties = maxObjectProperties;
	}

	/**
	 * Reads the one JSON value of {@code text} from {@code start} on.
	 * @return the value, or {@code null} when there is none (only whitespace)
	 * @throws tools.jackson.core.JacksonException on malformed JSON, trailing data or a
	 * broken limit
	 */
	@Nullable JsonNode read(String text, int start) {
		try (JsonParser parser = this.factory.createParser(ObjectReadContext.empty(), text.substring(start))) {
			JsonToken token = parser.nextToken();
			if (token == null) {
				return null;
			}
			JsonNode root = readTree(parser, token);
			JsonToken trailing = parser.nextToken();
			if (trailing != null) {
				throw new StreamConstraintsException("Trailing token (of type " + trailing
						+ ") found after the JSON value: only one value is allowed");
			}
			return root;
		}
	}

	private JsonNode readTree(JsonParser parser, JsonToken first) {
		if (!first.isStructStart()) {
			return scalar(parser, first);
		}
		ContainerNode<?> root = first == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
		List<ContainerNode<?>> open = new ArrayList<>();
		int[] properties = new int[16];
		open.add(root);
		String name = null;
		while (!open.isEmpty()) {
			JsonToken token = parser.nextToken();
			if (token == null) {
				// the parser reports truncated input itself; this is a safety net
				throw new StreamConstraintsException("Unexpected end of JSON input");
			}
			int depth = open.size() - 1;
			ContainerNode<?> parent = open.get(depth);
			if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
				open.remove(depth);
				continue;
			}
			if (token == JsonToken.PROPERTY_NAME) {
				if (++properties[depth] > this.maxObjectProperties) {
					throw new StreamConstraintsException(
							"JSON object has more than " + this.maxObjectProperties + " properties");
				}
				name = parser.currentName();
				continue;
			}
			JsonNode value;
			if (token.isStructStart()) {
				ContainerNode<?> child = (token == JsonToken.START_OBJECT) ? NODES.objectNode() : NODES.arrayNode();
				value = child;
				int childDepth = open.size();
				if (childDepth == properties.length) {
					properties = java.util.Arrays.copyOf(properties, childDepth * 2);
				}
				properties[childDepth] = 0;
				open.add(child);
			}
			else {
				value = scalar(parser, token);
			}
			if (parent instanceof ObjectNode object) {
				object.set(name, value);
			}
			else {
				((ArrayNode) parent).add(value);
			}
		}
		return root;
	}

	private static JsonNode scalar(JsonParser parser, JsonToken token) {
		switch (token) {
			case VALUE_STRING:
				return NODES.stringNode(parser.getString());
			case VALUE_NUMBER_INT:
				switch (parser.getNumberType()) {
					case INT:
						return NODES.numberNode(parser.getIntValue());
					case LONG:
						return NODES.numberNode(parser.getLongValue());
					default:
						return NODES.numberNode(parser.getBigIntegerValue());
				}
			case VALUE_NUMBER_FLOAT:
				double value = parser.getDoubleValue();
				return Double.isFinite(value) ? NODES.numberNode(value) : NODES.nullNode();
			case VALUE_TRUE:
				return NODES.booleanNode(true);
			case VALUE_FALSE:
				return NODES.booleanNode(false);
			case VALUE_NULL:
				return NODES.nullNode();
			default:
				throw new StreamConstraintsException("Unexpected JSON token " + token);
		}
	}

}
