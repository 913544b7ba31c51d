package dev.realtime.socketio.engine.spi;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A fan-out in progress on the current thread: between {@link #begin()} and
 * {@link #end()}, a broadcast hands the same frames to many connections. A binding that
 * sees one ({@link #current()}) may queue the frames it is given and write them after the
 * fan-out, several per write, from a thread of its own: it registers what starts those
 * writes with {@link #atEnd(Runnable)}, which runs once when the outermost fan-out of the
 * thread ends. Outside a fan-out (a single socket's emit) bindings write at once.
 *
 * <p>
 * Thread-confined: one reusable instance per thread, no allocation per broadcast.
 */
public final class FanOut {

	private static final System.Logger logger = System.getLogger(FanOut.class.getName());

	private static final ThreadLocal<FanOut> CURRENT = ThreadLocal.withInitial(FanOut::new);

	private int depth;

	private Runnable[] hooks = new Runnable[2];

	/** The other array, swapped with {@code hooks} while they run (null meanwhile). */
	private Runnable @Nullable [] spare = new Runnable[2];

	private int hookCount;

	private FanOut() {
	}

	/**
	 * Starts a fan-out on this thread (they nest: only the outermost {@link #end()} runs
	 * the hooks). Always pair with {@link #end()} in a {@code finally} block.
	 */
	public static FanOut begin() {
		FanOut fanOut = CURRENT.get();
		fanOut.depth++;
		return fanOut;
	}

	/** The fan-out in progress on this thread, or null. */
	public static @Nullable FanOut current() {
		FanOut fanOut = CURRENT.get();
		return (fanOut.depth > 0) ? fanOut : null;
	}

	/**
	 * Runs {@code hook} once when the outermost fan-out ends (a hook registered twice, by
	 * identity, runs once).
	 */
	public void atEnd(Runnable hook) {
		for (int i = 0; i < hookCount; i++) {
			if (hooks[i] == hook) {
				return;
			}
		}
		if (hookCount == hooks.length) {
			hooks = Arrays.copyOf(hooks, hookCount * 2);
		}
		hooks[hookCount++] = hook;
	}

	/**
	 * Ends a fan-out begun on this thread; the outermost runs the registered hooks (a
	 * hook that throws does not stop the others).
	 */
	public void end() {
		if (depth <= 0) {
			throw new IllegalStateException("no fan-out in progress");
		}
		if (--depth > 0 || hookCount == 0) {
			return;
		}
		Runnable[] toRun = hooks;
		int count = hookCount;
		// a hook may begin another fan-out on this thread: it registers in the other
		// array
		Runnable[] other = spare;
		hooks = (other != null) ? other : new Runnable[2];
		spare = null;
		hookCount = 0;
		for (int i = 0; i < count; i++) {
			Runnable hook = toRun[i];
			toRun[i] = null;
			try {
				hook.run();
			}
			catch (RuntimeException ex) {
				// the frames are queued: the broadcast itself went through
				logger.log(System.Logger.Level.WARNING, "A fan-out hook failed", ex);
			}
		}
		spare = toRun;
	}

}
