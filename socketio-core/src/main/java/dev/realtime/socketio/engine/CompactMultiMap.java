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
import java.util.function.Function;

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

	/**
	 * Headers read straight from a web stack's request, without the intermediate map of
	 * lists {@link #copyOf} would copy: the same map as {@code copyOf} of a map holding,
	 * in order, each of {@code names} with its {@code values} (names that differ only in
	 * case joined, ordered ignoring case).
	 */
	static CompactMultiMap ofIgnoringCase(Iterator<String> names, Function<String, ? extends Iterator<String>> values) {
		Object[] pairs = new Object[32];
		int size = 0;
		while (names.hasNext()) {
			String name = names.next();
			int index = -1;
			for (int i = 0; i < size; i += 2) {
				if (((String) pairs[i]).equalsIgnoreCase(name)) {
					index = i;
					break;
				}
			}
			if (index >= 0) {
				pairs[index + 1] = values(values.apply(name), pairs[index + 1]);
				continue;
			}
			if (size == pairs.length) {
				pairs = Arrays.copyOf(pairs, size * 2);
			}
			pairs[size] = shared(name);
			pairs[size + 1] = values(values.apply(name), null);
			size += 2;
		}
		if (size == 0) {
			return EMPTY_IGNORING_CASE;
		}
		// stable insertion sort by name, ignoring case (a request has a handful of
		// headers; names equal ignoring case were joined above)
		for (int i = 2; i < size; i += 2) {
			Object name = pairs[i];
			Object value = pairs[i + 1];
			int j = i - 2;
			while (j >= 0 && String.CASE_INSENSITIVE_ORDER.compare((String) pairs[j], (String) name) > 0) {
				pairs[j + 2] = pairs[j];
				pairs[j + 3] = pairs[j + 1];
				j -= 2;
			}
			pairs[j + 2] = name;
			pairs[j + 3] = value;
		}
		return new CompactMultiMap(Arrays.copyOf(pairs, size), true);
	}

	/**
	 * The values of one name as a pair holds them (a String for one, else a String[]),
	 * after {@code earlier} ones of the same name.
	 */
	private static Object values(Iterator<String> values, @Nullable Object earlier) {
		if (earlier == null && values.hasNext()) {
			String first = shared(values.next());
			if (!values.hasNext()) {
				return first;
			}
			earlier = first;
		}
		List<String> all = new ArrayList<>(4);
		if (earlier instanceof String single) {
			all.add(single);
		}
		else if (earlier != null) {
			all.addAll(Arrays.asList((String[]) earlier));
		}
		while (values.hasNext()) {
			all.add(shared(values.next()));
		}
		return (all.size() == 1) ? all.get(0) : all.toArray(new String[0]);
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
