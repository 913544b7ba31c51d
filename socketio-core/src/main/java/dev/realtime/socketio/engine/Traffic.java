package dev.realtime.socketio.engine;

/**
 * One figure of an Engine.IO server's message traffic (see
 * {@link EngineServer#traffic(Traffic)}): messages or their size, received or sent, on
 * polling or on WebSocket. Only message packets count (not pings, pongs, noops or the
 * open packet); sizes are {@link dev.realtime.socketio.engine.codec.EnginePacket#weight()
 * weights}: bytes for binary messages, characters plus one for text messages.
 *
 * <p>
 * A message counts on the transport the session is on when the message is accepted for
 * sending, or on the transport it arrived on. A session that upgrades from polling to
 * WebSocket counts its messages before the upgrade completes on polling (those queued
 * while the upgrade was being probed too), the later ones on WebSocket.
 */
public enum Traffic {

	/** Messages received on HTTP long-polling. */
	PACKETS_IN_POLLING,

	/** Messages received on WebSocket. */
	PACKETS_IN_WEBSOCKET,

	/** Messages sent (accepted for sending) on HTTP long-polling. */
	PACKETS_OUT_POLLING,

	/** Messages sent (accepted for sending) on WebSocket. */
	PACKETS_OUT_WEBSOCKET,

	/** Size of the messages received on HTTP long-polling. */
	BYTES_IN_POLLING,

	/** Size of the messages received on WebSocket. */
	BYTES_IN_WEBSOCKET,

	/** Size of the messages sent on HTTP long-polling. */
	BYTES_OUT_POLLING,

	/** Size of the messages sent on WebSocket. */
	BYTES_OUT_WEBSOCKET;

	private static final Traffic[] VALUES = values();

	/** Number of figures: the length of a session's counter array. */
	static final int COUNT = VALUES.length;

	/**
	 * The index of the message count of a direction and transport in a counter array; its
	 * size is at {@code index + 4}.
	 */
	static int packetsIndex(boolean out, boolean webSocket) {
		return (out ? 2 : 0) + (webSocket ? 1 : 0);
	}

	/** Offset from a message count to its size in a counter array. */
	static final int BYTES_OFFSET = 4;

	/** Whether this figure is a size (else a number of messages). */
	public boolean bytes() {
		return ordinal() >= BYTES_OFFSET;
	}

	/** {@code "in"} or {@code "out"}. */
	public String direction() {
		return ((ordinal() & 2) != 0) ? "out" : "in";
	}

	/** {@link EngineOptions#POLLING} or {@link EngineOptions#WEBSOCKET}. */
	public String transport() {
		return ((ordinal() & 1) != 0) ? EngineOptions.WEBSOCKET : EngineOptions.POLLING;
	}

	/** The figure of a kind, direction and transport. */
	public static Traffic of(boolean bytes, String direction, String transport) {
		boolean out = switch (direction) {
			case "in" -> false;
			case "out" -> true;
			default -> throw new IllegalArgumentException("direction must be in or out, was " + direction);
		};
		boolean webSocket = switch (transport) {
			case EngineOptions.POLLING -> false;
			case EngineOptions.WEBSOCKET -> true;
			default -> throw new IllegalArgumentException("transport must be " + EngineOptions.POLLING + " or "
					+ EngineOptions.WEBSOCKET + ", was " + transport);
		};
		return VALUES[packetsIndex(out, webSocket) + (bytes ? BYTES_OFFSET : 0)];
	}

}
