package dev.realtime.socketio.engine;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The immutable multi-valued maps of a {@link RequestSnapshot} (headers, query
 * parameters), kept for a session's whole life in one array of alternating names and
 * values: a value is a {@code String}, or a {@code String[]} for a repeated name. A
 * session keeps its handshake request, so a {@code TreeMap} or {@code LinkedHashMap} of
 * lists would cost an entry and a list object per name for every connection; the lists
 * this map hands out are made on demand instead.
 *
 * <p>
 * Names that differ only in case are one name when {@code ignoreCase} (headers): the
 * first spelling is kept, the values are joined in order, and names iterate in
 * case-insensitive order (as the {@code TreeMap} this replaces did). Otherwise (query
 * parameters) names iterate in the order they first appeared.
 */
final class CompactMultiMap extends AbstractMap<String, List<String>> {

	private static final CompactMultiMap EMPTY_EXACT = new CompactMultiMap(new Object[0], false);

	private static final CompactMultiMap EMPTY_IGNORING_CASE = new CompactMultiMap(new Object[0], true);

	/** Names and values of the Engine.IO query, shared rather than kept per session. */
	private static final Map<String, String> COMMON = common("EIO", "3", "4", "transport", "polling", "websocket",
			"b64", "1", "Host", "host", "Connection", "connection", "Upgrade", "upgrade", "Sec-WebSocket-Key",
			"sec-websocket-key", "Sec-WebSocket-Version", "sec-websocket-version", "13", "Sec-WebSocket-Extensions",
			"sec-websocket-extensions", "User-Agent", "user-agent", "Origin", "origin", "Accept", "accept",
			"Accept-Encoding", "accept-encoding", "Accept-Language", "accept-language", "Cache-Control",
			"cache-control", "no-cache", "Pragma", "pragma", "Cookie", "cookie", "Content-Type", "content-type",
			"Content-Length", "content-length", "keep-alive", "Keep-Alive");

	/**
	 * name, value, name, value…; a value is a String, or a String[] of none or several.
	 */
	private final Object[] pairs;

	private final boolean ignoreCase;

	private CompactMultiMap(Object[] pairs, boolean ignoreCase) {
		this.pairs = pairs;
		this.ignoreCase = ignoreCase;
	}

	/**
	 * An immutable copy of {@code source} (returned as it is when it already is one of
	 * the same kind).
	 */
	static CompactMultiMap copyOf(Map<String, List<String>> source, boolean ignoreCase) {
		if (source instanceof CompactMultiMap compact && compact.ignoreCase == ignoreCase) {
			return compact;
		}
		if (source.isEmpty()) {
			return ignoreCase ? EMPTY_IGNORING_CASE : EMPTY_EXACT;
		}
		List<String> names = new ArrayList<>(source.size());
		List<List<String>> values = new ArrayList<>(source.size());
		for (Map.Entry<String, List<String>> entry : source.entrySet()) {
			String name = entry.getKey();
			int index = indexOf(names, name, ignoreCase);
			if (index < 0) {
				names.add(name);
				values.add(new ArrayList<>(entry.getValue()));
			}
			else {
				values.get(index).addAll(entry.getValue());
			}
		}
		Integer[] order = new Integer[names.size()];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
		}
		if (ignoreCase) {
			// stable: names equal ignoring case were merged above
			Arrays.sort(order, (a, b) -> String.CASE_INSENSITIVE_ORDER.compare(names.get(a), names.get(b)));
		}
		Object[] pairs = new Object[order.length * 2];
		for (int i = 0; i < order.length; i++) {
			pairs[2 * i] = shared(names.get(order[i]));
			List<String> valueList = values.get(order[i]);
			if (valueList.size() == 1) {
				pairs[2 * i + 1] = shared(valueList.get(0));
			}
			else {
				String[] array = new String[valueList.size()];
				for (int j = 0; j < array.length; j++) {
					array[j] = shared(valueList.get(j));
				}
				pairs[2 * i + 1] = array;
			}
		}
		return new CompactMultiMap(pairs, ignoreCase);
	}

	private static int indexOf(List<String> names, String name, boolean ignoreCase) {
		for (int i = 0; i < names.size(); i++) {
			if (ignoreCase ? names.get(i).equalsIgnoreCase(name) : names.get(i).equals(name)) {
				return i;
			}
		}
		return -1;
	}

	private static String shared(String value) {
		if (value == null) {
			throw new IllegalArgumentException("a request header or query parameter value must not be null");
		}
		return COMMON.getOrDefault(value, value);
	}

	private static Map<String, String> common(String... values) {
		Map<String, String> common = new java.util.HashMap<>();
		for (String value : values) {
			common.put(value, value);
		}
		return Map.copyOf(common);
	}

	private int find(@Nullable Object name) {
		if (!(name instanceof String key)) {
			return -1;
		}
		for (int i = 0; i < pairs.length; i += 2) {
			String candidate = (String) pairs[i];
			if (ignoreCase ? candidate.equalsIgnoreCase(key) : candidate.equals(key)) {
				return i;
			}
		}
		return -1;
	}

	/** The first value of {@code name}, or {@code null}: no list made. */
	@Nullable String first(String name) {
		int index = find(name);
		if (index < 0) {
			return null;
		}
		Object value = pairs[index + 1];
		if (value instanceof String single) {
			return single;
		}
		String[] values = (String[]) value;
		return (values.length == 0) ? null : values[0];
	}

	private List<String> valuesAt(int index) {
		Object value = pairs[index + 1];
		return (value instanceof String single) ? List.of(single) : List.of((String[]) value);
	}

	@Override
	public @Nullable List<String> get(@Nullable Object name) {
		int index = find(name);
		return (index < 0) ? null : valuesAt(index);
	}

	@Override
	public boolean containsKey(@Nullable Object name) {
		return find(name) >= 0;
	}

	@Override
	public int size() {
		return pairs.length / 2;
	}

	@Override
	public boolean isEmpty() {
		return pairs.length == 0;
	}

	@Override
	public Set<Map.Entry<String, List<String>>> entrySet() {
		return new AbstractSet<>() {

			@Override
			public Iterator<Map.Entry<String, List<String>>> iterator() {
				return new Iterator<>() {

					private int next;

					@Override
					public boolean hasNext() {
						return next < pairs.length;
					}

					@Override
					public Map.Entry<String, List<String>> next() {
						if (next >= pairs.length) {
							throw new NoSuchElementException();
						}
						int index = next;
						next += 2;
						return new AbstractMap.SimpleImmutableEntry<>((String) pairs[index], valuesAt(index));
					}

				};
			}

			@Override
			public int size() {
				return pairs.length / 2;
			}

		};
	}

}
