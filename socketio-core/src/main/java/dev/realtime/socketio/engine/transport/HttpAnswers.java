package dev.realtime.socketio.engine.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import dev.realtime.socketio.engine.codec.Eio3Codec;
import dev.realtime.socketio.engine.codec.EngineCodec;
import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.engine.spi.HttpExchange;
import dev.realtime.socketio.engine.spi.HttpResponse;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP answers of an Engine.IO server: a polling payload (encoded, and compressed
 * when the client accepts it and the body is worth it), an error from the
 * {@link EngineError} table, or a plain body. Stateless and shared by the server and its
 * polling transports; an exchange that can no longer be answered is logged, never thrown.
 */
public final class HttpAnswers {

	private static final System.Logger logger = System.getLogger(HttpAnswers.class.getName());

	private final int compressionThreshold;

	/**
	 * @param compressionThreshold smallest payload body compressed, or {@code -1} for
	 * never
	 */
	public HttpAnswers(int compressionThreshold) {
		this.compressionThreshold = compressionThreshold;
	}

	/** Answers with packets in one polling payload. */
	public void payload(HttpExchange exchange, Map<String, String> headers, List<EnginePacket> packets) {
		byte[] body = EngineCodec.encodePayload(packets).getBytes(StandardCharsets.UTF_8);
		respondPayload(exchange, headers, body, "text/plain; charset=UTF-8");
	}

	/**
	 * Answers an Engine.IO v3 client with packets in one polling payload: text, or binary
	 * ({@code application/octet-stream}) when it holds binary and the client supports it.
	 */
	public void payloadV3(HttpExchange exchange, Map<String, String> headers, List<EnginePacket> packets,
			boolean supportsBinary) {
		Object payload = Eio3Codec.encodePayload(packets, supportsBinary);
		if (payload instanceof byte[] bytes) {
			respondPayload(exchange, headers, bytes, "application/octet-stream");
		}
		else {
			respondPayload(exchange, headers, ((String) payload).getBytes(StandardCharsets.UTF_8),
					"text/plain; charset=UTF-8");
		}
	}

	private void respondPayload(HttpExchange exchange, Map<String, String> headers, byte[] payload,
			String contentType) {
		byte[] body = payload;
		Map<String, String> all = new LinkedHashMap<>(headers);
		all.put("Cache-Control", "no-store");
		String encoding = (compressionThreshold >= 0 && body.length >= compressionThreshold)
				? acceptedEncoding(exchange.header("Accept-Encoding")) : null;
		if (encoding != null) {
			body = compress(body, encoding);
			all.put("Content-Encoding", encoding);
			all.merge("Vary", "Accept-Encoding", (a, b) -> a + ", " + b);
		}
		respond(exchange, 200, all, contentType, body);
	}

	/** Answers with an error of the table, as JSON. */
	public void error(HttpExchange exchange, Map<String, String> headers, EngineError error) {
		respond(exchange, error.status(), headers, "application/json", error.json().getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Answers with an error of the table and a message of its own ({@code null} for the
	 * table's).
	 */
	public void error(HttpExchange exchange, Map<String, String> headers, EngineError error, @Nullable String message) {
		String json = (message != null) ? error.json(message) : error.json();
		respond(exchange, error.status(), headers, "application/json", json.getBytes(StandardCharsets.UTF_8));
	}

	/** Answers with a body as it is. */
	public void respond(HttpExchange exchange, int status, Map<String, String> headers, String contentType,
			byte[] body) {
		Map<String, String> all = new LinkedHashMap<>(headers);
		all.put("Content-Type", contentType);
		all.put("Content-Length", Integer.toString(body.length));
		try {
			exchange.respond(new HttpResponse(status, all, body));
		}
		catch (RuntimeException ex) {
			logger.log(System.Logger.Level.DEBUG, "Could not write a response", ex);
		}
	}

	private static @Nullable String acceptedEncoding(@Nullable String acceptEncoding) {
		if (acceptEncoding == null) {
			return null;
		}
		String value = acceptEncoding.toLowerCase(Locale.ROOT);
		if (value.contains("gzip")) {
			return "gzip";
		}
		return value.contains("deflate") ? "deflate" : null;
	}

	private static byte[] compress(byte[] body, String encoding) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 64);
		try (OutputStream stream = "gzip".equals(encoding) ? new GZIPOutputStream(out)
				: new DeflaterOutputStream(out)) {
			stream.write(body);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return out.toByteArray();
	}

}
