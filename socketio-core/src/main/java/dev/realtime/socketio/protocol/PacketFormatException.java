package dev.realtime.socketio.protocol;

/**
 * A message that breaks the Socket.IO packet format; the connection that sent it is
 * closed.
 */
public class PacketFormatException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public PacketFormatException(String message) {
		super(message);
	}

	public PacketFormatException(String message, Throwable cause) {
		super(message, cause);
	}

}
