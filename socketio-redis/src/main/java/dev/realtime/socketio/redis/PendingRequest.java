package dev.realtime.socketio.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.realtime.socketio.engine.Scheduler;
import org.jspecify.annotations.Nullable;

/**
 * A request to the other nodes (fetchSockets, serverSideEmit with acknowledgements)
 * waiting for their answers: it completes once as many answers as expected arrived, or
 * fails at its timeout with a {@link ClusterRequestException} holding what did arrive.
 * Shared by the adapters, whatever their wire format.
 */
final class PendingRequest {

	private final int type;

	private final String requestId;

	private final String operation;

	private final Map<String, PendingRequest> registry;

	private final List<Object> results;

	private final CompletableFuture<List<Object>> future = new CompletableFuture<>();

	private final Duration timeout;

	private Scheduler.@Nullable Cancellable timer;

	/** Answers expected, -1 until the server count is known. */
	private int expected = -1;

	private int received;

	/**
	 * Registers the request in {@code registry} (by id) and starts its timer; it leaves
	 * the registry when it completes or fails.
	 * @param type the request's message type, for whoever reads the answers
	 * @param results what this node found itself (answers are added to it)
	 */
	PendingRequest(int type, String requestId, String operation, Map<String, PendingRequest> registry, List<?> results,
			Duration timeout, Scheduler scheduler) {
		this.type = type;
		this.requestId = requestId;
		this.operation = operation;
		this.registry = registry;
		this.results = new ArrayList<>(results);
		this.timeout = timeout;
		registry.put(requestId, this);
		this.timer = scheduler.schedule(this::timedOut, timeout.toMillis());
	}

	int type() {
		return type;
	}

	/** The answers, this node's part first. */
	@SuppressWarnings("unchecked")
	<T> CompletableFuture<List<T>> future() {
		return (CompletableFuture<List<T>>) (CompletableFuture<?>) future;
	}

	/**
	 * Sets the number of answers to wait for; true when the request is complete already.
	 */
	synchronized boolean expect(int count) {
		expected = Math.max(0, count);
		return completeIfDone();
	}

	/** One node's answer: {@code collect} adds its part to the results. */
	synchronized void answer(Consumer<List<Object>> collect) {
		if (future.isDone()) {
			return;
		}
		received++;
		collect.accept(results);
		completeIfDone();
	}

	private boolean completeIfDone() {
		if (expected < 0 || received < expected) {
			return false;
		}
		finish();
		future.complete(Collections.unmodifiableList(new ArrayList<>(results)));
		return true;
	}

	synchronized void timedOut() {
		fail(operation + " timed out after " + timeout.toMillis() + " ms: " + received + " of "
				+ ((expected < 0) ? "?" : String.valueOf(expected)) + " servers answered");
	}

	synchronized void fail(String message) {
		if (future.isDone()) {
			return;
		}
		finish();
		future.completeExceptionally(new ClusterRequestException(message, new ArrayList<>(results)));
	}

	private void finish() {
		registry.remove(requestId);
		if (timer != null) {
			timer.cancel();
		}
	}

}
