package dev.realtime.socketio.protocol;

import org.jspecify.annotations.Nullable;

/**
 * Stateful decoder for one client connection: fed every Engine.IO message in arrival
 * order, it returns each complete packet (after its binary attachments, if any). Not
 * thread-safe.
 */
public interface PacketDecoder {

	/**
	 * Feeds a text message.
	 * @return the complete packet, or {@code null} while binary attachments are still
	 * expected
	 * @throws PacketFormatException when the message breaks a decoding rule: the caller
	 * closes the connection
	 */
	@Nullable SocketPacket add(String text);

	/**
	 * Feeds a binary message.
	 * @return the complete packet once the last attachment arrived, otherwise
	 * {@code null}
	 * @throws PacketFormatException when no attachment was expected, or the format
	 * rejects it
	 */
	@Nullable SocketPacket add(byte[] binary);

	/** Drops a partly received packet (the connection is going away). */
	void reset();

}
