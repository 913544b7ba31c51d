package dev.realtime.socketio.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.NullNode;

/**
 * The arguments of a received event or acknowledgement, as JSON trees in which binary
 * attachments are {@code BinaryNode}s. Convert them with {@link #get(int, Class)}:
 *
 * <pre>{@code
 * socket.on("order", (args, ack) -> {
 *     Order order = args.get(0, Order.class);
 *     ack.send("accepted");
 * });
 * }</pre>
 */
public final class EventArgs {

	private final List<JsonNode> nodes;

	private final ObjectMapper mapper;

	public EventArgs(List<JsonNode> nodes, ObjectMapper mapper) {
		this.nodes = Collections.unmodifiableList(nodes);
		this.mapper = mapper;
	}

	public int size() {
		return nodes.size();
	}

	public boolean isEmpty() {
		return nodes.isEmpty();
	}

	/** The argument at {@code index} as a JSON tree. */
	public JsonNode get(int index) {
		return nodes.get(index);
	}

	/**
	 * The argument at {@code index} converted by Jackson (records, maps,
	 * {@code byte[]}…); a missing argument (the client sent fewer) is JSON {@code null},
	 * so {@code null} for an object type, as for a payload parameter of an annotated
	 * handler method.
	 * @throws IndexOutOfBoundsException for a negative index
	 */
	public <T> @Nullable T get(int index, Class<T> type) {
		return mapper.treeToValue(nodeOrNull(index), type);
	}

	/**
	 * The argument at {@code index} as plain Java: maps, lists, strings, numbers,
	 * booleans, {@code byte[]}; {@code null} when the client sent fewer arguments.
	 */
	public @Nullable Object value(int index) {
		JsonNode node = nodeOrNull(index);
		if (node.isBinary()) {
			return node.binaryValue();
		}
		return mapper.treeToValue(node, Object.class);
	}

	private JsonNode nodeOrNull(int index) {
		if (index < 0) {
			throw new IndexOutOfBoundsException("Argument index " + index + " is negative");
		}
		return (index < nodes.size()) ? nodes.get(index) : NullNode.getInstance();
	}

	/** All arguments as JSON trees. */
	public List<JsonNode> nodes() {
		return nodes;
	}

	/** All arguments, ready to emit again unchanged (binary stays binary). */
	public Object[] toArray() {
		return nodes.toArray();
	}

	/** The mapper that converts these arguments. */
	public ObjectMapper mapper() {
		return mapper;
	}

	/**
	 * Arguments given as JSON trees or as any values Jackson can convert (another
	 * server's answers).
	 */
	static EventArgs ofValues(List<?> values, ObjectMapper mapper) {
		List<JsonNode> list = new ArrayList<>(values.size());
		for (Object value : values) {
			list.add((value instanceof JsonNode node) ? node : mapper.valueToTree(value));
		}
		return new EventArgs(list, mapper);
	}

	static EventArgs of(JsonNode array, int from, ObjectMapper mapper) {
		List<JsonNode> list = new ArrayList<>(Math.max(0, array.size() - from));
		for (int i = from; i < array.size(); i++) {
			list.add(array.get(i));
		}
		return new EventArgs(list, mapper);
	}

	@Override
	public String toString() {
		return nodes.toString();
	}

}
