package dev.realtime.socketio.redis;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import dev.realtime.socketio.adapter.BroadcastOptions;
import dev.realtime.socketio.adapter.SocketDescription;
import dev.realtime.socketio.protocol.PacketType;
import dev.realtime.socketio.protocol.SocketPacket;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.POJONode;

/**
 * The pieces every Node adapter format shares (classic and cluster messages alike): the
 * broadcast options, the packet, the fetchSockets answer entry, and the binary check that
 * picks msgpack over JSON.
 */
final class Wire {

	/**
	 * Acknowledgement ids of broadcasts that came from other nodes: a range of their own,
	 * far from the namespace's ids (which count from 0), so that both never meet on one
	 * socket.
	 */
	private static final AtomicLong remoteAckIds = new AtomicLong(1L << 40);

	private Wire() {
	}

	/** The acknowledgement id of a broadcast with acknowledgements from another node. */
	static long nextRemoteAckId() {
		return remoteAckIds.getAndIncrement();
	}

	/**
	 * {@code {rooms, except, flags}} with only the flags that are set ({@code flags} left
	 * out when not wanted).
	 */
	static Map<String, Object> options(BroadcastOptions opts, boolean withFlags) {
		Map<String, Object> wire = new LinkedHashMap<>();
		wire.put("rooms", List.copyOf(opts.rooms()));
		wire.put("except", List.copyOf(opts.except()));
		if (withFlags) {
			Map<String, Object> flags = new LinkedHashMap<>();
			if (opts.volatilePacket()) {
				flags.put("volatile", true);
			}
			if (!opts.compress()) {
				flags.put("compress", false);
			}
			if (opts.timeout() != null) {
				flags.put("timeout", opts.timeout().toMillis());
			}
			wire.put("flags", flags);
		}
		return wire;
	}

	/** Options of a message from another node, applied to this node's sockets only. */
	static BroadcastOptions localOptions(@Nullable JsonNode opts) {
		if (opts == null || !opts.isObject()) {
			return new BroadcastOptions(Set.of(), Set.of(), false, true, true, null);
		}
		JsonNode flags = opts.path("flags");
		JsonNode timeout = flags.get("timeout");
		return new BroadcastOptions(stringSet(opts.get("rooms")), stringSet(opts.get("except")),
				flags.path("volatile").asBoolean(false), flags.path("compress").asBoolean(true), true,
				(timeout != null && timeout.isNumber()) ? Duration.ofMillis(timeout.asLong()) : null);
	}

	/**
	 * The event packet of a broadcast: {@code {type: 2, data}} (plus {@code nsp} in the
	 * classic format), never an id.
	 */
	static Map<String, Object> packet(SocketPacket packet, @Nullable String nsp) {
		Map<String, Object> wire = new LinkedHashMap<>();
		wire.put("type", PacketType.EVENT.ordinal());
		wire.put("data", packet.data());
		if (nsp != null) {
			wire.put("nsp", nsp);
		}
		return wire;
	}

	/**
	 * A packet of another node, ready for this node's encoder (binary stays
	 * {@code BinaryNode}).
	 */
	static SocketPacket localPacket(String nsp, JsonNode packet, long ackId) {
		JsonNode data = packet.path("data");
		List<Object> args = new ArrayList<>(data.size());
		data.forEach(args::add);
		return new SocketPacket(PacketType.EVENT, nsp, ackId, args);
	}

	/** A fetchSockets answer entry, in the shape Node's adapters send. */
	static Map<String, Object> describe(SocketDescription socket) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("id", socket.id());
		Map<String, Object> handshake = new LinkedHashMap<>(socket.handshake());
		if (handshake.get("headers") instanceof Map<?, ?> headers) {
			// Node's header names are lower case (Node code reads handshake.headers.host)
			Map<String, Object> lower = new LinkedHashMap<>();
			headers.forEach((name, value) -> lower.put(String.valueOf(name).toLowerCase(Locale.ROOT), value));
			handshake.put("headers", lower);
		}
		entry.put("handshake", handshake);
		entry.put("rooms", List.copyOf(socket.rooms()));
		entry.put("data", socket.data());
		return entry;
	}

	/** A socket of another node, from its fetchSockets answer entry. */
	@SuppressWarnings("unchecked")
	static SocketDescription fromWire(ObjectMapper mapper, JsonNode entry) {
		Map<String, Object> handshake = entry.path("handshake").isObject()
				? mapper.treeToValue(entry.path("handshake"), LinkedHashMap.class) : Map.of();
		Map<String, Object> data = entry.path("data").isObject()
				? mapper.treeToValue(entry.path("data"), LinkedHashMap.class) : Map.of();
		return SocketDescription.of(entry.path("id").asString(""), handshake, stringSet(entry.get("rooms")), data);
	}

	static Set<String> stringSet(@Nullable JsonNode node) {
		if (node == null || !node.isArray()) {
			return Set.of();
		}
		Set<String> result = new LinkedHashSet<>();
		node.forEach((element) -> result.add(element.isString() ? element.asString() : element.toString()));
		return result;
	}

	static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value == null || value.isNull()) ? null : value.asString();
	}

	/**
	 * Whether a value holds binary at any depth ({@code byte[]}, {@link ByteBuffer},
	 * {@code BinaryNode}, in maps, collections, arrays, trees, and in other objects as
	 * the mapper writes them), as Node's {@code hasBinary}: such a message goes as
	 * msgpack, so that the binary arrives as binary (a {@code Buffer} in Node) rather
	 * than as base64 text.
	 */
	static boolean hasBinary(@Nullable Object value, ObjectMapper mapper) {
		return hasBinary(value, mapper, 0);
	}

	private static boolean hasBinary(@Nullable Object value, ObjectMapper mapper, int depth) {
		if (value == null || value instanceof CharSequence || value instanceof Number || value instanceof Boolean
				|| depth > 500) {
			return false;
		}
		if (value instanceof byte[] || value instanceof ByteBuffer) {
			return true;
		}
		if (value instanceof POJONode pojo) {
			return hasBinary(pojo.getPojo(), mapper, depth + 1);
		}
		if (value instanceof JsonNode node) {
			if (node.isBinary()) {
				return true;
			}
			if (node.isContainer()) {
				for (JsonNode child : node) {
					if (hasBinary(child, mapper, depth + 1)) {
						return true;
					}
				}
			}
			return false;
		}
		if (value instanceof Map<?, ?> map) {
			for (Object element : map.values()) {
				if (hasBinary(element, mapper, depth + 1)) {
					return true;
				}
			}
			return false;
		}
		if (value instanceof Collection<?> collection) {
			for (Object element : collection) {
				if (hasBinary(element, mapper, depth + 1)) {
					return true;
				}
			}
			return false;
		}
		if (value instanceof Object[] array) {
			for (Object element : array) {
				if (hasBinary(element, mapper, depth + 1)) {
					return true;
				}
			}
			return false;
		}
		if (value instanceof Enum<?> || value instanceof java.time.temporal.TemporalAccessor) {
			return false;
		}
		// a record or a POJO: binary as its serializer writes it
		return hasBinary(mapper.valueToTree(value), mapper, depth + 1);
	}

}
