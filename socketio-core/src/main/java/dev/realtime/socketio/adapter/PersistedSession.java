package dev.realtime.socketio.adapter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What connection state recovery keeps of a disconnected socket.
 *
 * @param sid the socket id
 * @param pid the private session id the client presents to recover
 * @param rooms the rooms the socket was in
 * @param data the socket's {@code data}
 */
public record PersistedSession(String sid, String pid, Set<String> rooms, Map<String, Object> data) {

	public PersistedSession {
		rooms = Set.copyOf(rooms);
		// keeps null values: a socket's data may hold them (and a Node server's does)
		data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
	}
}
