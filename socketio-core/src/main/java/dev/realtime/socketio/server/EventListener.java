package dev.realtime.socketio.server;

import org.jspecify.annotations.Nullable;

/**
 * Listens to one event of a socket. {@code ack} is non-null when the client asked for an
 * acknowledgement. Runs on the connection's ordered executor: on a pool thread, or on the
 * binding's thread that read the message when the binding allows it (see
 * {@link dev.realtime.socketio.engine.spi.WebSocketConnection#runsListenersInline()}): a
 * servlet container's worker, or an event loop only when the application declared that
 * its listeners never block.
 */
@FunctionalInterface
public interface EventListener {

	void onEvent(EventArgs args, @Nullable Ack ack) throws Exception;

}
