package dev.realtime.socketio.spring.web;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.realtime.socketio.server.EventArgs;

/**
 * What a listener that records its events saw: their numbers in the order they ran, the
 * threads that ran them, and whether two of them ever ran at once.
 */
public class ListenerOrderProbe {

	public final List<Integer> order = new CopyOnWriteArrayList<>();

	public final List<String> threads = new CopyOnWriteArrayList<>();

	/** The threads that ran the disconnection listeners. */
	public final List<String> disconnected = new CopyOnWriteArrayList<>();

	public final AtomicBoolean overlapped = new AtomicBoolean();

	private final AtomicInteger active = new AtomicInteger();

	public void reset() {
		order.clear();
		threads.clear();
		disconnected.clear();
		overlapped.set(false);
	}

	/** Records an event whose first argument is its number. */
	public void record(EventArgs args) {
		if (active.incrementAndGet() != 1) {
			overlapped.set(true);
		}
		threads.add(Thread.currentThread().getName());
		order.add(args.get(0).asInt());
		active.decrementAndGet();
	}

}
