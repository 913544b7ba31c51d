package dev.realtime.socketio.test;

import java.util.Iterator;
import java.util.Map;

import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;
import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Between the Java client's values ({@code org.json} objects and arrays, {@code byte[]}
 * for binary) and Jackson: what a test emits goes through the application's mapper, so
 * records and POJOs are written as the server would read them; what arrives becomes
 * Jackson trees, bound to the test's types by the same mapper.
 */
final class JsonBridge {

	private final ObjectMapper mapper;

	private final JsonNodeFactory nodes;

	JsonBridge(ObjectMapper mapper) {
		this.mapper = mapper;
		this.nodes = mapper.getNodeFactory();
	}

	ObjectMapper mapper() {
		return this.mapper;
	}

	/**
	 * A value for the Java client: {@code byte[]} stays binary, anything else goes
	 * through the mapper.
	 */
	@Nullable Object toClient(@Nullable Object value) {
		if (value == null) {
			return JSONObject.NULL;
		}
		if (value instanceof byte[] || value instanceof String || value instanceof Boolean) {
			return value;
		}
		return toClient((JsonNode) this.mapper.valueToTree(value));
	}

	private Object toClient(JsonNode node) {
		try {
			switch (node.getNodeType()) {
				case OBJECT: {
					JSONObject object = new JSONObject();
					for (Map.Entry<String, JsonNode> property : node.properties()) {
						object.put(property.getKey(), toClient(property.getValue()));
					}
					return object;
				}
				case ARRAY: {
					JSONArray array = new JSONArray();
					for (JsonNode element : node.values()) {
						array.put(toClient(element));
					}
					return array;
				}
				case BINARY:
					return node.binaryValue();
				case STRING:
					return node.stringValue();
				case BOOLEAN:
					return node.booleanValue();
				case NUMBER:
					return node.isIntegralNumber() && node.canConvertToLong() ? (Object) node.longValue()
							: (Object) node.doubleValue();
				case POJO:
					return toClient(this.mapper.valueToTree(node));
				default:
					return JSONObject.NULL;
			}
		}
		catch (JSONException ex) {
			throw new IllegalArgumentException(
					"Cannot hand " + node + " to the Socket.IO Java client: " + ex.getMessage(), ex);
		}
	}

	/**
	 * A value the Java client received, as a Jackson tree ({@code byte[]} as a binary
	 * node).
	 */
	JsonNode fromClient(@Nullable Object value) {
		if (value == null || value == JSONObject.NULL) {
			return this.nodes.nullNode();
		}
		if (value instanceof JSONObject object) {
			ObjectNode node = this.nodes.objectNode();
			Iterator<?> keys = object.keys();
			while (keys.hasNext()) {
				String key = (String) keys.next();
				node.set(key, fromClient(object.opt(key)));
			}
			return node;
		}
		if (value instanceof JSONArray array) {
			ArrayNode node = this.nodes.arrayNode(array.length());
			for (int i = 0; i < array.length(); i++) {
				node.add(fromClient(array.opt(i)));
			}
			return node;
		}
		if (value instanceof byte[] bytes) {
			return this.nodes.binaryNode(bytes);
		}
		if (value instanceof String string) {
			return this.nodes.stringNode(string);
		}
		if (value instanceof Boolean bool) {
			return this.nodes.booleanNode(bool);
		}
		if (value instanceof Integer || value instanceof Long) {
			return this.nodes.numberNode(((Number) value).longValue());
		}
		if (value instanceof Number number) {
			return this.nodes.numberNode(number.doubleValue());
		}
		return this.mapper.valueToTree(value);
	}

	/**
	 * Binds a received tree to {@code type}, with a message that says which value did not
	 * fit.
	 */
	<T> @Nullable T bind(JsonNode node, Class<T> type, String what) {
		try {
			return this.mapper.treeToValue(node, type);
		}
		catch (RuntimeException ex) {
			throw new AssertionError(
					"Cannot read " + what + " as " + type.getName() + ": " + brief(node) + " (" + ex.getMessage() + ")",
					ex);
		}
	}

	/** Binds a received tree to a generic type. */
	<T> @Nullable T bind(JsonNode node, tools.jackson.core.type.TypeReference<T> type, String what) {
		try {
			return this.mapper.readerFor(type).readValue(node);
		}
		catch (RuntimeException ex) {
			throw new AssertionError(
					"Cannot read " + what + " as " + type.getType() + ": " + brief(node) + " (" + ex.getMessage() + ")",
					ex);
		}
	}

	/** A value for a message: JSON, binary shown by its length, cut at 200 characters. */
	static String brief(JsonNode node) {
		String text = node.isBinary() ? "<" + node.binaryValue().length + " bytes>" : node.toString();
		return (text.length() <= 200) ? text : text.substring(0, 200) + "…";
	}

}
