package dev.realtime.socketio.engine.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.realtime.socketio.engine.spi.Frame;
import org.jspecify.annotations.Nullable;

/**
 * Engine.IO v3 encoding (socket.io-client 2.x, the Java client 1.x), used only by the
 * sessions of clients that handshook with {@code EIO=3} when the server allows it; v4
 * sessions never touch this class.
 *
 * <p>
 * What differs from v4 ({@link EngineCodec}):
 * <ul>
 * <li>a text polling payload is a run of {@code <length>:<packet>} records, the length
 * counted in UTF-16 characters ({@code 6:4hello2:40});</li>
 * <li>a binary message in text is {@code b4<base64>} (with the type digit);</li>
 * <li>a client that can take binary ({@code b64} absent) gets a payload holding binary
 * messages as a binary body ({@code application/octet-stream}): per packet a marker byte
 * ({@code 0} text, {@code 1} binary), the length's decimal digits as bytes 0-9, the byte
 * {@code 255}, then the UTF-8 text or the type byte {@code 4} followed by the bytes; it
 * may POST the same framing;</li>
 * <li>a binary WebSocket frame starts with the type byte {@code 4}.</li>
 * </ul>
 */
public final class Eio3Codec {

	/** Most digits a length may have in a binary payload (as Node's parser). */
	private static final int MAX_BINARY_LENGTH_DIGITS = 310;

	/** Most digits a length may have in a text payload (an int's). */
	private static final int MAX_TEXT_LENGTH_DIGITS = 9;

	private static final byte MESSAGE_TYPE = 4;

	private Eio3Codec() {
	}

	/**
	 * What a polling body held: the valid packets before the first error, and that error
	 * ({@code null} when the whole body was valid).
	 */
	public record Decoded(List<EnginePacket> packets, @Nullable String error) {

		/** Whether decoding stopped at an error. */
		public boolean malformed() {
			return error != null;
		}

	}

	// ---------------------------------------------------------------- single packets

	/**
	 * Decodes one text packet (a WebSocket text frame, or one record of a payload): a
	 * type digit and its data, or {@code b4} + base64 for a binary message.
	 * @return the packet, or {@code null} when the text is not a valid packet
	 */
	public static @Nullable EnginePacket decodePacket(String text) {
		if (!text.isEmpty() && text.charAt(0) == 'b') {
			if (text.length() < 2 || text.charAt(1) != '4') {
				return null;
			}
			try {
				return EnginePacket.binaryMessage(Base64.getMimeDecoder().decode(text.substring(2)));
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}
		return EngineCodec.decodePacket(text);
	}

	/**
	 * Decodes a binary WebSocket frame: the type byte {@code 4}, then the message's
	 * bytes.
	 * @return the message, or {@code null} when the frame is not a binary message
	 */
	public static @Nullable EnginePacket decodeBinaryFrame(byte[] frame) {
		if (frame.length == 0 || frame[0] != MESSAGE_TYPE) {
			return null;
		}
		byte[] data = new byte[frame.length - 1];
		System.arraycopy(frame, 1, data, 0, data.length);
		return EnginePacket.binaryMessage(data);
	}

	/**
	 * The WebSocket frame of a packet for a v3 client: text packets as they are, a binary
	 * message as a binary frame with the type byte in front, or as {@code b4<base64>}
	 * text for a client that asked for base64 ({@code b64}).
	 */
	public static Frame webSocketFrame(EnginePacket packet, boolean supportsBinary) {
		if (!packet.binary()) {
			return packet;
		}
		if (!supportsBinary) {
			return new TextFrame(base64Record(packet));
		}
		byte[] data = packet.binaryData();
		byte[] frame = new byte[data.length + 1];
		frame[0] = MESSAGE_TYPE;
		System.arraycopy(data, 0, frame, 1, data.length);
		return EnginePacket.binaryMessage(frame);
	}

	private static String base64Record(EnginePacket packet) {
		return "b4" + Base64.getEncoder().encodeToString(packet.binaryData());
	}

	private static String textRecord(EnginePacket packet) {
		return packet.binary() ? base64Record(packet) : packet.text();
	}

	// ---------------------------------------------------------------- payloads

	/**
	 * Encodes packets as one polling payload: a {@code byte[]} (binary framing) when the
	 * client supports binary and a packet is binary, else a {@code String}
	 * ({@code <length>:<packet>} records, binary as {@code b4<base64>}).
	 */
	public static Object encodePayload(List<EnginePacket> packets, boolean supportsBinary) {
		if (supportsBinary && hasBinary(packets)) {
			return encodeBinaryPayload(packets);
		}
		StringBuilder payload = new StringBuilder(64);
		for (EnginePacket packet : packets) {
			String record = textRecord(packet);
			payload.append(record.length()).append(':').append(record);
		}
		return payload.toString();
	}

	private static boolean hasBinary(List<EnginePacket> packets) {
		for (EnginePacket packet : packets) {
			if (packet.binary()) {
				return true;
			}
		}
		return false;
	}

	private static byte[] encodeBinaryPayload(List<EnginePacket> packets) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		for (EnginePacket packet : packets) {
			byte[] content;
			if (packet.binary()) {
				byte[] data = packet.binaryData();
				out.write(1);
				writeLengthDigits(out, data.length + 1);
				out.write(MESSAGE_TYPE);
				out.write(data, 0, data.length);
				continue;
			}
			content = packet.text().getBytes(StandardCharsets.UTF_8);
			out.write(0);
			writeLengthDigits(out, content.length);
			out.write(content, 0, content.length);
		}
		return out.toByteArray();
	}

	private static void writeLengthDigits(ByteArrayOutputStream out, int length) {
		String digits = Integer.toString(length);
		for (int i = 0; i < digits.length(); i++) {
			out.write(digits.charAt(i) - '0');
		}
		out.write(255);
	}

	/**
	 * Decodes a text polling payload of {@code <length>:<packet>} records. Decoding stops
	 * at the first error, which the result names (the session is then closed with a parse
	 * error, as Node does); records of length 0 are skipped.
	 */
	public static Decoded decodePayload(String payload) {
		List<EnginePacket> packets = new ArrayList<>(4);
		if (payload.isEmpty()) {
			return new Decoded(packets, "empty payload: records are <length>:<packet>");
		}
		int i = 0;
		int length = payload.length();
		while (i < length) {
			int colon = payload.indexOf(':', i);
			if (colon < 0) {
				return new Decoded(packets,
						"'" + excerpt(payload, i, length) + "' at offset " + i + " has no ':' after its length");
			}
			int declared = parseLength(payload, i, colon);
			if (declared < 0) {
				return new Decoded(packets, "length prefix '" + excerpt(payload, i, colon) + "' at offset " + i
						+ " is not a number of characters");
			}
			int start = colon + 1;
			if (declared > length - start) {
				return new Decoded(packets, "record at offset " + i + " declares " + declared + " characters but "
						+ (length - start) + " follow");
			}
			if (declared > 0) {
				String record = payload.substring(start, start + declared);
				EnginePacket packet = decodePacket(record);
				if (packet == null) {
					return new Decoded(packets,
							"'" + excerpt(record, 0, record.length()) + "' at offset " + start + " is not a packet");
				}
				packets.add(packet);
			}
			i = start + declared;
		}
		return new Decoded(packets, null);
	}

	/** The decimal length in {@code text[start, end)}, or -1 when it is not one. */
	private static int parseLength(String text, int start, int end) {
		if (end == start || end - start > MAX_TEXT_LENGTH_DIGITS) {
			return -1;
		}
		int value = 0;
		for (int i = start; i < end; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	/**
	 * Decodes a binary polling payload ({@code Content-Type: application/octet-stream}):
	 * per packet a marker byte ({@code 0} text, {@code 1} binary), length digits as bytes
	 * 0-9, {@code 255}, then the packet (UTF-8 text, or the type byte and the bytes).
	 */
	public static Decoded decodeBinaryPayload(byte[] payload) {
		List<EnginePacket> packets = new ArrayList<>(4);
		if (payload.length == 0) {
			return new Decoded(packets, "empty binary payload");
		}
		int i = 0;
		while (i < payload.length) {
			int marker = payload[i];
			if (marker != 0 && marker != 1) {
				return new Decoded(packets,
						"byte " + (marker & 0xff) + " at offset " + i + " is not a record marker (0 text, 1 binary)");
			}
			long declared = 0;
			int digits = 0;
			int j = i + 1;
			while (true) {
				if (j >= payload.length) {
					return new Decoded(packets, "record at offset " + i + " has no 255 after its length");
				}
				int b = payload[j] & 0xff;
				if (b == 255) {
					break;
				}
				if (b > 9 || ++digits > MAX_BINARY_LENGTH_DIGITS) {
					return new Decoded(packets, "record at offset " + i + " has an invalid length digit " + b);
				}
				declared = Math.min(declared * 10 + b, Integer.MAX_VALUE);
				j++;
			}
			if (digits == 0) {
				return new Decoded(packets, "record at offset " + i + " has no length");
			}
			int start = j + 1;
			if (declared > payload.length - start) {
				return new Decoded(packets, "record at offset " + i + " declares " + declared + " bytes but "
						+ (payload.length - start) + " follow");
			}
			int end = start + (int) declared;
			EnginePacket packet;
			if (marker == 0) {
				packet = decodePacket(new String(payload, start, end - start, StandardCharsets.UTF_8));
			}
			else {
				byte[] frame = new byte[end - start];
				System.arraycopy(payload, start, frame, 0, frame.length);
				packet = decodeBinaryFrame(frame);
			}
			if (packet == null) {
				return new Decoded(packets, "record at offset " + i + " is not a packet");
			}
			packets.add(packet);
			i = end;
		}
		return new Decoded(packets, null);
	}

	/** A text frame that is not a packet's own text (a binary message as base64). */
	private record TextFrame(String text) implements Frame {

		@Override
		public boolean binary() {
			return false;
		}

		@Override
		public byte[] bytes() {
			return text.getBytes(StandardCharsets.UTF_8);
		}

	}

	private static String excerpt(String text, int start, int end) {
		int stop = Math.min(end, start + 20);
		return text.substring(start, stop) + ((stop < end) ? "…" : "");
	}

}
