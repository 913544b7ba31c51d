package dev.realtime.socketio.protocol;

import org.jspecify.annotations.Nullable;

/**
 * One Socket.IO packet.
 *
 * <p>{@code data} depends on the direction. A packet to encode carries plain Java values: for
 * EVENT/ACK a {@link java.util.List} (event name first for EVENT) whose elements are anything
 * Jackson can write (JSON trees, POJOs, maps, {@code byte[]} and {@link java.nio.ByteBuffer} at any
 * depth); for CONNECT and CONNECT_ERROR a map, a tree or a string. A decoded packet carries Jackson
 * trees ({@code tools.jackson.databind.JsonNode}) in which every binary attachment is already a
 * {@code BinaryNode} in place of its placeholder.
 *
 * <p>The encoder picks BINARY_EVENT/BINARY_ACK by itself when the data holds binary, so callers
 * build EVENT and ACK packets.
 *
 * @param type packet type
 * @param namespace namespace name, {@code "/"} for the main namespace
 * @param ackId acknowledgement id, or {@code -1} when none
 * @param data payload, or {@code null} when absent
 */
public record SocketPacket(PacketType type, String namespace, long ackId, @Nullable Object data) {

	/** No acknowledgement id. */
	public static final long NO_ACK = -1;

	public boolean hasAckId() {
		return ackId >= 0;
	}
}
