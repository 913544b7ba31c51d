package dev.realtime.socketio.engine;

import dev.realtime.socketio.engine.transport.Transport;
import dev.realtime.socketio.engine.transport.WebSocketTransport;
import org.jspecify.annotations.Nullable;

/**
 * The move of one polling session to WebSocket, as in Node: the binding opens a candidate
 * WebSocket, the client probes it ({@code 2probe} → {@code 3probe}), the session answers
 * the parked GET with a noop so polling drains, the client sends {@code 5} (upgrade) on
 * the candidate and the candidate becomes the session's transport. Owns the candidate,
 * whether it was probed, the upgrade timeout and the check that releases a GET held
 * meanwhile.
 *
 * <p>
 * Guarded by the session's monitor; the session runs the steps
 * ({@code EngineSession.onUpgradePacket}).
 */
final class Upgrade {

	private @Nullable WebSocketTransport candidate;

	private boolean probed;

	/**
	 * An upgrade request for the session was accepted; its WebSocket may not be open yet.
	 */
	private boolean expected;

	private Scheduler.@Nullable Cancellable timeout;

	private Scheduler.@Nullable Cancellable check;

	/**
	 * An upgrade request passed the checks, before the 101: a GET arriving now is held
	 * for it.
	 */
	void expect() {
		expected = true;
	}

	/**
	 * Whether a GET parked now must be held for an upgrade (a candidate is open or
	 * announced).
	 */
	boolean holdsGets() {
		return candidate != null || expected;
	}

	/** Whether the candidate was probed: polling is draining. */
	boolean probed() {
		return probed;
	}

	boolean hasCandidate() {
		return candidate != null;
	}

	boolean isCandidate(Transport transport) {
		return candidate == transport;
	}

	/**
	 * A candidate opened; {@code timeout} aborts it unless the upgrade completes first.
	 */
	void start(WebSocketTransport candidate, Scheduler.Cancellable timeout) {
		this.candidate = candidate;
		this.probed = false;
		this.timeout = timeout;
	}

	/** The client probed the candidate. */
	void probed(boolean probed) {
		this.probed = probed;
	}

	/** (Re)schedules the release of a GET held during the upgrade. */
	void scheduleCheck(Scheduler scheduler, Runnable release, long delayMillis) {
		cancel(check);
		check = scheduler.schedule(release, delayMillis);
	}

	/**
	 * Ends the upgrade (completed, aborted, or the session closed): the candidate it had,
	 * if any.
	 */
	@Nullable WebSocketTransport end() {
		WebSocketTransport ended = candidate;
		candidate = null;
		probed = false;
		cancel(timeout);
		cancel(check);
		return ended;
	}

	private static void cancel(Scheduler.@Nullable Cancellable task) {
		if (task != null) {
			task.cancel();
		}
	}

}
