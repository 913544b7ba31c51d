package dev.realtime.socketio.protocol;

import java.util.List;

/**
 * Parser SPI: how Socket.IO packets become Engine.IO messages and back. The default is
 * {@link JsonPacketParser}; another format (for example msgpack) plugs in here.
 */
public interface PacketParser {

	/**
	 * Encodes a packet into the Engine.IO messages that carry it, in order: each element
	 * is a {@link String} (a text message) or a {@code byte[]} (a binary message). The
	 * JSON parser returns the header text first, then one {@code byte[]} per attachment.
	 * @throws IllegalArgumentException when the data cannot be written (the message says
	 * why)
	 */
	List<Object> encode(SocketPacket packet);

	/** A new stateful decoder, one per client connection. */
	PacketDecoder newDecoder();

}
