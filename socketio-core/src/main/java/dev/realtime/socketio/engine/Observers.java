package dev.realtime.socketio.engine;

/** Calls observers so that a failing one never breaks the server. */
public final class Observers {

	private static final System.Logger logger = System.getLogger(Observers.class.getName());

	private Observers() {
	}

	/** Runs an observer call, logging (not propagating) what it throws. */
	public static void call(Runnable call) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			failed(ex);
		}
	}

	/**
	 * Logs what an observer call threw, for callers that call the observer themselves (no
	 * {@link Runnable} to allocate on a hot path).
	 */
	public static void failed(RuntimeException ex) {
		logger.log(System.Logger.Level.WARNING, "Observer failed", ex);
	}

}
