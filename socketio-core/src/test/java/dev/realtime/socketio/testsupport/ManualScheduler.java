package dev.realtime.socketio.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

import dev.realtime.socketio.engine.Scheduler;

/**
 * A {@link Scheduler} on a fake clock: time stands still until {@link #advance(Duration)}
 * moves it, running every task that falls due, in time order (tasks due at the same
 * instant run in the order they were scheduled). Tasks scheduled by a running task run in
 * the same advance when they fall due within it. Thread-safe; tasks run on the thread
 * that calls {@code advance}.
 */
public final class ManualScheduler implements Scheduler {

	private final PriorityQueue<Task> tasks = new PriorityQueue<>();

	private long now;

	private long sequence;

	@Override
	public synchronized Cancellable schedule(Runnable task, long delayMillis) {
		Task scheduled = new Task(now + Math.max(0, delayMillis), sequence++, task);
		tasks.add(scheduled);
		return () -> {
			synchronized (ManualScheduler.this) {
				tasks.remove(scheduled);
			}
		};
	}

	@Override
	public synchronized long nowMillis() {
		return now;
	}

	/** Moves the clock forward, running the tasks that fall due on the way. */
	public void advance(Duration duration) {
		advanceMillis(duration.toMillis());
	}

	/**
	 * Moves the clock forward by {@code millis}, running the tasks that fall due on the
	 * way.
	 */
	public void advanceMillis(long millis) {
		if (millis < 0) {
			throw new IllegalArgumentException("time only moves forward");
		}
		long target;
		synchronized (this) {
			target = now + millis;
		}
		while (true) {
			Task next;
			synchronized (this) {
				next = tasks.peek();
				if (next == null || next.dueAt > target) {
					now = target;
					return;
				}
				tasks.poll();
				now = next.dueAt;
			}
			next.action.run();
		}
	}

	/** Number of tasks waiting to run. */
	public synchronized int pendingTasks() {
		return tasks.size();
	}

	/** Due times of the waiting tasks, earliest first. */
	public synchronized List<Long> pendingDueTimes() {
		List<Task> copy = new ArrayList<>(tasks);
		copy.sort(null);
		List<Long> times = new ArrayList<>();
		copy.forEach((task) -> times.add(task.dueAt));
		return times;
	}

	private record Task(long dueAt, long sequence, Runnable action) implements Comparable<Task> {

		@Override
		public int compareTo(Task other) {
			int byTime = Long.compare(dueAt, other.dueAt);
			return (byTime != 0) ? byTime : Long.compare(sequence, other.sequence);
		}
	}

}
