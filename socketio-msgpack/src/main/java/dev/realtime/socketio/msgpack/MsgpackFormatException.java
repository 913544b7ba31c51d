package dev.realtime.socketio.msgpack;

/**
 * Bytes that are not the MessagePack that {@link MsgpackCodec} reads; the message says
 * why and where.
 */
public class MsgpackFormatException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public MsgpackFormatException(String message) {
		super(message);
	}

	public MsgpackFormatException(String message, Throwable cause) {
		super(message, cause);
	}

}
