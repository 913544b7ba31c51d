package dev.realtime.socketio.testsupport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.function.Consumer;

import dev.realtime.socketio.engine.spi.Frame;
import dev.realtime.socketio.engine.spi.WebSocketConnection;
import dev.realtime.socketio.engine.spi.WebSocketReceiver;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WebSocketConnection} as a binding would implement it, for tests: it records
 * every frame the server sends and the close code, completes sends at once (or, with
 * {@link #holdSends(boolean)}, only when the test says so, like a slow consumer), and
 * reports the writability the test sets. {@link #receiveText(String)} and friends play
 * the client through the handler the server returned.
 */
public final class FakeWebSocket implements WebSocketConnection {

	private final List<Frame> frames = new ArrayList<>();

	private final Queue<SendCallback> pendingCallbacks = new ArrayDeque<>();

	private boolean holdSends;

	private volatile boolean writable = true;

	private @Nullable Integer closeCode;

	private @Nullable String closeReason;

	private int closeCalls;

	private volatile @Nullable WebSocketReceiver handler;

	// ---------------------------------------------------------------- server side

	@Override
	public void send(Frame frame, SendCallback callback) {
		boolean completeNow;
		synchronized (this) {
			frames.add(frame);
			completeNow = !holdSends;
			if (!completeNow) {
				pendingCallbacks.add(callback);
			}
		}
		sent(frame);
		if (completeNow) {
			callback.completed(null);
		}
	}

	private volatile @Nullable Consumer<Frame> onSend;

	/**
	 * Plays a client that answers at once: {@code reaction} sees every frame the server
	 * sends, on the sending thread, as soon as it is recorded (before the server's send
	 * call returns), and may drive the client side from there.
	 */
	public FakeWebSocket onSend(Consumer<Frame> reaction) {
		this.onSend = reaction;
		return this;
	}

	private void sent(Frame frame) {
		Consumer<Frame> reaction = onSend;
		if (reaction != null) {
			reaction.accept(frame);
		}
	}

	/**
	 * Like a binding that keeps the frame from its I/O thread until {@link #handOver()}:
	 * recorded in order now, completed then (or held with {@link #holdSends(boolean)}).
	 */
	@Override
	public void sendLater(Frame frame, SendCallback callback) {
		synchronized (this) {
			frames.add(frame);
			sentLater++;
			if (holdSends) {
				pendingCallbacks.add(callback);
			}
			else {
				keptBack.add(callback);
			}
		}
		sent(frame);
	}

	@Override
	public void handOver() {
		List<SendCallback> kept;
		synchronized (this) {
			handOvers++;
			Object lock = monitor;
			if (lock != null && Thread.holdsLock(lock)) {
				handOversUnderMonitor++;
			}
			kept = List.copyOf(keptBack);
			keptBack.clear();
		}
		for (SendCallback callback : kept) {
			callback.completed(null);
		}
	}

	private final List<SendCallback> keptBack = new ArrayList<>();

	private int sentLater;

	private int handOvers;

	private int handOversUnderMonitor;

	private volatile @Nullable Object monitor;

	/** The lock {@link #handOver()} checks it is not called under. */
	public FakeWebSocket monitor(Object monitor) {
		this.monitor = monitor;
		return this;
	}

	/** Frames sent with {@link #sendLater}. */
	public synchronized int sentLater() {
		return sentLater;
	}

	public synchronized int handOvers() {
		return handOvers;
	}

	/** Hand-overs called while holding the {@link #monitor(Object)}. */
	public synchronized int handOversUnderMonitor() {
		return handOversUnderMonitor;
	}

	/** Frames sent with {@link #sendLater} and not handed over yet. */
	public synchronized int keptBack() {
		return keptBack.size();
	}

	@Override
	public synchronized void close(int code, @Nullable String reason) {
		closeCalls++;
		if (closeCode == null) {
			closeCode = code;
			closeReason = reason;
		}
	}

	private volatile boolean pausable;

	private volatile boolean readingPaused;

	@Override
	public boolean pauseReading() {
		if (!pausable) {
			return false;
		}
		readingPaused = true;
		return true;
	}

	@Override
	public void resumeReading() {
		readingPaused = false;
	}

	/** Whether {@link #pauseReading()} succeeds (it does not by default). */
	public FakeWebSocket pausable(boolean pausable) {
		this.pausable = pausable;
		return this;
	}

	/** Whether the server asked to stop reading and did not resume yet. */
	public boolean readingPaused() {
		return readingPaused;
	}

	@Override
	public boolean isWritable() {
		return writable;
	}

	// ---------------------------------------------------------------- test controls

	/**
	 * While true, sends stay in flight until {@link #completeSends()} or
	 * {@link #completeNext()}.
	 */
	public synchronized FakeWebSocket holdSends(boolean hold) {
		this.holdSends = hold;
		return this;
	}

	public FakeWebSocket writable(boolean writable) {
		this.writable = writable;
		return this;
	}

	/** Completes the oldest send still in flight; returns false when none is. */
	public boolean completeNext() {
		SendCallback callback;
		synchronized (this) {
			callback = pendingCallbacks.poll();
		}
		if (callback == null) {
			return false;
		}
		callback.completed(null);
		return true;
	}

	/**
	 * Completes every send in flight, including the ones those completions trigger while
	 * holding.
	 */
	public void completeSends() {
		while (completeNext()) {
			// keep going
		}
	}

	/** Fails the oldest send still in flight. */
	public boolean failNext(Throwable failure) {
		SendCallback callback;
		synchronized (this) {
			callback = pendingCallbacks.poll();
		}
		if (callback == null) {
			return false;
		}
		callback.completed(failure);
		return true;
	}

	public synchronized int inFlight() {
		return pendingCallbacks.size();
	}

	/** Bytes of the frames still in flight (sent, not completed). */
	public synchronized long inFlightBytes() {
		long bytes = 0;
		int first = frames.size() - pendingCallbacks.size();
		for (int i = first; i < frames.size(); i++) {
			bytes += frames.get(i).bytes().length;
		}
		return bytes;
	}

	/** Every frame the server sent, in order. */
	public synchronized List<Frame> frames() {
		return List.copyOf(frames);
	}

	/** The text frames, in order (binary frames left out). */
	public synchronized List<String> texts() {
		List<String> texts = new ArrayList<>();
		for (Frame frame : frames) {
			if (!frame.binary()) {
				texts.add(frame.text());
			}
		}
		return texts;
	}

	/** Every frame as text, binary frames as {@code <binary n bytes>}. */
	public synchronized List<String> describe() {
		List<String> out = new ArrayList<>();
		for (Frame frame : frames) {
			out.add(frame.binary() ? "<binary " + frame.bytes().length + " bytes>" : frame.text());
		}
		return out;
	}

	public synchronized int frameCount() {
		return frames.size();
	}

	public synchronized boolean closed() {
		return closeCode != null;
	}

	public synchronized @Nullable Integer closeCode() {
		return closeCode;
	}

	public synchronized @Nullable String closeReason() {
		return closeReason;
	}

	public synchronized int closeCalls() {
		return closeCalls;
	}

	// ---------------------------------------------------------------- client side

	/** The handler the server returned for this connection: where received frames go. */
	public FakeWebSocket handler(WebSocketReceiver handler) {
		this.handler = handler;
		return this;
	}

	private WebSocketReceiver requireHandler() {
		WebSocketReceiver current = handler;
		if (current == null) {
			throw new IllegalStateException("no handler: the server did not accept this WebSocket yet");
		}
		return current;
	}

	/** The client sends a text frame. */
	public void receiveText(String text) {
		requireHandler().onText(text);
	}

	/** The client sends a binary frame. */
	public void receiveBinary(byte[] data) {
		requireHandler().onBinary(data);
	}

	/** The connection goes away (client close or network). */
	public void closeFromClient(int code) {
		requireHandler().onClose(code, null);
	}

}
