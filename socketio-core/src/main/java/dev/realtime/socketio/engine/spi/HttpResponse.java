package dev.realtime.socketio.engine.spi;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Response the server hands to the binding: status, headers in the order to write them,
 * and the body bytes (written as they are, with a {@code Content-Length}).
 */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {

	public HttpResponse {
		headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
	}

	/** A response with a UTF-8 text body. */
	public static HttpResponse text(int status, Map<String, String> headers, String body) {
		return new HttpResponse(status, headers, body.getBytes(StandardCharsets.UTF_8));
	}

	/** The body as UTF-8 text, for logs and tests. */
	public String bodyText() {
		return new String(body, StandardCharsets.UTF_8);
	}
}
