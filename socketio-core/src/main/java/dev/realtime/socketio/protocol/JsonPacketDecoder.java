package dev.realtime.socketio.protocol;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Decoder of {@link JsonPacketParser}: parses the text header by hand, the payload with
 * Jackson, and checks everything the reference decoder ({@code socket.io-parser}
 * {@code decodeString}, {@code isPayloadValid}, {@code binary.ts}) checks, plus a few
 * things it lets through (a missing EVENT payload, an attachment count on a non-binary
 * packet, trailing data).
 *
 * <p>
 * A binary packet's header is checked completely (placeholders included) when it arrives;
 * the packet is returned once its last attachment arrived.
 */
final class JsonPacketDecoder implements PacketDecoder {

	private static final String MAIN_NAMESPACE = "/";

	private static final long MAX_ACK_ID_BEFORE_DIGIT = Long.MAX_VALUE / 10;

	private final UntrustedJsonReader reader;

	private final int maxAttachments;

	private @Nullable PendingPacket pending;

	JsonPacketDecoder(UntrustedJsonReader reader, int maxAttachments) {
		this.reader = reader;
		this.maxAttachments = maxAttachments;
	}

	@Override
	public @Nullable SocketPacket add(String text) {
		PendingPacket current = this.pending;
		if (current != null) {
			this.pending = null;
			throw new PacketFormatException("Text message received while " + current.missing()
					+ " binary attachment(s) of the previous packet were still expected");
		}
		return decodeText(text);
	}

	@Override
	public @Nullable SocketPacket add(byte[] binary) {
		PendingPacket current = this.pending;
		if (current == null) {
			throw new PacketFormatException("Binary message received but no binary attachment was expected");
		}
		if (!current.add(binary)) {
			return null;
		}
		this.pending = null;
		return current.complete();
	}

	@Override
	public void reset() {
		this.pending = null;
	}

	private @Nullable SocketPacket decodeText(String text) {
		int length = text.length();
		if (length == 0) {
			throw new PacketFormatException("Empty message: a packet starts with its type digit 0-6");
		}
		char typeChar = text.charAt(0);
		PacketType type = isDigit(typeChar) ? PacketType.ofId(typeChar - '0') : null;
		if (type == null) {
			throw new PacketFormatException("Unknown packet type '" + typeChar + "': must be a digit 0-6");
		}
		int i = 1;
		int digitsEnd = skipDigits(text, i);
		boolean countGiven = digitsEnd < length && text.charAt(digitsEnd) == '-';
		int attachments = 0;
		if (type.isBinary()) {
			if (!countGiven || digitsEnd == i) {
				throw new PacketFormatException(
						type + " packet needs its attachment count, a non-negative integer followed by '-' (as in \""
								+ type.id() + "1-\")");
			}
			attachments = attachmentCount(text, i, digitsEnd);
			i = digitsEnd + 1;
		}
		else if (countGiven) {
			throw new PacketFormatException(type + " packet cannot declare binary attachments (\""
					+ excerpt(text, 0, digitsEnd + 1) + "\"): only BINARY_EVENT (5) and BINARY_ACK (6) carry them");
		}

		String namespace = MAIN_NAMESPACE;
		if (i < length && text.charAt(i) == '/') {
			// ends at the comma, or at the end of the message ("40/custom" is accepted,
			// as by Node)
			int comma = text.indexOf(',', i);
			int end = (comma >= 0) ? comma : length;
			if (end - i > 1) {
				namespace = text.substring(i, end);
			}
			i = (comma >= 0) ? comma + 1 : length;
		}

		long ackId = SocketPacket.NO_ACK;
		int idEnd = skipDigits(text, i);
		if (idEnd > i) {
			ackId = ackId(text, i, idEnd);
			i = idEnd;
		}

		JsonNode data = (i < length) ? readPayload(type, text, i) : null;
		checkPayload(type, data);

		if (!type.isBinary()) {
			return new SocketPacket(type, namespace, ackId, data);
		}
		// checkPayload made sure a binary packet has an array
		PlaceholderSlots slots = PlaceholderSlots.find(data, attachments);
		PendingPacket packet = new PendingPacket(new SocketPacket(type, namespace, ackId, data), slots, attachments);
		if (attachments == 0) {
			return packet.complete();
		}
		this.pending = packet;
		return null;
	}

	private int attachmentCount(String text, int start, int end) {
		int count = 0;
		for (int i = start; i < end; i++) {
			count = count * 10 + (text.charAt(i) - '0');
			if (count > this.maxAttachments) {
				throw new PacketFormatException("Too many binary attachments: " + excerpt(text, start, end)
						+ " declared, at most " + this.maxAttachments + " allowed");
			}
		}
		return count;
	}

	private static long ackId(String text, int start, int end) {
		long id = 0;
		for (int i = start; i < end; i++) {
			int digit = text.charAt(i) - '0';
			if (id > MAX_ACK_ID_BEFORE_DIGIT || (id == MAX_ACK_ID_BEFORE_DIGIT && digit > Long.MAX_VALUE % 10)) {
				throw new PacketFormatException("Ack id " + excerpt(text, start, end) + " is too large");
			}
			id = id * 10 + digit;
		}
		return id;
	}

	private JsonNode readPayload(PacketType type, String text, int start) {
		JsonNode data;
		try {
			data = this.reader.read(text, start);
		}
		catch (JacksonException ex) {
			throw new PacketFormatException("Invalid JSON payload in " + type + " packet: " + ex.getOriginalMessage(),
					ex);
		}
		if (data == null) {
			throw new PacketFormatException("Invalid JSON payload in " + type + " packet: no JSON value");
		}
		return data;
	}

	private static void checkPayload(PacketType type, @Nullable JsonNode data) {
		switch (type) {
			case CONNECT:
				if (data != null && !data.isObject()) {
					throw invalidPayload(type, "an object or nothing", data);
				}
				break;
			case DISCONNECT:
				if (data != null) {
					throw invalidPayload(type, "nothing", data);
				}
				break;
			case EVENT:
			case BINARY_EVENT:
				if (data == null || !data.isArray() || data.isEmpty()) {
					throw invalidPayload(type, "a non-empty array starting with the event name", data);
				}
				checkEventName(type, data.get(0));
				break;
			case ACK:
			case BINARY_ACK:
				if (data == null || !data.isArray()) {
					throw invalidPayload(type, "an array", data);
				}
				break;
			case CONNECT_ERROR:
				if (data == null || !(data.isObject() || data.isString())) {
					throw invalidPayload(type, "an object or a string", data);
				}
				break;
			default:
				throw new IllegalStateException("Unhandled packet type " + type);
		}
	}

	private static void checkEventName(PacketType type, JsonNode name) {
		if (name.isNumber()) {
			return;
		}
		if (!name.isString()) {
			throw new PacketFormatException(
					type + " packet must start with the event name, a string or a number, got " + name.getNodeType());
		}
		if (SocketPacket.isReserved(name.stringValue())) {
			throw new PacketFormatException(
					"\"" + name.stringValue() + "\" is a reserved event name and cannot be received");
		}
	}

	private static PacketFormatException invalidPayload(PacketType type, String expected, @Nullable JsonNode data) {
		String found = (data != null) ? (data.isContainer() && data.isEmpty() ? "an empty " : "") + data.getNodeType()
				: "no payload";
		return new PacketFormatException("Invalid " + type + " payload: must be " + expected + ", got " + found);
	}

	/**
	 * A piece of the message for an error message, cut short: it may be as long as the
	 * message.
	 */
	private static String excerpt(String text, int start, int end) {
		return (end - start <= 32) ? text.substring(start, end) : text.substring(start, start + 32) + "...";
	}

	private static int skipDigits(String text, int start) {
		int i = start;
		while (i < text.length() && isDigit(text.charAt(i))) {
			i++;
		}
		return i;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	/** A binary packet whose header arrived, collecting its attachments. */
	private static final class PendingPacket {

		private final SocketPacket header;

		private final PlaceholderSlots slots;

		private final byte[][] attachments;

		private int received;

		PendingPacket(SocketPacket header, PlaceholderSlots slots, int attachments) {
			this.header = header;
			this.slots = slots;
			this.attachments = new byte[attachments][];
		}

		/** Adds the next attachment; {@code true} when it was the last one. */
		boolean add(byte[] attachment) {
			this.attachments[this.received++] = attachment;
			return this.received == this.attachments.length;
		}

		int missing() {
			return this.attachments.length - this.received;
		}

		SocketPacket complete() {
			this.slots.fill(this.attachments);
			return this.header;
		}

	}

}
