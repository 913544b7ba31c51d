package dev.realtime.socketio.server;

import java.security.Principal;
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
 * @param principal the principal the web stack authenticated for the handshake, or {@code null}
 */
public record Handshake(Map<String, List<String>> headers, String time, String address, boolean xdomain,
		boolean secure, long issued, String url, Map<String, List<String>> query, Map<String, Object> auth,
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
}
