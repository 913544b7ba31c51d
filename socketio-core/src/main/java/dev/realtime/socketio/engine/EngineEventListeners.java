package dev.realtime.socketio.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The {@link EngineEvent} listeners of one session, created when the first one is
 * registered. Firing an event queues one task on the session's ordered executor, and only
 * when the event has listeners.
 */
final class EngineEventListeners {

	private static final System.Logger logger = System.getLogger(EngineEventListeners.class.getName());

	private final Executor executor;

	private final List<List<Consumer<Object>>> listeners;

	EngineEventListeners(Executor executor) {
		this.executor = executor;
		List<List<Consumer<Object>>> lists = new java.util.ArrayList<>(EngineEvent.COUNT);
		for (int i = 0; i < EngineEvent.COUNT; i++) {
			lists.add(new CopyOnWriteArrayList<>());
		}
		this.listeners = List.copyOf(lists);
	}

	@SuppressWarnings("unchecked")
	<T> void add(EngineEvent<T> event, Consumer<? super T> listener) {
		listeners.get(event.index()).add((Consumer<Object>) listener);
	}

	<T> void remove(EngineEvent<T> event, Consumer<? super T> listener) {
		listeners.get(event.index()).remove(listener);
	}

	boolean has(EngineEvent<?> event) {
		return !listeners.get(event.index()).isEmpty();
	}

	/** Runs the event's listeners on the executor, in registration order. */
	<T> void fire(EngineEvent<T> event, T value) {
		List<Consumer<Object>> targets = listeners.get(event.index());
		if (targets.isEmpty()) {
			return;
		}
		executor.execute(() -> {
			for (Consumer<Object> listener : targets) {
				try {
					listener.accept(value);
				}
				catch (RuntimeException ex) {
					logger.log(System.Logger.Level.WARNING, "Listener of the engine event " + event + " failed", ex);
				}
			}
		});
	}

}
