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
			logger.log(System.Logger.Level.WARNING, "Observer failed", ex);
		}
	}

}
