package dev.realtime.socketio.benchmarks.jmh;

import dev.realtime.socketio.engine.spi.Frame;
import dev.realtime.socketio.engine.spi.WebSocketConnection;
import dev.realtime.socketio.engine.spi.WebSocketReceiver;
import dev.realtime.socketio.server.SocketIoServer;
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

	/**
	 * Opens a WebSocket session of the server on this connection and connects it to the
	 * main namespace; returns where the client's frames go.
	 */
	WebSocketReceiver connectTo(SocketIoServer io) {
		FakeRequest request = new FakeRequest();
		if (!io.engine().checkUpgrade(request).accepted()) {
			throw new IllegalStateException("upgrade refused");
		}
		WebSocketReceiver receiver = io.engine().onWebSocketOpen(request, this);
		receiver.onText("40");
		String reply = lastText;
		if (reply == null || !reply.startsWith("40{")) {
			throw new IllegalStateException("socket did not connect: " + reply);
		}
		return receiver;
	}

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
