package dev.realtime.socketio.server;

import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a socket knows of how its client connected, like Node's {@code socket.handshake}.
 *
 * @param headers headers of the Engine.IO handshake request
 * @param time when the handshake happened, as text
 * @param address the client's address
 * @param xdomain whether the request was cross-origin (it had an {@code Origin} header)
 * @param secure whether the connection uses TLS
 * @param issued when the handshake happened, in epoch milliseconds
 * @param url the request URI
 * @param query the query parameters of the handshake request
 * @param auth the {@code auth} payload of the namespace CONNECT (empty when none)
 * @param principal the principal the web stack authenticated for the handshake, or
 * {@code null}
 */
public record Handshake(Map<String, List<String>> headers, String time, String address, boolean xdomain, boolean secure,
		long issued, String url, Map<String, List<String>> query, Map<String, Object> auth,
		@Nullable Principal principal) {

	/** First value of a header, matched case-insensitively, or {@code null}. */
	public @Nullable String header(String name) {
		for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
			if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
				return entry.getValue().get(0);
			}
		}
		return null;
	}

	/** First value of a query parameter, or {@code null}. */
	public @Nullable String queryParameter(String name) {
		List<String> values = query.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	/**
	 * This handshake in Node's shape, as adapters exchange it: a header or query value is
	 * a string, or a list when repeated. The principal stays on this server.
	 */
	Map<String, Object> toNodeShape() {
		Map<String, Object> shape = new LinkedHashMap<>();
		shape.put("headers", flatten(headers));
		shape.put("time", time);
		shape.put("address", address);
		shape.put("xdomain", xdomain);
		shape.put("secure", secure);
		shape.put("issued", issued);
		shape.put("url", url);
		shape.put("query", flatten(query));
		shape.put("auth", auth);
		return shape;
	}

	/**
	 * A handshake another server described in Node's shape (see {@link #toNodeShape()}).
	 */
	static Handshake fromNodeShape(Map<String, Object> shape) {
		Object auth = shape.get("auth");
		@SuppressWarnings("unchecked")
		Map<String, Object> authMap = (auth instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
		return new Handshake(unflatten(shape.get("headers")), String.valueOf(shape.getOrDefault("time", "")),
				String.valueOf(shape.getOrDefault("address", "")), Boolean.TRUE.equals(shape.get("xdomain")),
				Boolean.TRUE.equals(shape.get("secure")),
				(shape.get("issued") instanceof Number issued) ? issued.longValue() : 0L,
				String.valueOf(shape.getOrDefault("url", "")), unflatten(shape.get("query")), authMap, null);
	}

	private static Map<String, Object> flatten(Map<String, List<String>> multi) {
		Map<String, Object> flat = new LinkedHashMap<>();
		multi.forEach((name, values) -> flat.put(name, (values.size() == 1) ? values.get(0) : values));
		return flat;
	}

	private static Map<String, List<String>> unflatten(@Nullable Object flat) {
		Map<String, List<String>> multi = new LinkedHashMap<>();
		if (flat instanceof Map<?, ?> map) {
			map.forEach((name, value) -> {
				List<String> values = new ArrayList<>();
				if (value instanceof List<?> list) {
					list.forEach((item) -> values.add(String.valueOf(item)));
				}
				else if (value != null) {
					values.add(String.valueOf(value));
				}
				multi.put(String.valueOf(name), List.copyOf(values));
			});
		}
		return multi;
	}
}
