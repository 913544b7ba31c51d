package dev.realtime.socketio.spring.annotation.support;

/**
 * The acknowledgement sent when a handler method fails and no exception handler answers:
 * {@code {"error":"internal_error","message":"An internal error occurred"}}. The exception itself
 * is logged, never sent, so that no internal detail leaks to clients.
 *
 * @param error a machine-readable code
 * @param message a human-readable sentence
 */
public record ErrorAck(String error, String message) {

	/** The reply to an unhandled exception. */
	public static final ErrorAck INTERNAL_ERROR = new ErrorAck("internal_error", "An internal error occurred");
}
