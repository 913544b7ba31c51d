package dev.realtime.socketio.engine.codec;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Engine.IO v4 encoding of single packets (one WebSocket frame each) and of HTTP
 * long-polling payloads: packets joined by the record separator {@code \u001e}, binary
 * messages written as {@code b} followed by base64.
 */
public final class EngineCodec {

	/** Separates packets in a polling payload. */
	public static final char RECORD_SEPARATOR = '\u001e';

	private EngineCodec() {
	}

	/**
	 * Decodes one text packet: a type digit followed by its data, or {@code b} + base64
	 * for a binary message.
	 * @return the packet, or {@code null} when the text is not a valid packet
	 */
	public static @Nullable EnginePacket decodePacket(String text) {
		if (text.isEmpty()) {
			return null;
		}
		char first = text.charAt(0);
		if (first == 'b') {
			// lenient like Node's Buffer.from(…, "base64"): the Java client's encoder
			// ends lines
			try {
				return EnginePacket.binaryMessage(Base64.getMimeDecoder().decode(text.substring(1)));
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}
		EnginePacketType type = EnginePacketType.ofCode(first);
		if (type == null) {
			return null;
		}
		if (text.length() == 1) {
			return switch (type) {
				case PING -> EnginePacket.PING;
				case PONG -> EnginePacket.PONG;
				case NOOP -> EnginePacket.NOOP;
				case CLOSE -> EnginePacket.CLOSE;
				case UPGRADE -> EnginePacket.UPGRADE;
				default -> EnginePacket.of(type, (type == EnginePacketType.MESSAGE) ? "" : null);
			};
		}
		return EnginePacket.of(type, text.substring(1));
	}

	/**
	 * Result of decoding a polling payload: the valid packets before any malformed one.
	 */
	public record DecodedPayload(List<EnginePacket> packets, boolean malformed) {
	}

	/**
	 * Decodes a polling payload. Decoding stops at the first invalid packet, and the
	 * result says so: the session that sent it is closed with a parse error.
	 */
	public static DecodedPayload decodePayload(String payload) {
		List<EnginePacket> packets = new ArrayList<>(4);
		int start = 0;
		int length = payload.length();
		while (start <= length) {
			int end = payload.indexOf(RECORD_SEPARATOR, start);
			if (end < 0) {
				end = length;
			}
			EnginePacket packet = decodePacket(payload.substring(start, end));
			if (packet == null) {
				return new DecodedPayload(packets, true);
			}
			packets.add(packet);
			start = end + 1;
		}
		return new DecodedPayload(packets, false);
	}

	/** Encodes packets as one polling payload. */
	public static String encodePayload(List<EnginePacket> packets) {
		if (packets.size() == 1) {
			return encodeForPolling(packets.get(0));
		}
		int size = 0;
		for (EnginePacket packet : packets) {
			size += packet.weight() + 1;
		}
		StringBuilder payload = new StringBuilder(size + 16);
		for (int i = 0; i < packets.size(); i++) {
			if (i > 0) {
				payload.append(RECORD_SEPARATOR);
			}
			EnginePacket packet = packets.get(i);
			if (packet.binary()) {
				payload.append('b').append(Base64.getEncoder().encodeToString(packet.binaryData()));
			}
			else {
				payload.append(packet.text());
			}
		}
		return payload.toString();
	}

	private static String encodeForPolling(EnginePacket packet) {
		return packet.binary() ? "b" + Base64.getEncoder().encodeToString(packet.binaryData()) : packet.text();
	}

}
