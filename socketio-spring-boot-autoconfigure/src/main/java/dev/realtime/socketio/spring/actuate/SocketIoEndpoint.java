package dev.realtime.socketio.spring.actuate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.adapter.Adapter;
import dev.realtime.socketio.engine.EngineSocket;
import dev.realtime.socketio.server.Namespace;
import dev.realtime.socketio.server.RemoteSocket;
import dev.realtime.socketio.server.Socket;
import dev.realtime.socketio.server.SocketIoServer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code socketio} actuator endpoint. {@code GET /actuator/socketio}: the namespaces
 * with their socket counts, the largest rooms, the engine sessions by transport, the
 * adapter and the cluster's server count. {@code DELETE /actuator/socketio/sockets/{id}}
 * disconnects one socket (of this server or, through the adapter, of another one of the
 * cluster); as a write operation it follows the actuator's exposure and security
 * settings.
 */
@Endpoint(id = "socketio")
public final class SocketIoEndpoint {

	private final SocketIoServer server;

	private final int largestRooms;

	public SocketIoEndpoint(SocketIoServer server, int largestRooms) {
		this.server = server;
		this.largestRooms = largestRooms;
	}

	@ReadOperation
	public Map<String, Object> describe() {
		Map<String, Object> body = new LinkedHashMap<>();
		Map<String, Integer> transports = new TreeMap<>();
		transports.put("polling", 0);
		transports.put("websocket", 0);
		for (EngineSocket session : server.engine().sessions()) {
			transports.merge(session.transport(), 1, Integer::sum);
		}
		Map<String, Object> engine = new LinkedHashMap<>();
		engine.put("connections", server.engine().clientsCount());
		engine.put("transports", transports);
		engine.put("maxConnections", server.engine().maxConnections());
		engine.put("shuttingDown", server.engine().isClosed());
		body.put("engine", engine);

		List<Map<String, Object>> namespaces = new ArrayList<>();
		List<Map<String, Object>> rooms = new ArrayList<>();
		for (Namespace namespace : server.namespaces()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", namespace.name());
			entry.put("sockets", namespace.sockets().size());
			if (namespace.parent() != null) {
				entry.put("parent", namespace.parent().label());
			}
			namespaces.add(entry);
			Adapter adapter = namespace.adapter();
			for (String room : adapter.rooms()) {
				if (namespace.socket(room) != null) {
					continue; // a socket's own room
				}
				Map<String, Object> roomEntry = new LinkedHashMap<>();
				roomEntry.put("namespace", namespace.name());
				roomEntry.put("room", room);
				roomEntry.put("sockets", adapter.sockets(Set.of(room)).size());
				rooms.add(roomEntry);
			}
		}
		namespaces.sort(Comparator.comparing((Map<String, Object> entry) -> (String) entry.get("name")));
		rooms.sort(Comparator.comparing((Map<String, Object> entry) -> (Integer) entry.get("sockets"))
			.reversed()
			.thenComparing((entry) -> (String) entry.get("room")));
		body.put("namespaces", namespaces);
		body.put("largestRooms", rooms.subList(0, Math.min(largestRooms, rooms.size())));

		Adapter adapter = server.sockets().adapter();
		Map<String, Object> adapterDetails = new LinkedHashMap<>();
		adapterDetails.put("type", adapter.getClass().getSimpleName());
		adapterDetails.put("servers", serverCount(adapter));
		body.put("adapter", adapterDetails);
		return body;
	}

	private static @Nullable Integer serverCount(Adapter adapter) {
		try {
			return adapter.serverCount().get(2, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			return null;
		}
	}

	/**
	 * Disconnects the socket with this id from its namespace ({@code DELETE
	 * sockets/{id}}).
	 * @return 200 with the namespace, 404 when no server of the cluster has it
	 */
	@DeleteOperation
	public WebEndpointResponse<Map<String, Object>> disconnect(@Selector String kind, @Selector String id) {
		if (!"sockets".equals(kind)) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		for (Namespace namespace : server.namespaces()) {
			Socket socket = namespace.socket(id);
			if (socket != null) {
				socket.disconnect();
				return disconnected(namespace, id, true);
			}
		}
		for (Namespace namespace : server.namespaces()) {
			List<RemoteSocket> remote;
			try {
				remote = namespace.in(id).fetchSockets().get(5, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				if (ex instanceof InterruptedException) {
					Thread.currentThread().interrupt();
				}
				continue;
			}
			if (!remote.isEmpty()) {
				remote.forEach((socket) -> socket.disconnect(false));
				return disconnected(namespace, id, false);
			}
		}
		return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

	private static WebEndpointResponse<Map<String, Object>> disconnected(Namespace namespace, String id,
			boolean local) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", id);
		body.put("namespace", namespace.name());
		body.put("local", local);
		body.put("disconnected", true);
		return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK);
	}

}
