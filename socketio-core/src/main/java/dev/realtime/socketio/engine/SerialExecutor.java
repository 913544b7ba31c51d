package dev.realtime.socketio.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on a shared delegate executor: the
 * events of one connection are handled in arrival order while different connections run
 * in parallel. It holds no thread while idle, so an idle connection costs one small
 * object.
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

	public SerialExecutor(Executor delegate) {
		this.delegate = delegate;
	}

	@Override
	public void execute(Runnable task) {
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
			try {
				task.run();
			}
			catch (Throwable ex) {
				// an OutOfMemoryError included: the shared pool thread and this
				// connection's
				// order go on (logging may fail too when memory is short)
				try {
					logger.log(System.Logger.Level.WARNING, "Listener failed", ex);
				}
				catch (Throwable ignored) {
					// nothing more can be done
				}
			}
		}
		submit();
	}

}
