package dev.realtime.socketio.adapter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A socket as {@code fetchSockets} reports it, on this server or another one of the
 * cluster: what Node's adapters exchange ({@code id}, {@code handshake}, {@code rooms},
 * {@code data}).
 */
public interface SocketDescription {

	/** The socket id. */
	String id();

	/**
	 * The handshake in Node's shape: {@code headers}, {@code time}, {@code address},
	 * {@code xdomain}, {@code secure}, {@code issued}, {@code url}, {@code query},
	 * {@code auth} (header and query values are a string, or a list when repeated).
	 */
	Map<String, Object> handshake();

	/** The rooms the socket is in, its own id included. */
	Set<String> rooms();

	/** The socket's {@code data}. */
	Map<String, Object> data();

	/** A description received from another server. */
	static SocketDescription of(String id, Map<String, Object> handshake, Set<String> rooms, Map<String, Object> data) {
		// copies that keep null values: a Node server may send them
		return new Described(id, Collections.unmodifiableMap(new LinkedHashMap<>(handshake)),
				Collections.unmodifiableSet(new LinkedHashSet<>(rooms)),
				Collections.unmodifiableMap(new LinkedHashMap<>(data)));
	}

	/** The description behind {@link #of}. */
	record Described(String id, Map<String, Object> handshake, Set<String> rooms,
			Map<String, Object> data) implements SocketDescription {
	}

}
