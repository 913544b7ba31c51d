package dev.realtime.socketio.server;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.realtime.socketio.engine.spi.EngineRequest;
import org.jspecify.annotations.Nullable;

/**
 * What a socket knows of how its client connected, like Node's {@code socket.handshake}.
 * A local socket's handshake reads its values from the request its connection keeps
 * (headers, address, URL and query are not copied per socket); one that another server
 * described holds them itself.
 */
public final class Handshake {

	/**
	 * The connection's request (a local socket), or {@link Values} (a remote one, or one
	 * built with the public constructor).
	 */
	private final Object source;

	private final long issued;

	private final Map<String, Object> auth;

	/**
	 * A handshake with these values.
	 * @param headers headers of the Engine.IO handshake request
	 * @param time when the handshake happened, as text
	 * @param address the client's address
	 * @param xdomain whether the request was cross-origin (it had an {@code Origin}
	 * header)
	 * @param secure whether the connection uses TLS
	 * @param issued when the handshake happened, in epoch milliseconds
	 * @param url the request URI
	 * @param query the query parameters of the handshake request
	 * @param auth the {@code auth} payload of the namespace CONNECT (empty when none)
	 * @param principal the principal the web stack authenticated for the handshake, or
	 * {@code null}
	 */
	public Handshake(Map<String, List<String>> headers, String time, String address, boolean xdomain, boolean secure,
			long issued, String url, Map<String, List<String>> query, Map<String, Object> auth,
			@Nullable Principal principal) {
		this.source = new Values(Objects.requireNonNull(headers, "headers"), Objects.requireNonNull(time, "time"),
				Objects.requireNonNull(address, "address"), xdomain, secure, Objects.requireNonNull(url, "url"),
				Objects.requireNonNull(query, "query"), principal);
		this.issued = issued;
		this.auth = Objects.requireNonNull(auth, "auth");
	}

	/** The handshake of a local socket: read from its connection's request when asked. */
	Handshake(EngineRequest request, long issued, Map<String, Object> auth) {
		this.source = request;
		this.issued = issued;
		this.auth = auth;
	}

	private record Values(Map<String, List<String>> headers, String time, String address, boolean xdomain,
			boolean secure, String url, Map<String, List<String>> query, @Nullable Principal principal) {
	}

	/** Headers of the Engine.IO handshake request. */
	public Map<String, List<String>> headers() {
		return (source instanceof EngineRequest request) ? request.headers() : ((Values) source).headers();
	}

	/** When the handshake happened, as text. */
	public String time() {
		return (source instanceof EngineRequest) ? Namespace.handshakeTime(issued) : ((Values) source).time();
	}

	/** The client's address. */
	public String address() {
		if (source instanceof EngineRequest request) {
			InetSocketAddress remote = request.remoteAddress();
			return (remote == null) ? ""
					: (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
		}
		return ((Values) source).address();
	}

	/** Whether the request was cross-origin (it had an {@code Origin} header). */
	public boolean xdomain() {
		return (source instanceof EngineRequest request) ? request.header("Origin") != null
				: ((Values) source).xdomain();
	}

	/** Whether the connection uses TLS. */
	public boolean secure() {
		return (source instanceof EngineRequest request) ? request.secure() : ((Values) source).secure();
	}

	/** When the handshake happened, in epoch milliseconds. */
	public long issued() {
		return issued;
	}

	/** The request URI. */
	public String url() {
		return (source instanceof EngineRequest request) ? request.uri() : ((Values) source).url();
	}

	/** The query parameters of the handshake request. */
	public Map<String, List<String>> query() {
		return (source instanceof EngineRequest request) ? request.queryParameters() : ((Values) source).query();
	}

	/** The {@code auth} payload of the namespace CONNECT (empty when none). */
	public Map<String, Object> auth() {
		return auth;
	}

	/**
	 * The principal the web stack authenticated for the handshake, or {@code null}.
	 */
	public @Nullable Principal principal() {
		return (source instanceof EngineRequest request) ? request.principal() : ((Values) source).principal();
	}

	/** First value of a header, matched case-insensitively, or {@code null}. */
	public @Nullable String header(String name) {
		for (Map.Entry<String, List<String>> entry : headers().entrySet()) {
			if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
				return entry.getValue().get(0);
			}
		}
		return null;
	}

	/** First value of a query parameter, or {@code null}. */
	public @Nullable String queryParameter(String name) {
		List<String> values = query().get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	/**
	 * This handshake in Node's shape, as adapters exchange it: a header or query value is
	 * a string, or a list when repeated. The principal stays on this server.
	 */
	Map<String, Object> toNodeShape() {
		Map<String, Object> shape = new LinkedHashMap<>();
		shape.put("headers", flatten(headers()));
		shape.put("time", time());
		shape.put("address", address());
		shape.put("xdomain", xdomain());
		shape.put("secure", secure());
		shape.put("issued", issued);
		shape.put("url", url());
		shape.put("query", flatten(query()));
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

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof Handshake that && issued == that.issued && xdomain() == that.xdomain()
				&& secure() == that.secure() && headers().equals(that.headers()) && time().equals(that.time())
				&& address().equals(that.address()) && url().equals(that.url()) && query().equals(that.query())
				&& auth.equals(that.auth) && Objects.equals(principal(), that.principal()));
	}

	@Override
	public int hashCode() {
		return Objects.hash(headers(), time(), address(), xdomain(), secure(), issued, url(), query(), auth,
				principal());
	}

	@Override
	public String toString() {
		return "Handshake[headers=" + headers() + ", time=" + time() + ", address=" + address() + ", xdomain="
				+ xdomain() + ", secure=" + secure() + ", issued=" + issued + ", url=" + url() + ", query=" + query()
				+ ", auth=" + auth + ", principal=" + principal() + "]";
	}

}
