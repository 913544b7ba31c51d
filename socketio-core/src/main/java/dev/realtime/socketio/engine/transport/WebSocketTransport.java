package dev.realtime.socketio.engine.transport;

import dev.realtime.socketio.engine.codec.Eio3Codec;
import dev.realtime.socketio.engine.codec.EngineCodec;
import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.engine.spi.Frame;
import dev.realtime.socketio.engine.spi.WebSocketConnection;
import dev.realtime.socketio.engine.spi.WebSocketConnection.SendCallback;
import dev.realtime.socketio.engine.spi.WebSocketReceiver;
import org.jspecify.annotations.Nullable;

/**
 * WebSocket for one session, or for a candidate taking a polling session over: owns the
 * binding's connection, the bytes in flight on it and the frame size rule, and decodes
 * what it receives. Frames are handed to the binding in call order; a completed write
 * raises a drain.
 *
 * <p>
 * {@code inflightBytes} is guarded by the session's monitor ({@code lock}).
 */
public final class WebSocketTransport implements Transport {

	/** The transport name. */
	public static final String NAME = "websocket";

	/** Close code of a message over the size limit. */
	public static final int MESSAGE_TOO_BIG = 1009;

	private final Object lock;

	private final WebSocketConnection connection;

	private final long maxPayload;

	private final long writeHighWaterMark;

	private final TransportListener listener;

	private final Receiver receiver = new Receiver();

	/** Whether the client speaks Engine.IO v3 (type byte in binary frames). */
	private final boolean eio3;

	/** Whether a v3 client takes binary frames (it did not ask for {@code b64}). */
	private final boolean supportsBinary;

	// guarded by lock
	private long inflightBytes;

	/**
	 * @param lock the session's monitor, which guards the bytes in flight
	 * @param maxPayload largest message accepted ({@code maxHttpBufferSize}), in bytes
	 * @param writeHighWaterMark bytes in flight above which the transport is not writable
	 */
	public WebSocketTransport(Object lock, WebSocketConnection connection, long maxPayload, long writeHighWaterMark,
			TransportListener listener) {
		this(lock, connection, maxPayload, writeHighWaterMark, listener, false, true);
	}

	/**
	 * @param eio3 whether the client speaks Engine.IO v3 (see
	 * {@link dev.realtime.socketio.engine.codec.Eio3Codec})
	 * @param supportsBinary whether a v3 client takes binary frames
	 */
	public WebSocketTransport(Object lock, WebSocketConnection connection, long maxPayload, long writeHighWaterMark,
			TransportListener listener, boolean eio3, boolean supportsBinary) {
		this.eio3 = eio3;
		this.supportsBinary = supportsBinary;
		this.lock = lock;
		this.connection = connection;
		this.maxPayload = maxPayload;
		this.writeHighWaterMark = writeHighWaterMark;
		this.listener = listener;
	}

	@Override
	public String name() {
		return NAME;
	}

	/** What the binding feeds with this connection's frames. */
	public WebSocketReceiver receiver() {
		return receiver;
	}

	@Override
	public boolean writableLocked() {
		return inflightBytes < writeHighWaterMark && connection.isWritable();
	}

	/** Bytes handed to the binding and not yet written. Caller holds the lock. */
	public long inflightBytesLocked() {
		return inflightBytes;
	}

	/**
	 * Hands a frame to the binding; its completion raises a drain. Caller holds the lock.
	 */
	public void sendLocked(EnginePacket packet) {
		sendLocked(packet, false);
	}

	/**
	 * Hands a frame to the binding, with {@code later} as
	 * {@link WebSocketConnection#sendLater}: the caller then calls {@link #handOver()}
	 * once it released the lock. Caller holds the lock.
	 */
	public void sendLocked(EnginePacket packet, boolean later) {
		int weight = packet.weight();
		inflightBytes += weight;
		SendCallback callback = (failure) -> written(weight, failure);
		if (later) {
			connection.sendLater(frame(packet), callback);
		}
		else {
			connection.send(frame(packet), callback);
		}
	}

	/** See {@link WebSocketConnection#handOver()}. Caller does not hold the lock. */
	public void handOver() {
		connection.handOver();
	}

	/** Sends a frame outside the flow control (the probe answer of a candidate). */
	public void sendUntracked(EnginePacket packet) {
		connection.send(frame(packet), (failure) -> {
		});
	}

	private Frame frame(EnginePacket packet) {
		return (eio3 && packet.binary()) ? Eio3Codec.webSocketFrame(packet, supportsBinary) : packet;
	}

	/**
	 * Releases the bytes of a written frame (see {@link TransportListener#onDrain}).
	 * Caller holds the lock.
	 */
	public void sentLocked(int bytes) {
		inflightBytes -= bytes;
	}

	private void written(int weight, @Nullable Throwable failure) {
		if (failure == null) {
			listener.onDrain(this, weight);
			return;
		}
		synchronized (lock) {
			inflightBytes -= weight;
		}
		listener.onClose(this, true, "write failed: " + failure.getMessage());
	}

	/**
	 * Whether the thread delivering this connection's frames may run the session's
	 * listeners (see {@link WebSocketConnection#runsListenersInline()}).
	 */
	public boolean runsListenersInline() {
		return connection.runsListenersInline();
	}

	/**
	 * Stops reading frames from the client (see
	 * {@link WebSocketConnection#pauseReading}).
	 */
	public boolean pauseReading() {
		return connection.pauseReading();
	}

	/** Reads frames again after {@link #pauseReading()}. */
	public void resumeReading() {
		connection.resumeReading();
	}

	/** Closes the connection (idempotent). */
	public void close(int code, @Nullable String reason) {
		connection.close(code, reason);
	}

	@Override
	public String toString() {
		return "WebSocketTransport[" + connection + "]";
	}

	/**
	 * UTF-8 length without encoding (a UTF-16 char is at most 3 bytes, a surrogate pair
	 * 4).
	 */
	private static long utf8Length(String text) {
		long length = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				length++;
			}
			else if (c < 0x800) {
				length += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1))) {
				length += 4;
				i++;
			}
			else {
				length += 3;
			}
		}
		return length;
	}

	/**
	 * Decodes frames and applies the size rule; raises everything with this transport as
	 * the source.
	 */
	private final class Receiver implements WebSocketReceiver {

		@Override
		public void onText(String text) {
			if (text.length() > maxPayload || (long) text.length() * 3 > maxPayload && utf8Length(text) > maxPayload) {
				listener.onTooBig(WebSocketTransport.this);
				return;
			}
			EnginePacket packet = eio3 ? Eio3Codec.decodePacket(text) : EngineCodec.decodePacket(text);
			if (packet == null) {
				listener.onMalformed(WebSocketTransport.this);
				return;
			}
			listener.onPacket(WebSocketTransport.this, packet);
		}

		@Override
		public void onBinary(byte[] data) {
			if (data.length > maxPayload) {
				listener.onTooBig(WebSocketTransport.this);
				return;
			}
			EnginePacket packet = eio3 ? Eio3Codec.decodeBinaryFrame(data) : EnginePacket.binaryMessage(data);
			if (packet == null) {
				listener.onMalformed(WebSocketTransport.this);
				return;
			}
			listener.onPacket(WebSocketTransport.this, packet);
		}

		@Override
		public void onClose(int code, @Nullable String reason) {
			listener.onClose(WebSocketTransport.this, false, "websocket closed with code " + code);
		}

		@Override
		public void onError(Throwable error) {
			listener.onClose(WebSocketTransport.this, true, String.valueOf(error.getMessage()));
		}

	}

}
