package dev.realtime.socketio.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

/**
 * Runs tasks one at a time, in submission order, on a shared delegate executor: the
 * events of one connection are handled in arrival order while different connections run
 * in parallel. It holds no thread while idle, so an idle connection costs one small
 * object.
 *
 * <p>
 * A thread that may block (a servlet container's worker reading a WebSocket) can be
 * allowed to run this executor's tasks itself, see {@link #allowInline()}: while that
 * lasts, a task submitted from that thread to an idle executor runs at once on it, with
 * whatever was queued before it first, instead of being handed to the delegate. Order and
 * the one-at-a-time rule stay the same: the inline run holds the executor as a delegate's
 * turn would.
 */
public final class SerialExecutor implements Executor {

	private static final System.Logger logger = System.getLogger(SerialExecutor.class.getName());

	/** Tasks run per turn before the executor yields its thread to other connections. */
	private static final int BATCH = 64;

	private final Executor delegate;

	private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	/**
	 * Whether a drain is submitted (a field rather than an AtomicBoolean: 16 bytes
	 * fewer).
	 */
	private volatile boolean scheduled;

	private static final VarHandle SCHEDULED;

	static {
		try {
			SCHEDULED = MethodHandles.lookup().findVarHandle(SerialExecutor.class, "scheduled", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/**
	 * The executor whose next task the current thread may run itself
	 * ({@link #allowInline}), or none.
	 */
	private static final ThreadLocal<@Nullable SerialExecutor> INLINE = new ThreadLocal<>();

	public SerialExecutor(Executor delegate) {
		this.delegate = delegate;
	}

	/**
	 * Lets the calling thread run the next task submitted to this executor from it, when
	 * the executor is idle, instead of handing it to the delegate. The caller must be
	 * able to block as long as a listener does, and must end with
	 * {@link #endInline(SerialExecutor)} in a {@code finally}: <pre class="code">
	 * SerialExecutor previous = executor.allowInline();
	 * try {
	 *     // code that submits to executor
	 * }
	 * finally {
	 *     SerialExecutor.endInline(previous);
	 * }
	 * </pre> Only one task runs inline per call (later submissions are queued, as are
	 * those to other executors), so nothing nests.
	 * @return what to give back to {@link #endInline(SerialExecutor)}
	 */
	public @Nullable SerialExecutor allowInline() {
		SerialExecutor previous = INLINE.get();
		INLINE.set(this);
		return previous;
	}

	/** Ends {@link #allowInline()} on the calling thread. */
	public static void endInline(@Nullable SerialExecutor previous) {
		INLINE.set(previous);
	}

	/**
	 * Whether the calling thread may run this executor's next task itself
	 * ({@link #allowInline}).
	 * @return whether inline runs are allowed on this thread
	 */
	public boolean inlineAllowed() {
		return INLINE.get() == this;
	}

	/**
	 * Runs {@code task} at once on the calling thread when the executor is idle (nothing
	 * queued, nothing running), holding the executor's turn meanwhile: tasks submitted
	 * from anywhere while it runs are queued and go to the delegate afterwards, never run
	 * on the calling thread. For work that runs no application code and so may run on a
	 * thread that must not block (an event loop).
	 * @param task the task
	 * @return {@code false} when the executor was busy: nothing ran, the caller submits
	 * the task as usual
	 */
	public boolean runAloneIfIdle(Runnable task) {
		if (!tasks.isEmpty() || !SCHEDULED.compareAndSet(this, false, true)) {
			return false;
		}
		try {
			run(task);
		}
		finally {
			scheduled = false;
			if (!tasks.isEmpty() && SCHEDULED.compareAndSet(this, false, true)) {
				submit();
			}
		}
		return true;
	}

	@Override
	public void execute(Runnable task) {
		if (INLINE.get() == this && SCHEDULED.compareAndSet(this, false, true)) {
			INLINE.set(null);
			runInline(task);
			return;
		}
		tasks.add(task);
		if (SCHEDULED.compareAndSet(this, false, true)) {
			submit();
		}
	}

	private void submit() {
		try {
			delegate.execute(this::drain);
		}
		catch (RuntimeException ex) {
			scheduled = false;
			logger.log(System.Logger.Level.ERROR, "Listener executor refused a task; events are dropped", ex);
			tasks.clear();
		}
	}

	/**
	 * Runs {@code task} on the calling thread, which holds the executor's turn: behind
	 * the tasks queued before it (a turn that was just ending may have left some), then
	 * whatever came meanwhile, up to a batch; the rest goes to the delegate.
	 */
	private void runInline(Runnable task) {
		if (tasks.isEmpty()) {
			run(task);
		}
		else {
			tasks.add(task);
		}
		drain();
	}

	private void drain() {
		for (int i = 0; i < BATCH; i++) {
			Runnable task = tasks.poll();
			if (task == null) {
				scheduled = false;
				if (tasks.isEmpty() || !SCHEDULED.compareAndSet(this, false, true)) {
					return;
				}
				continue;
			}
			run(task);
		}
		submit();
	}

	private static void run(Runnable task) {
		try {
			task.run();
		}
		catch (Throwable ex) {
			// an OutOfMemoryError included: the shared pool thread and this connection's
			// order go on (logging may fail too when memory is short)
			try {
				logger.log(System.Logger.Level.WARNING, "Listener failed", ex);
			}
			catch (Throwable ignored) {
				// nothing more can be done
			}
		}
	}

}
