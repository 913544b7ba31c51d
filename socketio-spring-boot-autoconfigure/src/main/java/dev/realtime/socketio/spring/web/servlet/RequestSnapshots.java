package dev.realtime.socketio.spring.web.servlet;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.realtime.socketio.engine.RequestSnapshot;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Copies what the Engine.IO server needs from a servlet request. A copy, because Tomcat
 * recycles the request object once the servlet returns, while a session (and a WebSocket
 * opened after the 101) keeps using it.
 */
final class RequestSnapshots {

	private RequestSnapshots() {
	}

	static RequestSnapshot of(HttpServletRequest request) {
		String rawQuery = request.getQueryString();
		return new RequestSnapshot(request.getMethod(), request.getRequestURI(), rawQuery, parseQuery(rawQuery),
				headers(request), remoteAddress(request), request.getUserPrincipal(), request.isSecure());
	}

	/**
	 * Decodes the query string itself rather than through {@code getParameterMap()},
	 * which would read a form-encoded POST body.
	 */
	static Map<String, List<String>> parseQuery(@Nullable String rawQuery) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return Map.of();
		}
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals < 0) ? pair : pair.substring(0, equals));
			String value = (equals < 0) ? "" : decode(pair.substring(equals + 1));
			parameters.computeIfAbsent(name, (key) -> new ArrayList<>(1)).add(value);
		}
		return parameters;
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// a malformed escape: keep the raw text, as Node's querystring does
			return value;
		}
	}

	/**
	 * Read once into the map the snapshot keeps (no intermediate map of lists copied
	 * again).
	 */
	private static Map<String, List<String>> headers(HttpServletRequest request) {
		return RequestSnapshot.headers(request.getHeaderNames().asIterator(),
				(name) -> request.getHeaders(name).asIterator());
	}

	private static @Nullable InetSocketAddress remoteAddress(HttpServletRequest request) {
		String address = request.getRemoteAddr();
		if (address == null) {
			return null;
		}
		try {
			// an IP literal: parsed, never looked up
			return new InetSocketAddress(address, request.getRemotePort());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
