package dev.realtime.socketio.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.realtime.socketio.server.Handshake;
import dev.realtime.socketio.server.RemoteSocket;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Sockets of other nodes as {@code fetchSockets} answers describe them ({@code {id, handshake,
 * rooms, data}}, Node's shape), and this node's sockets described the same way.
 */
final class RemoteSockets {

	private RemoteSockets() {
	}

	/** Node's {@code socket.handshake} as JSON: one string per header and query parameter. */
	static Map<String, Object> handshakeToWire(Handshake handshake) {
		Map<String, Object> headers = new LinkedHashMap<>();
		handshake.headers().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
		Map<String, Object> query = new LinkedHashMap<>();
		handshake.query().forEach((name, values) -> query.put(name, (values.size() == 1) ? values.get(0) : values));
		Map<String, Object> wire = new LinkedHashMap<>();
		wire.put("headers", headers);
		wire.put("time", handshake.time());
		wire.put("address", handshake.address());
		wire.put("xdomain", handshake.xdomain());
		wire.put("secure", handshake.secure());
		wire.put("issued", handshake.issued());
		wire.put("url", handshake.url());
		wire.put("query", query);
		wire.put("auth", handshake.auth());
		return wire;
	}

	@SuppressWarnings("unchecked")
	static RemoteSocket fromWire(RedisAdapter adapter, JsonNode entry, ObjectMapper mapper) {
		JsonNode handshake = entry.path("handshake");
		Handshake parsed = new Handshake(multiMap(handshake.path("headers")), handshake.path("time").asString(""),
				handshake.path("address").asString(""), handshake.path("xdomain").asBoolean(false),
				handshake.path("secure").asBoolean(false), handshake.path("issued").asLong(0),
				handshake.path("url").asString(""), multiMap(handshake.path("query")),
				handshake.path("auth").isObject() ? mapper.treeToValue(handshake.path("auth"), LinkedHashMap.class)
						: Map.of(),
				null);
		Set<String> rooms = new LinkedHashSet<>();
		entry.path("rooms").forEach((room) -> rooms.add(room.asString()));
		Map<String, Object> data = entry.path("data").isObject()
				? mapper.treeToValue(entry.path("data"), LinkedHashMap.class) : Map.of();
		return new Remote(adapter, entry.path("id").asString(""), parsed, Set.copyOf(rooms), data);
	}

	private static Map<String, List<String>> multiMap(JsonNode node) {
		Map<String, List<String>> result = new LinkedHashMap<>();
		node.properties().forEach((field) -> {
			JsonNode value = field.getValue();
			List<String> values = new ArrayList<>();
			if (value.isArray()) {
				value.forEach((element) -> values.add(element.asString()));
			}
			else if (!value.isNull()) {
				values.add(value.asString());
			}
			result.put(field.getKey(), List.copyOf(values));
		});
		return result;
	}

	/** A socket of another node: its operations go through the cluster, addressed by its id. */
	private record Remote(RedisAdapter adapter, String id, Handshake handshake, Set<String> rooms,
			Map<String, Object> data) implements RemoteSocket {

		@Override
		public void emit(String event, Object... args) {
			adapter.emitTo(id, event, args);
		}

		@Override
		public void join(String... roomsToJoin) {
			adapter.joinRemote(id, Set.of(roomsToJoin));
		}

		@Override
		public void leave(String room) {
			adapter.leaveRemote(id, room);
		}

		@Override
		public void disconnect(boolean close) {
			adapter.disconnectRemote(id, close);
		}
	}
}
