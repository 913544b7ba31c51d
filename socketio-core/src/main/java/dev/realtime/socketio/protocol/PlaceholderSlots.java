package dev.realtime.socketio.protocol;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BinaryNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where the attachment placeholders sit in a decoded binary packet, found and checked
 * when the header arrives, so the attachments can be put in place without walking the
 * tree again.
 *
 * <p>
 * As in the reference parser, any object whose {@code _placeholder} is {@code true} is a
 * placeholder, and its {@code num} must be an integer in {@code [0, attachments)}.
 */
final class PlaceholderSlots {

	private static final PlaceholderSlots NONE = new PlaceholderSlots(List.of());

	private final List<Slot> slots;

	private PlaceholderSlots(List<Slot> slots) {
		this.slots = slots;
	}

	/**
	 * Finds the placeholders under {@code root}. Walks with an explicit stack: the depth
	 * is bounded by the parser's nesting limit, but recursion is not needed.
	 * @throws PacketFormatException when a placeholder has no valid {@code num}
	 */
	static PlaceholderSlots find(JsonNode root, int attachments) {
		@Nullable List<Slot> found = null;
		Deque<JsonNode> pending = new ArrayDeque<>();
		pending.push(root);
		while (!pending.isEmpty()) {
			JsonNode container = pending.pop();
			if (container.isArray()) {
				ArrayNode array = (ArrayNode) container;
				for (int i = 0; i < array.size(); i++) {
					JsonNode child = array.get(i);
					if (isPlaceholder(child)) {
						found = add(found, new Slot(array, i, null, num(child, attachments)));
					}
					else if (child.isContainer()) {
						pending.push(child);
					}
				}
			}
			else {
				for (Map.Entry<String, JsonNode> property : ((ObjectNode) container).properties()) {
					JsonNode child = property.getValue();
					if (isPlaceholder(child)) {
						found = add(found, new Slot(container, -1, property.getKey(), num(child, attachments)));
					}
					else if (child.isContainer()) {
						pending.push(child);
					}
				}
			}
		}
		return (found != null) ? new PlaceholderSlots(found) : NONE;
	}

	/** Replaces every placeholder by a {@link BinaryNode} of its attachment. */
	void fill(byte[][] attachments) {
		@Nullable BinaryNode[] nodes = new BinaryNode[attachments.length];
		for (Slot slot : this.slots) {
			BinaryNode node = nodes[slot.num()];
			if (node == null) {
				node = BinaryNode.valueOf(attachments[slot.num()]);
				nodes[slot.num()] = node;
			}
			if (slot.key() != null) {
				((ObjectNode) slot.parent()).replace(slot.key(), node);
			}
			else {
				((ArrayNode) slot.parent()).set(slot.index(), node);
			}
		}
	}

	private static boolean isPlaceholder(JsonNode node) {
		if (!node.isObject()) {
			return false;
		}
		JsonNode flag = node.get("_placeholder");
		return flag != null && flag.isBoolean() && flag.booleanValue();
	}

	private static int num(JsonNode placeholder, int attachments) {
		JsonNode num = placeholder.get("num");
		if (num == null || !num.isIntegralNumber()) {
			throw new PacketFormatException("Placeholder without an integer \"num\": got "
					+ ((num != null) ? num.getNodeType() : "no \"num\""));
		}
		if (!num.canConvertToInt() || num.intValue() < 0 || num.intValue() >= attachments) {
			String value = num.canConvertToInt() ? Integer.toString(num.intValue()) : "beyond the int range";
			throw new PacketFormatException(
					"Placeholder \"num\" " + value + " is outside [0, " + attachments + "), the declared attachments");
		}
		return num.intValue();
	}

	private static List<Slot> add(@Nullable List<Slot> slots, Slot slot) {
		List<Slot> list = (slots != null) ? slots : new ArrayList<>(4);
		list.add(slot);
		return list;
	}

	private record Slot(JsonNode parent, int index, @Nullable String key, int num) {
	}

}
