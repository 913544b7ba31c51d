package dev.realtime.socketio.server;

import org.jspecify.annotations.Nullable;

/**
 * Listens to one event of a socket. {@code ack} is non-null when the client asked for an
 * acknowledgement. Runs on the connection's ordered executor, never on an I/O thread.
 */
@FunctionalInterface
public interface EventListener {

	void onEvent(EventArgs args, @Nullable Ack ack) throws Exception;

}
