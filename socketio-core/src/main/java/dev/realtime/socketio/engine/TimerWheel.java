package dev.realtime.socketio.engine;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A hashed timer wheel for the long timers every session holds (its heartbeat): a pending
 * task is one small entry linked into a bucket of ticks, instead of a
 * {@code ScheduledFutureTask} in a priority queue. Deadlines are rounded up to the next
 * {@link #TICK_MILLIS tick}: a task never runs early and runs at most one tick (plus the
 * ticking thread's delay) late. Cancelling unlinks the entry at once.
 *
 * <p>
 * Time is given by the caller ({@link #add}, {@link #expire}), so the wheel itself holds
 * no thread: {@link SystemScheduler} calls {@link #expire} every tick. Thread-safe:
 * entries are added and cancelled from any thread; tasks run on the thread that calls
 * {@link #expire}, outside the wheel's lock; one that throws does not stop the others.
 */
final class TimerWheel {

	/** The wheel's resolution. */
	static final long TICK_MILLIS = 10;

	/** Buckets (a power of two): one turn of the wheel is 5.12 s. */
	private static final int BUCKETS = 512;

	private static final int MASK = BUCKETS - 1;

	private final @Nullable Entry[] heads = new Entry[BUCKETS];

	/** Every tick up to this one has run. */
	private long doneTick;

	private int size;

	TimerWheel(long nowMillis) {
		this.doneTick = Math.floorDiv(nowMillis, TICK_MILLIS);
	}

	/** Adds a task due at {@code deadlineMillis} (the caller's clock). */
	Scheduler.Cancellable add(Runnable task, long deadlineMillis) {
		// the first tick at or after the deadline
		long tick = -Math.floorDiv(-deadlineMillis, TICK_MILLIS);
		Entry entry = new Entry(task, tick);
		synchronized (this) {
			if (entry.tick <= doneTick) {
				entry.tick = doneTick + 1;
			}
			int index = (int) (entry.tick & MASK);
			Entry head = heads[index];
			entry.next = head;
			if (head != null) {
				head.prev = entry;
			}
			heads[index] = entry;
			entry.linked = true;
			size++;
		}
		return entry;
	}

	/**
	 * Runs every task due at {@code nowMillis}, in the order of their ticks.
	 * @return how many ran
	 */
	int expire(long nowMillis) {
		long now = Math.floorDiv(nowMillis, TICK_MILLIS);
		List<Entry> due = null;
		synchronized (this) {
			if (now <= doneTick) {
				return 0;
			}
			// a late call (the thread was held up) visits each bucket once at most
			long from = Math.max(doneTick + 1, now - MASK);
			for (long tick = from; tick <= now && size > 0; tick++) {
				Entry entry = heads[(int) (tick & MASK)];
				while (entry != null) {
					Entry next = entry.next;
					// an entry of a later turn stays where it is
					if (entry.tick <= now) {
						unlink(entry);
						if (due == null) {
							due = new ArrayList<>();
						}
						due.add(entry);
					}
					entry = next;
				}
			}
			doneTick = now;
		}
		if (due == null) {
			return 0;
		}
		if (due.size() > 1) {
			due.sort((a, b) -> Long.compare(a.tick, b.tick));
		}
		int ran = 0;
		for (Entry entry : due) {
			// cancelled after it was taken off the wheel: as good as before
			if (!entry.cancelled) {
				SystemScheduler.runGuarded(entry.task);
				ran++;
			}
		}
		return ran;
	}

	/** Pending tasks. */
	synchronized int size() {
		return size;
	}

	private void unlink(Entry entry) {
		Entry prev = entry.prev;
		Entry next = entry.next;
		if (prev != null) {
			prev.next = next;
		}
		else {
			heads[(int) (entry.tick & MASK)] = next;
		}
		if (next != null) {
			next.prev = prev;
		}
		entry.prev = null;
		entry.next = null;
		entry.linked = false;
		size--;
	}

	/** A pending task and the way to cancel it, in one object (40 bytes). */
	private final class Entry implements Scheduler.Cancellable {

		private final Runnable task;

		private long tick;

		private @Nullable Entry prev;

		private @Nullable Entry next;

		private boolean linked;

		private volatile boolean cancelled;

		Entry(Runnable task, long tick) {
			this.task = task;
			this.tick = tick;
		}

		@Override
		public void cancel() {
			cancelled = true;
			synchronized (TimerWheel.this) {
				if (linked) {
					unlink(this);
				}
			}
		}

	}

}
