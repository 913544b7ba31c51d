package dev.realtime.socketio.engine.codec;

import org.jspecify.annotations.Nullable;

/** Engine.IO v4 packet types and the digit that stands for each on the wire. */
public enum EnginePacketType {

	OPEN('0'), CLOSE('1'), PING('2'), PONG('3'), MESSAGE('4'), UPGRADE('5'), NOOP('6');

	private static final EnginePacketType[] BY_CODE = values();

	private final char code;

	EnginePacketType(char code) {
		this.code = code;
	}

	/** The digit written before the packet data. */
	public char code() {
		return code;
	}

	/**
	 * The type for a wire digit, or {@code null} when the character is not a packet type.
	 */
	public static @Nullable EnginePacketType ofCode(char c) {
		int i = c - '0';
		return (i >= 0 && i < BY_CODE.length) ? BY_CODE[i] : null;
	}

}
