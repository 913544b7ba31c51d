package dev.realtime.socketio.server;

/**
 * Answers an event the client sent with an acknowledgement callback. Only the first call
 * is sent: later calls are ignored, as in Node.
 */
@FunctionalInterface
public interface Ack {

	/** Sends the acknowledgement with these arguments. */
	void send(Object... args);

}
