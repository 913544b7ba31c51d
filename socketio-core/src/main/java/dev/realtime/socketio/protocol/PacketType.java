package dev.realtime.socketio.protocol;

/** Socket.IO v5 packet types, with their wire ids. */
public enum PacketType {

	CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT, BINARY_ACK;

	private static final PacketType[] BY_ID = values();

	/** The digit written on the wire. */
	public int id() {
		return ordinal();
	}

	/** The type with this wire id, or {@code null} when out of range. */
	public static PacketType ofId(int id) {
		return (id >= 0 && id < BY_ID.length) ? BY_ID[id] : null;
	}

	/** Whether packets of this type carry binary attachments. */
	public boolean isBinary() {
		return this == BINARY_EVENT || this == BINARY_ACK;
	}

}
