package dev.realtime.socketio.benchmarks.jmh;

import dev.realtime.socketio.engine.spi.Frame;
import dev.realtime.socketio.engine.spi.WebSocketConnection;
import org.jspecify.annotations.Nullable;

/**
 * A WebSocket that "writes" every frame at once: it touches the frame's bytes, as a stack
 * would, and completes the send in the caller's thread. Used from one benchmark thread
 * only.
 */
final class FakeConnection implements WebSocketConnection {

	long bytes;

	long frames;

	/**
	 * Whether to keep the last text frame (during setup only: it costs a decode for some
	 * frames).
	 */
	boolean recording = true;

	@Nullable String lastText;

	@Override
	public void send(Frame frame, SendCallback callback) {
		bytes += frame.bytes().length;
		frames++;
		if (recording && !frame.binary()) {
			lastText = frame.text();
		}
		callback.completed(null);
	}

	@Override
	public void close(int code, @Nullable String reason) {
	}

}
