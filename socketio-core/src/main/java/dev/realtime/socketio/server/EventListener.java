package dev.realtime.socketio.server;

import org.jspecify.annotations.Nullable;

/**
 * Listens to one event of a socket. {@code ack} is non-null when the client asked for an
 * acknowledgement. Runs on the connection's ordered executor, never on an event loop: on
 * a pool thread, or on a binding's blocking-capable thread that read the message (see
 * {@link dev.realtime.socketio.engine.spi.WebSocketConnection#runsListenersInline()}).
 */
@FunctionalInterface
public interface EventListener {

	void onEvent(EventArgs args, @Nullable Ack ack) throws Exception;

}
