package dev.realtime.socketio.msgpack;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageBufferPacker;

import dev.realtime.socketio.protocol.PacketDecoder;
import dev.realtime.socketio.protocol.PacketFormatException;
import dev.realtime.socketio.protocol.PacketParser;
import dev.realtime.socketio.protocol.PacketType;
import dev.realtime.socketio.protocol.SocketPacket;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The Socket.IO parser of Node's {@code socket.io-msgpack-parser} 3.x: every packet is
 * one binary Engine.IO message holding the MessagePack map {@code {type, data, id, nsp}}
 * as notepack.io writes it, binary values inline as MessagePack {@code bin} at any depth,
 * with no attachments and no BINARY_EVENT/BINARY_ACK types (they are sent as EVENT and
 * ACK).
 *
 * <pre>{@code
 * parser.encode(new SocketPacket(PacketType.EVENT, "/chat", 12, List.of("file", new byte[] {1, 2})));
 * // one byte[]: {"type":2,"data":["file",<bin 0102>],"id":12,"nsp":"/chat"}
 * }</pre>
 *
 * <p>
 * Decoding checks what {@code socket.io-msgpack-parser} checks (a map with an integer
 * type from 0 to 4, a string namespace (starting with {@code /}), a non-negative integer
 * id when present, data of the type's shape) and, like the JSON parser, refuses a
 * reserved event name and a text message. Other keys of the map (the client's
 * {@code options}) are ignored. Decoded data are Jackson trees with {@code BinaryNode}s
 * for binary values ({@link MsgpackCodec#decodeTree(byte[])}).
 *
 * <p>
 * Thread-safe: one instance serves all connections; its decoders keep no state.
 */
public final class MsgpackPacketParser implements PacketParser {

	/** Event names with a special meaning in the reference implementation. */
	private static final Set<String> RESERVED_EVENTS = Set.of("connect", "connect_error", "disconnect", "disconnecting",
			"newListener", "removeListener");

	private final MsgpackCodec codec;

	private final PacketDecoder decoder = new Decoder();

	/** A parser on a codec with a default mapper. */
	public MsgpackPacketParser() {
		this(new MsgpackCodec());
	}

	/**
	 * A parser whose codec writes objects other than plain values with {@code mapper}.
	 */
	public MsgpackPacketParser(ObjectMapper mapper) {
		this(new MsgpackCodec(mapper));
	}

	public MsgpackPacketParser(MsgpackCodec codec) {
		this.codec = codec;
	}

	/** The codec that writes and reads the MessagePack. */
	public MsgpackCodec codec() {
		return this.codec;
	}

	/**
	 * {@inheritDoc}
	 *
	 * <p>
	 * Returns one {@code byte[]}. The map's keys come in the order in which Node's server
	 * writes them, so that the bytes are the same as Node's for the same packet.
	 * @throws IllegalArgumentException when the namespace does not start with {@code /},
	 * when the data does not have the shape the packet type needs (EVENT: a non-empty
	 * list starting with a string or a number, ACK: a list, CONNECT: a map or none,
	 * CONNECT_ERROR: a map or a string, DISCONNECT: none), or when the codec cannot write
	 * the data
	 */
	@Override
	public List<Object> encode(SocketPacket packet) {
		String namespace = packet.namespace();
		if (namespace.isEmpty() || namespace.charAt(0) != '/') {
			throw new IllegalArgumentException("Namespace must start with '/', got \"" + namespace + "\"");
		}
		PacketType type = wireType(packet.type());
		Object data = packet.data();
		if (data == null && type != PacketType.CONNECT && type != PacketType.DISCONNECT) {
			throw new IllegalArgumentException(type + " packet needs data: " + expectedData(type));
		}
		if (data != null && type == PacketType.DISCONNECT) {
			throw new IllegalArgumentException("DISCONNECT packet carries no data, got " + data.getClass().getName());
		}
		boolean withId = packet.hasAckId() && (type == PacketType.EVENT || type == PacketType.ACK);
		int entries = 2 + ((data != null) ? 1 : 0) + (withId ? 1 : 0);
		MessageBufferPacker packer = MsgpackCodec.newPacker();
		long dataStart;
		try {
			packer.packMapHeader(entries);
			// Node: {id, type, data} for an ack, {type, data, id} otherwise, nsp last
			if (type == PacketType.ACK && withId) {
				packer.packString("id").packLong(packet.ackId());
			}
			packer.packString("type").packInt(type.id());
			dataStart = -1;
			if (data != null) {
				packer.packString("data");
				dataStart = packer.getTotalWrittenBytes();
				this.codec.write(packer, data);
			}
			if (type != PacketType.ACK && withId) {
				packer.packString("id").packLong(packet.ackId());
			}
			packer.packString("nsp");
			MsgpackCodec.writeString(packer, namespace);
		}
		catch (IOException ex) {
			// the in-memory packer does not fail
			throw new IllegalStateException(ex);
		}
		byte[] bytes = packer.toByteArray();
		if (dataStart >= 0) {
			checkShape(type, bytes, (int) dataStart);
		}
		return List.of(bytes);
	}

	@Override
	public PacketDecoder newDecoder() {
		return this.decoder;
	}

	private static PacketType wireType(PacketType type) {
		if (type == PacketType.BINARY_EVENT) {
			return PacketType.EVENT;
		}
		if (type == PacketType.BINARY_ACK) {
			return PacketType.ACK;
		}
		return type;
	}

	/**
	 * Catches data the peer would reject, by the MessagePack format of the data and its
	 * first element.
	 */
	private static void checkShape(PacketType type, byte[] bytes, int start) {
		int format = bytes[start] & 0xff;
		boolean valid;
		switch (type) {
			case CONNECT:
				valid = isMap(format);
				break;
			case CONNECT_ERROR:
				valid = isMap(format) || isString(format);
				break;
			case EVENT:
				valid = isArray(format) && !isEmptyArray(bytes, start)
						&& isEventName(bytes[start + arrayHeaderLength(format)] & 0xff);
				break;
			default:
				valid = isArray(format);
		}
		if (!valid) {
			throw new IllegalArgumentException(type + " packet data must be " + expectedData(type)
					+ ", got MessagePack starting with 0x" + Integer.toHexString(format));
		}
	}

	private static boolean isMap(int format) {
		return (format >= 0x80 && format <= 0x8f) || format == 0xde || format == 0xdf;
	}

	private static boolean isArray(int format) {
		return (format >= 0x90 && format <= 0x9f) || format == 0xdc || format == 0xdd;
	}

	private static boolean isString(int format) {
		return (format >= 0xa0 && format <= 0xbf) || (format >= 0xd9 && format <= 0xdb);
	}

	private static boolean isEventName(int format) {
		return isString(format) || format <= 0x7f || format >= 0xe0 || (format >= 0xca && format <= 0xd3);
	}

	private static int arrayHeaderLength(int format) {
		return (format == 0xdc) ? 3 : (format == 0xdd) ? 5 : 1;
	}

	private static boolean isEmptyArray(byte[] bytes, int start) {
		int format = bytes[start] & 0xff;
		if (format >= 0x90 && format <= 0x9f) {
			return format == 0x90;
		}
		for (int i = 1; i < arrayHeaderLength(format); i++) {
			if (bytes[start + i] != 0) {
				return false;
			}
		}
		return true;
	}

	private static String expectedData(PacketType type) {
		switch (type) {
			case CONNECT:
				return "a map or none";
			case CONNECT_ERROR:
				return "a map or a string";
			case EVENT:
				return "a non-empty list starting with the event name (a string or a number)";
			case ACK:
				return "a list (possibly empty)";
			default:
				return "none";
		}
	}

	/** Reads one packet from each binary message; keeps no state between messages. */
	private final class Decoder implements PacketDecoder {

		@Override
		public SocketPacket add(String text) {
			throw new PacketFormatException(
					"Text message received: the msgpack parser reads binary messages only (is the client using socket.io-msgpack-parser?)");
		}

		@Override
		public SocketPacket add(byte[] binary) {
			JsonNode packet;
			try {
				packet = MsgpackPacketParser.this.codec.decodeTree(binary);
			}
			catch (MsgpackFormatException ex) {
				throw new PacketFormatException(ex.getMessage(), ex);
			}
			if (!packet.isObject()) {
				throw new PacketFormatException(
						"Invalid packet: must be a MessagePack map, got " + packet.getNodeType());
			}
			PacketType type = type(packet.get("type"));
			JsonNode nsp = packet.get("nsp");
			if (nsp == null || !nsp.isString() || !nsp.stringValue().startsWith("/")) {
				throw new PacketFormatException("Invalid namespace: must be a string starting with '/', got "
						+ ((nsp != null && nsp.isString()) ? "\"" + nsp.stringValue() + "\"" : describe(nsp)));
			}
			JsonNode data = packet.get("data");
			checkData(type, data);
			long id = ackId(packet.get("id"));
			return new SocketPacket(type, nsp.stringValue(), id, data);
		}

		@Override
		public void reset() {
			// nothing is kept between messages
		}

		private PacketType type(@Nullable JsonNode node) {
			PacketType type = null;
			if (node != null && node.isIntegralNumber() && node.canConvertToInt()) {
				int id = node.intValue();
				type = (id <= PacketType.CONNECT_ERROR.id()) ? PacketType.ofId(id) : null;
			}
			if (type == null) {
				throw new PacketFormatException(
						"Invalid packet type: must be an integer from 0 to 4, got " + describe(node));
			}
			return type;
		}

		private long ackId(@Nullable JsonNode node) {
			if (node == null) {
				return SocketPacket.NO_ACK;
			}
			if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
				throw new PacketFormatException(
						"Invalid packet id: must be a non-negative integer, got " + describe(node));
			}
			return node.longValue();
		}

		private void checkData(PacketType type, @Nullable JsonNode data) {
			boolean valid;
			switch (type) {
				case CONNECT:
					valid = data == null || data.isObject();
					break;
				case DISCONNECT:
					valid = data == null;
					break;
				case CONNECT_ERROR:
					valid = data != null && (data.isObject() || data.isString());
					break;
				case EVENT:
					valid = data != null && data.isArray() && !data.isEmpty();
					if (valid) {
						checkEventName(data.get(0));
					}
					break;
				default:
					valid = data != null && data.isArray();
			}
			if (!valid) {
				throw new PacketFormatException(
						"Invalid " + type + " payload: must be " + expectedData(type) + ", got " + describe(data));
			}
		}

		private void checkEventName(JsonNode name) {
			if (name.isNumber()) {
				return;
			}
			if (!name.isString()) {
				throw new PacketFormatException(
						"EVENT packet must start with the event name, a string or a number, got " + describe(name));
			}
			if (RESERVED_EVENTS.contains(name.stringValue())) {
				throw new PacketFormatException(
						"\"" + name.stringValue() + "\" is a reserved event name and cannot be received");
			}
		}

		private String describe(@Nullable JsonNode node) {
			if (node == null) {
				return "nothing";
			}
			return (node.isContainer() && node.isEmpty() ? "an empty " : "") + node.getNodeType();
		}

	}

}
