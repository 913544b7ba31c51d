package dev.realtime.socketio.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A client's sockets by namespace name. Almost every client joins one namespace, so the
 * state is that socket alone until a second namespace is joined (then an immutable map):
 * 16 bytes per connection instead of a {@code ConcurrentHashMap}'s 176. Reads take no
 * lock; changes replace the state by compare-and-set, so they are safe from any thread.
 */
final class NamespaceSockets {

	private static final VarHandle STATE;

	static {
		try {
			STATE = MethodHandles.lookup().findVarHandle(NamespaceSockets.class, "state", Object.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** {@code null}, one {@link Socket}, or an immutable {@code Map<String, Socket>}. */
	private volatile @Nullable Object state;

	boolean isEmpty() {
		return state == null;
	}

	@Nullable Socket get(String namespace) {
		Object current = state;
		if (current instanceof Socket socket) {
			return socket.namespace().name().equals(namespace) ? socket : null;
		}
		return (current != null) ? map(current).get(namespace) : null;
	}

	boolean containsKey(String namespace) {
		return get(namespace) != null;
	}

	/** A snapshot of the sockets. */
	List<Socket> values() {
		Object current = state;
		if (current instanceof Socket socket) {
			return List.of(socket);
		}
		return (current != null) ? List.copyOf(map(current).values()) : List.of();
	}

	int size() {
		Object current = state;
		return (current instanceof Socket) ? 1 : (current != null) ? map(current).size() : 0;
	}

	/** Sets the socket of {@code namespace}, replacing the one it had. */
	void put(String namespace, Socket socket) {
		while (true) {
			Object current = state;
			Object next;
			if (current == null) {
				next = socket;
			}
			else if (current instanceof Socket one) {
				String name = one.namespace().name();
				next = name.equals(namespace) ? socket : Map.of(name, one, namespace, socket);
			}
			else {
				Map<String, Socket> copy = new HashMap<>(map(current));
				copy.put(namespace, socket);
				next = Map.copyOf(copy);
			}
			if (STATE.compareAndSet(this, current, next)) {
				return;
			}
		}
	}

	/** Removes the socket of {@code namespace} if it is {@code socket}. */
	boolean remove(String namespace, Socket socket) {
		while (true) {
			Object current = state;
			Object next;
			if (current == socket) {
				next = null;
			}
			else if (current instanceof Map<?, ?> && map(current).get(namespace) == socket) {
				Map<String, Socket> copy = new HashMap<>(map(current));
				copy.remove(namespace);
				next = (copy.size() == 1) ? copy.values().iterator().next() : Map.copyOf(copy);
			}
			else {
				return false;
			}
			if (STATE.compareAndSet(this, current, next)) {
				return true;
			}
		}
	}

	void clear() {
		state = null;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Socket> map(Object state) {
		return (Map<String, Socket>) state;
	}

	@Override
	public String toString() {
		return "NamespaceSockets" + values();
	}

}
