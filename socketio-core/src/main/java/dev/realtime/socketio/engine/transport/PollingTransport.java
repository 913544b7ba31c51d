package dev.realtime.socketio.engine.transport;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;

import dev.realtime.socketio.engine.codec.Eio3Codec;
import dev.realtime.socketio.engine.codec.EngineCodec;
import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.engine.codec.EnginePacketType;
import dev.realtime.socketio.engine.spi.HttpExchange;
import org.jspecify.annotations.Nullable;

/**
 * HTTP long-polling for one session: owns the parked GET (the one request that can carry
 * packets to the client), the POST guard (one POST at a time) and its HTTP answers. The
 * session decides when a GET parks and what it is answered with; this class keeps it and
 * answers it.
 *
 * <p>
 * State is guarded by the session's monitor ({@code lock}); answers are written outside
 * it.
 */
public final class PollingTransport implements Transport {

	/** The transport name. */
	public static final String NAME = "polling";

	private static final System.Logger logger = System.getLogger(PollingTransport.class.getName());

	private static final byte[] OK = "ok".getBytes(StandardCharsets.UTF_8);

	private final Object lock;

	private final HttpAnswers answers;

	private final long maxPayload;

	private final Executor executor;

	private final TransportListener listener;

	/** Whether the client speaks Engine.IO v3 (length-prefixed payloads). */
	private final boolean eio3;

	/** Whether a v3 client takes binary payloads (it did not ask for {@code b64}). */
	private final boolean supportsBinary;

	// guarded by lock
	private @Nullable HttpExchange parked;

	private Map<String, String> parkedHeaders = Map.of();

	private boolean parkedDuringUpgrade;

	private boolean postActive;

	/**
	 * @param lock the session's monitor, which guards this transport's state
	 * @param maxPayload largest POST body accepted ({@code maxHttpBufferSize})
	 * @param executor the session's ordered executor: a POST's {@code ok} is queued
	 * there, behind the listeners of its packets
	 */
	public PollingTransport(Object lock, HttpAnswers answers, long maxPayload, Executor executor,
			TransportListener listener) {
		this(lock, answers, maxPayload, executor, listener, false, false);
	}

	/**
	 * @param eio3 whether the client speaks Engine.IO v3 (see
	 * {@link dev.realtime.socketio.engine.codec.Eio3Codec})
	 * @param supportsBinary whether a v3 client takes binary payloads
	 */
	public PollingTransport(Object lock, HttpAnswers answers, long maxPayload, Executor executor,
			TransportListener listener, boolean eio3, boolean supportsBinary) {
		this.lock = lock;
		this.answers = answers;
		this.maxPayload = maxPayload;
		this.executor = executor;
		this.listener = listener;
		this.eio3 = eio3;
		this.supportsBinary = supportsBinary;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public boolean writableLocked() {
		return parked != null;
	}

	// ---------------------------------------------------------------- GET

	/**
	 * Watches a GET for the client going away while it is parked: the session then closes
	 * with a transport error, as Node's does.
	 */
	public void watchAbort(HttpExchange get) {
		get.onAbort(() -> {
			boolean wasParked;
			synchronized (lock) {
				wasParked = parked == get;
				if (wasParked) {
					parked = null;
				}
			}
			if (wasParked) {
				listener.onClose(this, true, "poll connection closed prematurely");
			}
		});
	}

	/** Whether a GET is parked. Caller holds the lock. */
	public boolean hasParkedLocked() {
		return parked != null;
	}

	/**
	 * Parks a GET until there is something to answer. Caller holds the lock.
	 * @param duringUpgrade whether a WebSocket was taking over when it arrived (see
	 * {@link Parked#duringUpgrade()})
	 */
	public void parkLocked(HttpExchange get, Map<String, String> headers, boolean duringUpgrade) {
		parked = get;
		parkedHeaders = headers;
		parkedDuringUpgrade = duringUpgrade;
	}

	/** Marks the parked GET as held for an upgrade under way. Caller holds the lock. */
	public void holdForUpgradeLocked() {
		parkedDuringUpgrade = true;
	}

	/** Whether the parked GET is held for an upgrade. Caller holds the lock. */
	public boolean heldForUpgradeLocked() {
		return parked != null && parkedDuringUpgrade;
	}

	/**
	 * Takes the parked GET out, to answer it outside the lock; {@code null} when none.
	 * Caller holds the lock.
	 */
	public @Nullable Parked unparkLocked() {
		HttpExchange get = parked;
		if (get == null) {
			return null;
		}
		parked = null;
		return new Parked(get, parkedHeaders, parkedDuringUpgrade);
	}

	/**
	 * A GET taken out of the transport, answered outside the lock.
	 *
	 * @param duringUpgrade it arrived while a WebSocket was taking over: the client may
	 * have sent its upgrade packet before it, so it is not released at the probe but gets
	 * its noop from the upgrade check, or 400 when the upgrade completes first
	 */
	public record Parked(HttpExchange exchange, Map<String, String> headers, boolean duringUpgrade) {
	}

	/** Answers a GET with packets. */
	public void answer(HttpExchange get, Map<String, String> headers, List<EnginePacket> packets) {
		if (eio3) {
			answers.payloadV3(get, headers, packets, supportsBinary);
		}
		else {
			answers.payload(get, headers, packets);
		}
	}

	/** Answers a parked GET with packets. */
	public void answer(Parked get, List<EnginePacket> packets) {
		answer(get.exchange(), get.headers(), packets);
	}

	/** Answers a request with an error of the table. */
	public void answerError(HttpExchange exchange, Map<String, String> headers, EngineError error) {
		answers.error(exchange, headers, error);
	}

	// ---------------------------------------------------------------- POST

	/**
	 * Starts a POST: false when another one is still being read (the client broke the
	 * protocol). Caller holds the lock.
	 */
	public boolean beginPostLocked() {
		if (postActive) {
			postActive = false;
			return false;
		}
		postActive = true;
		return true;
	}

	private void endPost() {
		synchronized (lock) {
			postActive = false;
		}
	}

	/**
	 * Reads a POST begun with {@link #beginPostLocked()}: its packets go to the listener
	 * in order, and {@code ok} is answered once the session's listeners have run for
	 * them, so whatever they sent is already buffered for the client's next GET (Node
	 * dispatches synchronously).
	 */
	public void readPost(HttpExchange post, Map<String, String> headers) {
		String contentType = post.header("Content-Type");
		boolean binaryBody = contentType != null
				&& contentType.toLowerCase(Locale.ROOT).startsWith("application/octet-stream");
		if (binaryBody && !eio3) {
			endPost();
			answers.error(post, headers, EngineError.BAD_REQUEST);
			listener.onClose(this, true, "binary payloads are an Engine.IO v3 feature");
			return;
		}
		byte[] body = post.body();
		if (body.length > maxPayload) {
			endPost();
			answers.respond(post, 413, headers, "text/html", "Payload Too Large".getBytes(StandardCharsets.UTF_8));
			return;
		}
		List<EnginePacket> packets;
		boolean malformed;
		String refusal = null;
		if (eio3) {
			Eio3Codec.Decoded decoded = binaryBody ? Eio3Codec.decodeBinaryPayload(body)
					: Eio3Codec.decodePayload(new String(body, StandardCharsets.UTF_8));
			packets = decoded.packets();
			malformed = decoded.malformed();
			if (malformed) {
				refusal = "Bad Engine.IO v3 payload: " + decoded.error();
				logger.log(System.Logger.Level.DEBUG, refusal);
			}
		}
		else {
			EngineCodec.DecodedPayload decoded = EngineCodec.decodePayload(new String(body, StandardCharsets.UTF_8));
			packets = decoded.packets();
			malformed = decoded.malformed();
		}
		for (EnginePacket packet : packets) {
			if (packet.type() == EnginePacketType.CLOSE) {
				listener.onClose(this, false, "client sent a close packet");
				break;
			}
			listener.onPacket(this, packet);
		}
		if (malformed) {
			listener.onMalformed(this);
		}
		if (refusal != null) {
			// unlike v4 (answered ok, as Node does), a v3 client is told what was wrong
			endPost();
			answers.respond(post, 400, headers, "text/plain; charset=UTF-8", refusal.getBytes(StandardCharsets.UTF_8));
			return;
		}
		Map<String, String> okHeaders = new LinkedHashMap<>(headers);
		executor.execute(() -> {
			endPost();
			answers.respond(post, 200, okHeaders, "text/html", OK);
		});
	}

	/** Answers a request with a method polling does not know. */
	public void answerUnknownMethod(HttpExchange exchange, Map<String, String> headers) {
		answers.respond(exchange, 500, headers, "text/html", new byte[0]);
	}

}
