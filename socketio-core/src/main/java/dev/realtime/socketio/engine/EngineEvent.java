package dev.realtime.socketio.engine;

import dev.realtime.socketio.engine.codec.EnginePacket;
import org.jspecify.annotations.Nullable;

/**
 * An event of one Engine.IO connection, as Node's engine.io {@code Socket} emits them
 * ({@code socket.conn.on("upgrade", …)} in Socket.IO). Listen with
 * {@link EngineSocket#on(EngineEvent, java.util.function.Consumer)}:
 *
 * <pre>{@code
 * socket.conn().on(EngineEvent.UPGRADE, (transport) -> log.info("now on {}", transport));
 * socket.conn().on(EngineEvent.CLOSE, (close) -> log.info("closed: {}", close.reason().text()));
 * }</pre>
 *
 * Listeners run on the connection's ordered executor (the one its messages are dispatched
 * on), never on an I/O thread. Nothing is fired, allocated or queued for an event nobody
 * listens to.
 *
 * @param <T> what the listeners receive
 */
public final class EngineEvent<T> {

	/**
	 * The client probed a WebSocket to upgrade to (its {@code ping probe} was answered);
	 * the name of the new transport.
	 */
	public static final EngineEvent<String> UPGRADING = new EngineEvent<>("upgrading", 0);

	/** The connection moved to a new transport; its name ({@code websocket}). */
	public static final EngineEvent<String> UPGRADE = new EngineEvent<>("upgrade", 1);

	/**
	 * A packet arrived on the connection's transport: messages, pongs, the client's close
	 * (not the probe and upgrade packets of an upgrade candidate, as in Node).
	 */
	public static final EngineEvent<EnginePacket> PACKET = new EngineEvent<>("packet", 2);

	/** A packet was accepted for sending: messages and the server's pings. */
	public static final EngineEvent<EnginePacket> PACKET_CREATE = new EngineEvent<>("packetCreate", 3);

	/** The client answered a ping (Engine.IO v4's heartbeat); the connection. */
	public static final EngineEvent<EngineSocket> HEARTBEAT = new EngineEvent<>("heartbeat", 4);

	/**
	 * The outbound buffer was handed to the transport entirely (a polling response took
	 * it, or every queued frame went to the WebSocket); the connection.
	 */
	public static final EngineEvent<EngineSocket> DRAIN = new EngineEvent<>("drain", 5);

	/** The connection closed, with why. Fired once. */
	public static final EngineEvent<Close> CLOSE = new EngineEvent<>("close", 6);

	static final int COUNT = 7;

	private final String name;

	private final int index;

	private EngineEvent(String name, int index) {
		this.name = name;
		this.index = index;
	}

	/** The event's name in Node. */
	public String name() {
		return name;
	}

	int index() {
		return index;
	}

	@Override
	public String toString() {
		return name;
	}

	/**
	 * Why a connection closed.
	 *
	 * @param reason the reason; {@link CloseReason#text()} is Node's wording
	 * @param description more detail when there is some (for example "client sent a close
	 * packet"), or {@code null}
	 */
	public record Close(CloseReason reason, @Nullable String description) {
	}

}
