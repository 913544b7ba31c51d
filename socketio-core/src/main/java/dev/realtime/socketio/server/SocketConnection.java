package dev.realtime.socketio.server;

import java.net.InetSocketAddress;
import java.util.function.Consumer;

import dev.realtime.socketio.engine.EngineEvent;
import dev.realtime.socketio.engine.EngineSocket;
import dev.realtime.socketio.engine.spi.EngineRequest;
import org.jspecify.annotations.Nullable;

/**
 * The Engine.IO connection under a {@link Socket}, as Node's {@code socket.conn}: its id,
 * current transport, the client's address, and its low-level events
 * ({@link EngineEvent}). Every namespace socket of one client shares it.
 *
 * <pre>{@code
 * io.on(socket -> {
 *     SocketConnection conn = socket.conn();
 *     conn.on(EngineEvent.UPGRADE, (transport) -> log.info("{} upgraded to {}", conn.id(), transport));
 *     conn.on(EngineEvent.PACKET, (packet) -> log.trace("in: {}", packet.type()));
 *     conn.on(EngineEvent.CLOSE, (close) -> log.info("closed: {}", close.reason().text()));
 * });
 * }</pre>
 *
 * Listeners run on the connection's ordered executor, in order with its events.
 */
public final class SocketConnection {

	private final EngineSocket connection;

	SocketConnection(EngineSocket connection) {
		this.connection = connection;
	}

	/** The Engine.IO session id ({@code sid}). */
	public String id() {
		return connection.id();
	}

	/** The current transport: {@code polling} or {@code websocket}. */
	public String transport() {
		return connection.transport();
	}

	/** The client's address as the server saw the handshake, or {@code null}. */
	public @Nullable InetSocketAddress remoteAddress() {
		return connection.request().remoteAddress();
	}

	/** A snapshot of the handshake request. */
	public EngineRequest request() {
		return connection.request();
	}

	/** Whether the connection is open. */
	public boolean isOpen() {
		return connection.isOpen();
	}

	/** Listens to an event of the connection (see {@link EngineEvent}). */
	public <T> SocketConnection on(EngineEvent<T> event, Consumer<? super T> listener) {
		connection.on(event, listener);
		return this;
	}

	/** Removes a listener registered with {@link #on}. */
	public <T> SocketConnection off(EngineEvent<T> event, Consumer<? super T> listener) {
		connection.off(event, listener);
		return this;
	}

	/**
	 * Closes the connection once what is buffered was written, like Node's
	 * {@code socket.conn.close()}: every namespace socket of the client leaves.
	 */
	public void close() {
		connection.close();
	}

	@Override
	public String toString() {
		return "SocketConnection[" + id() + "]";
	}

}
