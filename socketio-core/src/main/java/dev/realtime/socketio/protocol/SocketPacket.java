package dev.realtime.socketio.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One Socket.IO packet.
 *
 * <p>
 * {@code data} depends on the direction. A packet to encode carries plain Java values:
 * for EVENT/ACK a {@link java.util.List} (event name first for EVENT) whose elements are
 * anything Jackson can write (JSON trees, POJOs, maps, {@code byte[]} and
 * {@link java.nio.ByteBuffer} at any depth); for CONNECT and CONNECT_ERROR a map, a tree
 * or a string. A decoded packet carries Jackson trees
 * ({@code tools.jackson.databind.JsonNode}) in which every binary attachment is already a
 * {@code BinaryNode} in place of its placeholder.
 *
 * <p>
 * The encoder picks BINARY_EVENT/BINARY_ACK by itself when the data holds binary, so
 * callers build EVENT and ACK packets.
 *
 * @param type packet type
 * @param namespace namespace name, {@code "/"} for the main namespace
 * @param ackId acknowledgement id, or {@code -1} when none
 * @param data payload, or {@code null} when absent
 */
public record SocketPacket(PacketType type, String namespace, long ackId, @Nullable Object data) {

	/** No acknowledgement id. */
	public static final long NO_ACK = -1;

	/**
	 * Event names with a special meaning in Socket.IO: a server never emits them and
	 * never receives them (the decoder refuses them).
	 */
	public static final Set<String> RESERVED_EVENTS = Set.of("connect", "connect_error", "disconnect", "disconnecting",
			"newListener", "removeListener");

	/**
	 * One bit per length of a {@link #RESERVED_EVENTS reserved name}: most names are
	 * ruled out by their length, without hashing them (asked for every event received and
	 * sent).
	 */
	private static final long RESERVED_LENGTHS = RESERVED_EVENTS.stream()
		.mapToLong((name) -> 1L << name.length())
		.reduce(0L, (a, b) -> a | b);

	/** Whether {@code event} is one of the {@link #RESERVED_EVENTS}. */
	public static boolean isReserved(String event) {
		int length = event.length();
		return length < 64 && (RESERVED_LENGTHS & (1L << length)) != 0 && RESERVED_EVENTS.contains(event);
	}

	/**
	 * An EVENT packet: the event name, then its arguments.
	 * @param ackId the acknowledgement id, or {@link #NO_ACK}
	 * @throws IllegalArgumentException for a reserved event name
	 */
	public static SocketPacket event(String namespace, long ackId, String event, Object... args) {
		return new SocketPacket(PacketType.EVENT, namespace, ackId, eventData(event, args));
	}

	/**
	 * The data of an EVENT packet (or of a server-side emit): the event name, then its
	 * arguments.
	 * @throws IllegalArgumentException for a reserved event name
	 */
	public static List<Object> eventData(String event, Object... args) {
		requireUnreserved(event);
		List<Object> data = new ArrayList<>(args.length + 1);
		data.add(event);
		Collections.addAll(data, args);
		return data;
	}

	/**
	 * @throws IllegalArgumentException for a reserved event name
	 */
	public static void requireUnreserved(String event) {
		if (isReserved(event)) {
			throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
		}
	}

	public boolean hasAckId() {
		return ackId >= 0;
	}
}
