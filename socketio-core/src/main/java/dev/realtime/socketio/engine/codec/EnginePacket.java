package dev.realtime.socketio.engine.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.realtime.socketio.engine.spi.Frame;
import org.jspecify.annotations.Nullable;

/**
 * One Engine.IO packet: a type with optional text data, or a binary message. Immutable
 * and shareable: a broadcast builds each packet once and writes the same instance (and
 * its cached wire encoding) to every receiver.
 */
public final class EnginePacket implements Frame {

	/** Shared instances of the data-less control packets. */
	public static final EnginePacket PING = new EnginePacket(EnginePacketType.PING, null, null);

	public static final EnginePacket PONG = new EnginePacket(EnginePacketType.PONG, null, null);

	public static final EnginePacket NOOP = new EnginePacket(EnginePacketType.NOOP, null, null);

	public static final EnginePacket CLOSE = new EnginePacket(EnginePacketType.CLOSE, null, null);

	public static final EnginePacket UPGRADE = new EnginePacket(EnginePacketType.UPGRADE, null, null);

	private final EnginePacketType type;

	private final @Nullable String data;

	private final byte @Nullable [] binary;

	private @Nullable String wireText;

	private byte @Nullable [] wireBytes;

	private EnginePacket(EnginePacketType type, @Nullable String data, byte @Nullable [] binary) {
		this.type = type;
		this.data = data;
		this.binary = binary;
	}

	/** A text packet of the given type; {@code data} may be null for none. */
	public static EnginePacket of(EnginePacketType type, @Nullable String data) {
		return new EnginePacket(type, data, null);
	}

	/** A text message packet. */
	public static EnginePacket message(String text) {
		return new EnginePacket(EnginePacketType.MESSAGE, text, null);
	}

	/** A binary message packet; the array is shared, not copied. */
	public static EnginePacket binaryMessage(byte[] data) {
		return new EnginePacket(EnginePacketType.MESSAGE, null, data);
	}

	public EnginePacketType type() {
		return type;
	}

	/** Whether this is a binary message. */
	@Override
	public boolean binary() {
		return binary != null;
	}

	/**
	 * Text data without the type digit, or {@code null} (binary packets and data-less
	 * packets).
	 */
	public @Nullable String data() {
		return data;
	}

	/** Binary content of a binary message (shared, do not modify). */
	public byte[] binaryData() {
		if (binary == null) {
			throw new IllegalStateException("not a binary packet: " + type);
		}
		return binary;
	}

	/**
	 * The message content as the application sees it: a {@code String} or a
	 * {@code byte[]}.
	 */
	public Object content() {
		if (binary != null) {
			return binary;
		}
		return (data != null) ? data : "";
	}

	/** The text frame: type digit followed by the data. Throws for binary packets. */
	@Override
	public String text() {
		String text = wireText;
		if (text == null) {
			if (binary != null) {
				throw new IllegalStateException("binary packet has no text form");
			}
			text = (data == null) ? String.valueOf(type.code()) : type.code() + data;
			wireText = text;
		}
		return text;
	}

	/**
	 * UTF-8 of {@link #text()} for text packets, the raw bytes for binary ones. Cached.
	 */
	@Override
	public byte[] bytes() {
		if (binary != null) {
			return binary;
		}
		byte[] bytes = wireBytes;
		if (bytes == null) {
			bytes = text().getBytes(StandardCharsets.UTF_8);
			wireBytes = bytes;
		}
		return bytes;
	}

	/** Approximate size in bytes, used to bound outbound buffers. */
	public int weight() {
		if (binary != null) {
			return binary.length;
		}
		return (data == null) ? 1 : data.length() + 1;
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof EnginePacket)) {
			return false;
		}
		EnginePacket that = (EnginePacket) other;
		if (type != that.type) {
			return false;
		}
		if (binary != null || that.binary != null) {
			return binary != null && that.binary != null && Arrays.equals(binary, that.binary);
		}
		return (data == null) ? that.data == null : data.equals(that.data);
	}

	@Override
	public int hashCode() {
		return type.hashCode() * 31
				+ ((binary != null) ? Arrays.hashCode(binary) : (data == null) ? 0 : data.hashCode());
	}

	@Override
	public String toString() {
		return (binary != null) ? "EnginePacket[binary " + binary.length + " bytes]" : "EnginePacket[" + text() + "]";
	}

}
