package dev.realtime.socketio.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Copy-on-write updates of immutable lists and maps, for per-socket listeners: read on
 * every event without a lock, changed rarely (under the owner's monitor) by replacing the
 * whole collection. An immutable list of one listener costs 24 bytes where a
 * {@code CopyOnWriteArrayList} costs 64, and a small immutable map a fraction of a
 * {@code ConcurrentHashMap}; an idle connection holds them for its whole life.
 */
final class CopyOnWrite {

	/** Maps up to this size are made compact ({@link Map#copyOf}). */
	private static final int SMALL_MAP = 16;

	private CopyOnWrite() {
	}

	/** {@code list} with {@code item} added last (or first). */
	static <T> List<T> plus(List<T> list, T item, boolean first) {
		Objects.requireNonNull(item, "listener");
		if (list.isEmpty()) {
			return List.of(item);
		}
		List<T> copy = new ArrayList<>(list.size() + 1);
		if (first) {
			copy.add(item);
		}
		copy.addAll(list);
		if (!first) {
			copy.add(item);
		}
		return List.copyOf(copy);
	}

	/** {@code list} without the first occurrence of {@code item}. */
	static <T> List<T> minus(List<T> list, T item) {
		int index = list.indexOf(item);
		if (index < 0) {
			return list;
		}
		List<T> copy = new ArrayList<>(list);
		copy.remove(index);
		return List.copyOf(copy);
	}

	/** {@code list} without {@code item}, or empty for {@code null} (Node's offAny). */
	static <T> List<T> minusOrAll(List<T> list, @Nullable T item) {
		return (item != null) ? minus(list, item) : List.of();
	}

	/**
	 * {@code map} with {@code key} mapped to {@code value}, or removed for an empty list.
	 */
	static <K, V> Map<K, List<V>> with(Map<K, List<V>> map, K key, List<V> value) {
		if (value.isEmpty() && !map.containsKey(key)) {
			return map;
		}
		if (map.isEmpty()) {
			return Map.of(key, value);
		}
		if (map.size() == 1 && !value.isEmpty() && !map.containsKey(key)) {
			// a socket's second event (the common case of a connection listener that
			// registers a few): no HashMap copied and compacted again
			Map.Entry<K, List<V>> only = map.entrySet().iterator().next();
			return Map.of(only.getKey(), only.getValue(), key, value);
		}
		Map<K, List<V>> copy = new HashMap<>(map);
		if (value.isEmpty()) {
			copy.remove(key);
		}
		else {
			copy.put(key, value);
		}
		// never changed once published: a plain map is safe to read, a small one is
		// compacted
		return (copy.size() <= SMALL_MAP) ? Map.copyOf(copy) : copy;
	}

}
