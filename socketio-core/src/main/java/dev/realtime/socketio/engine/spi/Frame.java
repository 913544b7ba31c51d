package dev.realtime.socketio.engine.spi;

/**
 * One WebSocket frame's content. The same instance is written to every receiver of a
 * broadcast, so it is immutable and caches its UTF-8 encoding.
 */
public interface Frame {

	/** Whether this is a binary frame (raw bytes) rather than a text frame. */
	boolean binary();

	/** Text of a text frame (throws for binary frames). */
	String text();

	/**
	 * Bytes of the frame: UTF-8 of the text, or the raw binary content. Callers must not
	 * modify the returned array: it is shared.
	 */
	byte[] bytes();

}
