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

	/**
	 * The arguments as a list, or {@code null} until {@link #nodes()} asks for it when
	 * they are read from a received array.
	 */
	private @Nullable List<JsonNode> nodes;

	/**
	 * The received array the arguments are read from (from {@link #from} on), or
	 * {@code null} when they were given as a list.
	 */
	private final @Nullable JsonNode array;

	private final int from;

	private final int size;

	private final ObjectMapper mapper;

	public EventArgs(List<JsonNode> nodes, ObjectMapper mapper) {
		this.nodes = Collections.unmodifiableList(nodes);
		this.array = null;
		this.from = 0;
		this.size = -1;
		this.mapper = mapper;
	}

	/** The elements of a received array from {@code from} on, read in place. */
	private EventArgs(JsonNode array, int from, ObjectMapper mapper) {
		this.array = array;
		this.from = from;
		this.size = Math.max(0, array.size() - from);
		this.mapper = mapper;
	}

	public int size() {
		return (array != null) ? size : nodes().size();
	}

	public boolean isEmpty() {
		return size() == 0;
	}

	/** The argument at {@code index} as a JSON tree. */
	public JsonNode get(int index) {
		if (array != null) {
			if (index < 0 || index >= size) {
				throw new IndexOutOfBoundsException("Index " + index + " out of bounds for length " + size);
			}
			return array.get(from + index);
		}
		return nodes().get(index);
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
		return (index < size()) ? get(index) : NullNode.getInstance();
	}

	/** All arguments as JSON trees. */
	public List<JsonNode> nodes() {
		List<JsonNode> list = nodes;
		if (list == null) {
			JsonNode received = array;
			List<JsonNode> copy = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				copy.add(received.get(from + i));
			}
			list = Collections.unmodifiableList(copy);
			nodes = list;
		}
		return list;
	}

	/** All arguments, ready to emit again unchanged (binary stays binary). */
	public Object[] toArray() {
		if (array != null) {
			Object[] values = new Object[size];
			for (int i = 0; i < size; i++) {
				values[i] = array.get(from + i);
			}
			return values;
		}
		return nodes().toArray();
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

	/**
	 * The elements of a received array from {@code from} on, read in place (no list until
	 * {@link #nodes()} asks for one).
	 */
	static EventArgs of(JsonNode array, int from, ObjectMapper mapper) {
		return new EventArgs(array, from, mapper);
	}

	@Override
	public String toString() {
		return nodes().toString();
	}

}
