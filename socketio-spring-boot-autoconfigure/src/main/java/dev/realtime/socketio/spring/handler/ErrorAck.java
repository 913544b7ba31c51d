package dev.realtime.socketio.spring.handler;

/**
 * The acknowledgement an annotated handler method's failure answers when no exception
 * handler does: {@code {"error":"internal_error","message":"An internal error occurred"}}
 * for a server error (the exception is logged, never sent),
 * {@code {"error":"bad_request","message":…}} for a client's bad payload
 * ({@link SocketPayloadException}, whose message is safe to send). Exception handlers may
 * return one too.
 *
 * @param error a machine-readable code
 * @param message a human-readable sentence
 */
public record ErrorAck(String error, String message) {

	/** The reply to an unhandled exception. */
	public static final ErrorAck INTERNAL_ERROR = new ErrorAck("internal_error", "An internal error occurred");

	/** The reply to a client's bad request, with a message safe to send. */
	public static ErrorAck badRequest(String message) {
		return new ErrorAck("bad_request", message);
	}
}
