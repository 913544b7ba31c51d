package dev.realtime.socketio.spring.autoconfigure.servlet;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.tomcat.util.threads.TaskQueue;
import org.jspecify.annotations.Nullable;

/**
 * Tomcat's task queue, except that a task goes to the worker that became idle last rather
 * than to the one idle longest.
 *
 * <p>
 * Tomcat's own queue wakes its idle workers in the order they started waiting (the
 * condition queue of a {@code LinkedBlockingQueue}), so a steady stream of short tasks,
 * such as one WebSocket frame each, rotates over every worker the pool ever grew to: each
 * task runs on a thread whose stack, thread-locals (the JDK's temporary direct buffers
 * among them) and CPU caches went cold since its last task. Here idle workers wait on a
 * stack: the most recently idle one takes the next task, the others stay parked and,
 * beyond the pool's core size, end after the keep-alive time, so the pool shrinks to what
 * the load needs.
 *
 * <p>
 * What is queued and when the pool grows is Tomcat's decision, unchanged: a task goes to
 * an idle worker when there is one, else to Tomcat's {@link TaskQueue#offer}, which
 * refuses it (so that the executor starts a new worker) while the pool may still grow,
 * and queues it otherwise. Queued tasks are taken first-in first-out. One thing of
 * Tomcat's queue is not kept: the renewal of threads when a web application context stops
 * (a class-loader leak protection for redeployed applications, which an embedded server
 * does not redeploy).
 */
final class LifoTaskQueue extends TaskQueue {

	private static final long serialVersionUID = 1L;

	/** Guards {@link #idle} and the choice between handing a task over and queuing it. */
	private final transient ReentrantLock lock = new ReentrantLock();

	/** Idle workers, the most recently idle first. Guarded by {@link #lock}. */
	private final transient ArrayDeque<Waiter> idle = new ArrayDeque<>();

	LifoTaskQueue(int capacity) {
		super(capacity);
	}

	/** How many workers wait for a task. */
	int idleWorkers() {
		lock.lock();
		try {
			return idle.size();
		}
		finally {
			lock.unlock();
		}
	}

	@Override
	public boolean offer(Runnable task) {
		// no idle worker: Tomcat grows the pool or queues
		return handOff(task, false);
	}

	/** Queues a task the executor refused (at its maximum size), or hands it over. */
	@Override
	public boolean force(Runnable task) {
		return handOff(task, true);
	}

	private boolean handOff(Runnable task, boolean force) {
		Waiter waiter;
		lock.lock();
		try {
			waiter = idle.pollFirst();
			if (waiter == null) {
				return force ? super.force(task) : super.offer(task);
			}
			waiter.task = task;
		}
		finally {
			lock.unlock();
		}
		LockSupport.unpark(waiter.thread);
		return true;
	}

	@Override
	public @Nullable Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
		return await(System.nanoTime() + unit.toNanos(timeout), true);
	}

	@Override
	public Runnable take() throws InterruptedException {
		Runnable task = await(0, false);
		if (task == null) {
			throw new IllegalStateException("An untimed wait ended without a task");
		}
		return task;
	}

	/**
	 * A queued task, else the task handed to this worker while it waits on top of the
	 * idle stack; null once {@code deadline} passed (timed waits only).
	 */
	private @Nullable Runnable await(long deadline, boolean timed) throws InterruptedException {
		Waiter waiter;
		lock.lock();
		try {
			Runnable queued = super.poll();
			if (queued != null) {
				return queued;
			}
			if (Thread.interrupted()) {
				throw new InterruptedException();
			}
			waiter = new Waiter(Thread.currentThread());
			idle.addFirst(waiter);
		}
		finally {
			lock.unlock();
		}
		while (true) {
			Runnable task = waiter.task;
			if (task != null) {
				return task;
			}
			boolean interrupted = Thread.interrupted();
			long left = timed ? deadline - System.nanoTime() : 1;
			if (interrupted || left <= 0) {
				lock.lock();
				try {
					task = waiter.task;
					if (task == null) {
						idle.remove(waiter);
					}
				}
				finally {
					lock.unlock();
				}
				if (task != null) {
					if (interrupted) {
						// keep the interrupt for the executor, which sees it next
						Thread.currentThread().interrupt();
					}
					return task;
				}
				if (interrupted) {
					throw new InterruptedException();
				}
				return null;
			}
			if (timed) {
				LockSupport.parkNanos(this, left);
			}
			else {
				LockSupport.park(this);
			}
		}
	}

	/** A parked worker; {@code task} is set once, under the lock, before the unpark. */
	private static final class Waiter {

		final Thread thread;

		volatile @Nullable Runnable task;

		Waiter(Thread thread) {
			this.thread = thread;
		}

	}

}
