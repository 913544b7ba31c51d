package dev.realtime.socketio.spring.actuate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.realtime.socketio.server.Ack;
import dev.realtime.socketio.server.EventArgs;
import dev.realtime.socketio.server.ServerObserver;
import dev.realtime.socketio.server.Socket;
import dev.realtime.socketio.server.SocketInterceptor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Micrometer observations (what Micrometer Tracing turns into spans):
 * {@code socketio.event} around each incoming event's dispatch and
 * {@code socketio.connect} around each namespace join (middlewares and the CONNECT
 * answer). Low-cardinality keys: {@code namespace} (a dynamic namespace's parent
 * pattern), {@code event} (declared events only, else {@code other}), {@code outcome};
 * high-cardinality: {@code socketio.sid}. Around every event and listener of a socket the
 * MDC carries {@code socketio.sid} and {@code socketio.namespace}, so the handlers' logs
 * do (the trace ids come from the tracer's own MDC integration).
 *
 * <p>
 * Register it as the outermost {@link SocketInterceptor} and as a {@link ServerObserver}
 * of the server: the observer side learns the outcome of each dispatch and ends the
 * connect observations.
 */
public final class SocketIoObservations implements SocketInterceptor, ServerObserver {

	/** MDC key of the socket id. */
	public static final String MDC_SID = "socketio.sid";

	/** MDC key of the namespace name. */
	public static final String MDC_NAMESPACE = "socketio.namespace";

	private final ObservationRegistry registry;

	private final Map<Socket, Observation.Scope> connecting = new ConcurrentHashMap<>();

	public SocketIoObservations(ObservationRegistry registry) {
		this.registry = registry;
	}

	// ---------------------------------------------------------------- events

	/** The context of a {@code socketio.event} observation. */
	public static final class EventContext extends Observation.Context {

		private final Socket socket;

		private final String event;

		private volatile @Nullable String outcome;

		EventContext(Socket socket, String event) {
			this.socket = socket;
			this.event = event;
		}

		public Socket getSocket() {
			return socket;
		}

		public String getEvent() {
			return event;
		}

	}

	@Override
	public void aroundEvent(Socket socket, String event, EventArgs args, @Nullable Ack ack, Runnable dispatch) {
		String eventTag = socket.hasListeners(event) ? event : SocketIoMeters.OTHER;
		EventContext context = new EventContext(socket, event);
		Observation observation = Observation.createNotStarted("socketio.event", () -> context, registry)
			.contextualName("socketio " + eventTag)
			.lowCardinalityKeyValue("namespace", SocketIoMeters.namespaceTag(socket.namespace()))
			.lowCardinalityKeyValue("event", eventTag)
			.highCardinalityKeyValue(MDC_SID, socket.id());
		observation.start();
		try (Observation.Scope scope = observation.openScope()) {
			withMdc(socket, dispatch);
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			// the server reports the outcome of a dispatch from inside it; none means an
			// inner
			// interceptor (authorization) refused the event
			String outcome = context.outcome;
			observation.lowCardinalityKeyValue("outcome", (outcome != null) ? outcome : "denied");
			observation.stop();
		}
	}

	@Override
	public void eventHandled(Socket socket, String event, boolean declared, EventOutcome outcome, long durationNanos,
			@Nullable Throwable error) {
		Observation current = registry.getCurrentObservation();
		if (current == null || !(current.getContext() instanceof EventContext context)
				|| context.getSocket() != socket) {
			return;
		}
		context.outcome = outcome.name().toLowerCase(java.util.Locale.ROOT);
		if (error != null) {
			current.error(error);
		}
	}

	@Override
	public void aroundListener(Socket socket, Runnable listener) {
		withMdc(socket, listener);
	}

	private static void withMdc(Socket socket, Runnable action) {
		String previousSid = MDC.get(MDC_SID);
		String previousNamespace = MDC.get(MDC_NAMESPACE);
		MDC.put(MDC_SID, socket.id());
		MDC.put(MDC_NAMESPACE, socket.namespace().name());
		try {
			action.run();
		}
		finally {
			restore(MDC_SID, previousSid);
			restore(MDC_NAMESPACE, previousNamespace);
		}
	}

	private static void restore(String key, @Nullable String previous) {
		if (previous != null) {
			MDC.put(key, previous);
		}
		else {
			MDC.remove(key);
		}
	}

	// ---------------------------------------------------------------- connects

	/** The context of a {@code socketio.connect} observation. */
	public static final class ConnectContext extends Observation.Context {

		private final Socket socket;

		ConnectContext(Socket socket) {
			this.socket = socket;
		}

		public Socket getSocket() {
			return socket;
		}

	}

	@Override
	public void socketConnecting(Socket socket) {
		Observation observation = Observation
			.createNotStarted("socketio.connect", () -> new ConnectContext(socket), registry)
			.contextualName("socketio connect")
			.lowCardinalityKeyValue("namespace", SocketIoMeters.namespaceTag(socket.namespace()))
			.highCardinalityKeyValue(MDC_SID, socket.id())
			.start();
		connecting.put(socket, observation.openScope());
	}

	@Override
	public void socketConnected(Socket socket) {
		end(socket, "success", null);
	}

	@Override
	public void connectError(String namespace, @Nullable Socket socket, String message, @Nullable Object data,
			@Nullable Throwable error) {
		if (socket != null) {
			end(socket, SocketIoMeters.code(true, message, data), error);
		}
	}

	private void end(Socket socket, String outcome, @Nullable Throwable error) {
		Observation.Scope scope = connecting.remove(socket);
		if (scope == null) {
			return;
		}
		Observation observation = scope.getCurrentObservation();
		scope.close();
		observation.lowCardinalityKeyValue("outcome", outcome);
		if (error != null) {
			observation.error(error);
		}
		observation.stop();
	}

}
