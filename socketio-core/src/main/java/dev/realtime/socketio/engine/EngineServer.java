package dev.realtime.socketio.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.engine.codec.EnginePacketType;
import dev.realtime.socketio.engine.spi.EngineRequest;
import dev.realtime.socketio.engine.spi.HttpExchange;
import dev.realtime.socketio.engine.spi.HttpResponse;
import dev.realtime.socketio.engine.spi.UpgradeDecision;
import dev.realtime.socketio.engine.spi.WebSocketConnection;
import dev.realtime.socketio.engine.spi.WebSocketReceiver;
import dev.realtime.socketio.engine.transport.EngineError;
import dev.realtime.socketio.engine.transport.HttpAnswers;
import org.jspecify.annotations.Nullable;

/**
 * An Engine.IO v4 server: handshakes, long-polling, WebSocket and the upgrade between
 * them, heartbeats and the error table. It knows no web framework: a binding hands it
 * {@link HttpExchange}s and WebSockets (see {@code engine.spi}).
 *
 * <p>
 * Used alone it is the equivalent of Node's {@code engine.io} package:
 *
 * <pre>{@code
 * EngineServer engine = new EngineServer(EngineOptions.builder().path("/engine.io/").build());
 * engine.onConnection(socket -> socket.onMessage(socket::sendContent));   // echo
 * }</pre>
 *
 * <p>
 * A binding routes every request under {@link EngineOptions#path()} to it: WebSocket
 * upgrade requests go through {@link #checkUpgrade(EngineRequest)} and then, after the
 * 101, {@link #onWebSocketOpen(EngineRequest, WebSocketConnection)}; every other request
 * goes to {@link #handle(HttpExchange)}.
 */
public final class EngineServer implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(EngineServer.class.getName());

	private static final WebSocketReceiver CLOSED_RECEIVER = WebSocketReceiver.ignoring();

	private final EngineOptions options;

	private final HttpAnswers answers;

	private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();

	private final Executor listenerExecutor;

	private final @Nullable ExecutorService ownedExecutor;

	private final Scheduler scheduler;

	private final @Nullable SystemScheduler ownedScheduler;

	private volatile @Nullable Consumer<EngineSocket> connectionHandler;

	private final List<Consumer<EngineSocket>> connectionListeners = new CopyOnWriteArrayList<>();

	private volatile boolean closed;

	private volatile int maxConnections;

	/** Bytes the sessions pin (see {@link #memoryUsed()}). */
	private final LongAdder memoryUsed = new LongAdder();

	private volatile long maxMemory;

	/** The periodic budget check, while a budget is set. */
	private Scheduler.@Nullable Cancellable memoryCheck;

	/** Whether the current episode over the budget was logged at WARN already. */
	private boolean sheddingLogged;

	/**
	 * The registered observers as one, or {@code null} when there is none (the hot path
	 * checks only that).
	 */
	private volatile @Nullable EngineObserver observer;

	private final List<EngineObserver> observers = new CopyOnWriteArrayList<>();

	/**
	 * The registered observers that implement {@link EngineObserver#messagesSent} or
	 * {@link EngineObserver#messageReceived}, as one, or {@code null}: the per-message
	 * calls skip observers that only keep the defaults.
	 */
	private volatile @Nullable EngineObserver messageObserver;

	/** Whether sessions opened from now on count their {@link Traffic}. */
	private volatile boolean countTraffic;

	/**
	 * The {@link Traffic} of closed sessions (by ordinal): a session adds its counts here
	 * when it closes.
	 */
	private final AtomicLongArray closedTraffic = new AtomicLongArray(Traffic.COUNT);

	/**
	 * The largest figures {@link #traffic(Traffic)} returned, so that it never returns
	 * less.
	 */
	private final AtomicLongArray reportedTraffic = new AtomicLongArray(Traffic.COUNT);

	private final List<Consumer<ConnectionError>> connectionErrorListeners = new CopyOnWriteArrayList<>();

	public EngineServer(EngineOptions options) {
		this.options = options;
		this.answers = new HttpAnswers(options.compressionThreshold());
		if (options.executor() != null) {
			this.listenerExecutor = options.executor();
			this.ownedExecutor = null;
		}
		else {
			this.ownedExecutor = ListenerPool.create(ListenerPool.defaultThreads());
			this.listenerExecutor = this.ownedExecutor;
		}
		if (options.scheduler() != null) {
			this.scheduler = options.scheduler();
			this.ownedScheduler = null;
		}
		else {
			this.ownedScheduler = new SystemScheduler();
			this.scheduler = this.ownedScheduler;
		}
	}

	public EngineOptions options() {
		return options;
	}

	/** How this server answers HTTP requests (shared by its polling transports). */
	HttpAnswers answers() {
		return answers;
	}

	/** The executor listeners run on (wrapped per connection to keep order). */
	public Executor listenerExecutor() {
		return listenerExecutor;
	}

	/** The timer service of this server. */
	public Scheduler scheduler() {
		return scheduler;
	}

	/**
	 * Listens to new sessions. The listener runs on the session's executor, before any
	 * message of that session is delivered.
	 */
	public void onConnection(Consumer<EngineSocket> listener) {
		connectionListeners.add(listener);
	}

	/**
	 * Sets the low-level handler called on the I/O thread for each new session, before
	 * its handshake response is written (the Socket.IO layer installs its decoder here).
	 */
	public void setConnectionHandler(Consumer<EngineSocket> handler) {
		this.connectionHandler = handler;
	}

	/**
	 * Registers an observer of sessions, upgrades and messages (metrics, admin tools).
	 * Register it before the server accepts connections to see every session.
	 */
	public synchronized void addObserver(EngineObserver observer) {
		observers.add(observer);
		observersChanged();
	}

	/**
	 * Unregisters an observer added by {@link #addObserver}: from now on it is not called
	 * (a call in progress may finish). Without observers left, the server observes
	 * nothing, as if none had been registered.
	 * @param observer the observer
	 * @return whether it was registered
	 */
	public synchronized boolean removeObserver(EngineObserver observer) {
		boolean removed = observers.remove(observer);
		if (removed) {
			observersChanged();
		}
		return removed;
	}

	private void observersChanged() {
		this.observer = observers.isEmpty() ? null
				: (observers.size() == 1) ? observers.get(0) : new CompositeObserver(observers);
		List<EngineObserver> messages = new ArrayList<>();
		for (EngineObserver registered : observers) {
			if (observesMessages(registered)) {
				messages.add(registered);
			}
		}
		this.messageObserver = messages.isEmpty() ? null
				: (messages.size() == 1) ? messages.get(0) : new CompositeObserver(messages);
	}

	/** Whether an observer implements one of the per-message methods. */
	private static boolean observesMessages(EngineObserver observer) {
		try {
			Class<?> type = observer.getClass();
			return type.getMethod("messagesSent", EngineSocket.class, List.class)
				.getDeclaringClass() != EngineObserver.class
					|| type.getMethod("messageReceived", EngineSocket.class, Object.class)
						.getDeclaringClass() != EngineObserver.class;
		}
		catch (NoSuchMethodException ex) {
			return true;
		}
	}

	/**
	 * The registered observers that implement {@link EngineObserver#messagesSent} or
	 * {@link EngineObserver#messageReceived}, as one, or {@code null} when none does:
	 * what the per-message calls go to (an observer that needs only totals reads
	 * {@link #traffic(Traffic)} instead, which costs a message no call at all).
	 */
	public @Nullable EngineObserver messageObserver() {
		return messageObserver;
	}

	/**
	 * Makes the sessions opened from now on count the messages they send and receive (see
	 * {@link #traffic(Traffic)}): a few plain additions per message on fields of the
	 * session, 80 bytes per session. Call it before the server accepts connections to
	 * count them all. Idempotent.
	 */
	public void countTraffic() {
		countTraffic(true);
	}

	/**
	 * Starts ({@code true}, as {@link #countTraffic()}) or stops counting the messages
	 * the sessions send and receive, the open sessions included: while stopped, a message
	 * costs no addition and {@link #traffic(Traffic)} stays where it was; counting again
	 * goes on from there. A session opening during the call may keep the previous
	 * setting.
	 * @param count whether to count
	 */
	public void countTraffic(boolean count) {
		this.countTraffic = count;
		for (EngineSession session : sessions.values()) {
			session.countTraffic(count);
		}
	}

	/** Whether new sessions count their traffic ({@link #countTraffic()}). */
	boolean countsTraffic() {
		return countTraffic;
	}

	/**
	 * The messages or bytes received or sent since {@link #countTraffic()}: the open
	 * sessions' counts plus those of the closed ones (0 when traffic is not counted).
	 * Reads every open session: meant for a metrics scrape, not for every message. Never
	 * smaller than a value it returned before (a session that closes during the sum may
	 * be missed by that one call).
	 */
	public long traffic(Traffic figure) {
		int index = figure.ordinal();
		// closed sessions first: a session closing meanwhile may be missed, never counted
		// twice (it takes its counts before it adds them to the closed ones)
		long total = closedTraffic.get(index);
		for (EngineSession session : sessions.values()) {
			total += session.traffic(index);
		}
		return reportedTraffic.accumulateAndGet(index, total, Math::max);
	}

	/**
	 * Every {@link Traffic} figure (indexed by ordinal) in one pass over the sessions;
	 * each as {@link #traffic(Traffic)} returns it.
	 */
	public long[] traffic() {
		long[] totals = new long[Traffic.COUNT];
		for (int i = 0; i < totals.length; i++) {
			totals[i] = closedTraffic.get(i);
		}
		for (EngineSession session : sessions.values()) {
			for (int i = 0; i < totals.length; i++) {
				totals[i] += session.traffic(i);
			}
		}
		for (int i = 0; i < totals.length; i++) {
			totals[i] = reportedTraffic.accumulateAndGet(i, totals[i], Math::max);
		}
		return totals;
	}

	/** Adds a closing session's counts (taken from it) to the closed sessions' ones. */
	void addClosedTraffic(long[] counts) {
		for (int i = 0; i < counts.length; i++) {
			if (counts[i] != 0) {
				closedTraffic.addAndGet(i, counts[i]);
			}
		}
	}

	/**
	 * Listens to refused requests, like Node's {@code io.engine.on("connection_error")}:
	 * every request answered with an error of the table (unknown transport or session,
	 * bad handshake method, bad request, forbidden, unsupported protocol version),
	 * polling and WebSocket alike, with the code, message, context and a snapshot of the
	 * request. Listeners run on the {@linkplain #listenerExecutor() listener executor}
	 * (not in order); the 503s of {@link #setMaxConnections(int) the connection limit}
	 * and of a shutdown go to {@link EngineObserver#handshakeRefused} instead.
	 */
	public void onConnectionError(Consumer<ConnectionError> listener) {
		connectionErrorListeners.add(listener);
	}

	/** Removes a listener registered with {@link #onConnectionError(Consumer)}. */
	public void offConnectionError(Consumer<ConnectionError> listener) {
		connectionErrorListeners.remove(listener);
	}

	/** The registered observers as one, or {@code null} when none is registered. */
	public @Nullable EngineObserver observer() {
		return observer;
	}

	/**
	 * Sets the largest number of open sessions; handshakes beyond it are refused with 503
	 * (Service Unavailable), which clients retry with their reconnection backoff.
	 * {@code 0} (the default) for no limit. May be changed while the server runs.
	 */
	public void setMaxConnections(int maxConnections) {
		if (maxConnections < 0) {
			throw new IllegalArgumentException(
					"maxConnections must be 0 (no limit) or positive, was " + maxConnections);
		}
		this.maxConnections = maxConnections;
	}

	/** The largest number of open sessions, {@code 0} for no limit. */
	public int maxConnections() {
		return maxConnections;
	}

	/**
	 * Sets the memory budget of the whole server: the bytes all sessions together may pin
	 * (outbound packets queued or in flight, each with a fixed overhead, received packets
	 * waiting for their listeners, attachments of binary packets not yet complete). From
	 * {@value #MEMORY_HANDSHAKE_PERCENT} % of it new handshakes get 503; over it the
	 * sessions that pin the most are closed ({@link CloseReason#MEMORY_BUDGET}) until the
	 * total is back under it, checked every {@value #MEMORY_CHECK_MILLIS} ms. {@code 0}
	 * (the default) for no budget. May be changed while the server runs.
	 */
	public void setMaxMemory(long bytes) {
		if (bytes < 0) {
			throw new IllegalArgumentException("maxMemory must be 0 (no budget) or positive, was " + bytes);
		}
		this.maxMemory = bytes;
		synchronized (memoryUsed) {
			if (bytes > 0 && memoryCheck == null && !closed) {
				memoryCheck = scheduler.schedule(this::checkMemory, MEMORY_CHECK_MILLIS);
			}
		}
	}

	/** The memory budget in bytes, {@code 0} for none. */
	public long maxMemory() {
		return maxMemory;
	}

	/**
	 * The bytes the open sessions pin now, as counted against {@link #maxMemory()} (an
	 * estimate: packets count their bytes plus a fixed overhead; each session's outbound
	 * bytes, and its inbound ones, count once they differ from what it last reported by
	 * {@link #memoryReportSlack()} or drop to nothing).
	 */
	public long memoryUsed() {
		return memoryUsed.sum();
	}

	/**
	 * How many outbound bytes a session may hold, or give back, before they count in
	 * {@link #memoryUsed()}, and as many inbound ones (received packets waiting for their
	 * listeners): a client that takes every frame before the next one, or whose events
	 * are handled as they arrive, never touches the shared total, and the total lags by
	 * at most this much each way per session. {@value EngineSession#MEMORY_REPORT_SLACK}
	 * bytes unless changed; {@code 0} counts every byte at once.
	 */
	public long memoryReportSlack() {
		return memoryReportSlack;
	}

	/** Sets {@link #memoryReportSlack()} (sessions opened from now on use it). */
	public void setMemoryReportSlack(long bytes) {
		if (bytes < 0) {
			throw new IllegalArgumentException("memoryReportSlack must be 0 or positive, was " + bytes);
		}
		this.memoryReportSlack = bytes;
	}

	private volatile long memoryReportSlack = EngineSession.MEMORY_REPORT_SLACK;

	/** A session's pinned bytes changed. Cheap: called on every send and receive. */
	void countMemory(long delta) {
		memoryUsed.add(delta);
	}

	/** How often the budget is checked, in milliseconds. */
	static final long MEMORY_CHECK_MILLIS = 100;

	/** The share of the budget from which handshakes are refused. */
	static final int MEMORY_HANDSHAKE_PERCENT = 90;

	private void checkMemory() {
		long max = maxMemory;
		synchronized (memoryUsed) {
			memoryCheck = (max > 0 && !closed) ? scheduler.schedule(this::checkMemory, MEMORY_CHECK_MILLIS) : null;
		}
		if (max <= 0) {
			return;
		}
		long used = memoryUsed.sum();
		if (used <= max) {
			if (used < max / 100 * MEMORY_HANDSHAKE_PERCENT) {
				sheddingLogged = false;
			}
			return;
		}
		shed(used, max);
	}

	/**
	 * Closes the sessions that pin the most until the total is back under the budget.
	 * Runs on the timer thread.
	 */
	private void shed(long used, long max) {
		List<EngineSession> largest = new ArrayList<>(sessions.values());
		// read once: the sizes move while the sessions are sorted
		Map<EngineSession, Long> sizes = new java.util.IdentityHashMap<>();
		for (EngineSession session : largest) {
			sizes.put(session, session.pinnedBytes());
		}
		largest.sort((a, b) -> Long.compare(sizes.get(b), sizes.get(a)));
		List<EngineSession> shed = new ArrayList<>();
		long freed = 0;
		for (EngineSession session : largest) {
			if (used - freed <= max) {
				break;
			}
			long size = sizes.get(session);
			if (size <= 0) {
				break;
			}
			shed.add(session);
			freed += size;
		}
		if (!sheddingLogged) {
			sheddingLogged = true;
			logger.log(System.Logger.Level.WARNING,
					"Socket.IO memory budget exceeded: clients pin {0} bytes of {1} allowed (socketio.memory.max-total);"
							+ " closing the {2} connection(s) that pin the most ({3} bytes)",
					used, max, shed.size(), freed);
		}
		else {
			logger.log(System.Logger.Level.DEBUG, "Memory budget still exceeded ({0} of {1} bytes): closing {2} more",
					used, max, shed.size());
		}
		for (EngineSession session : shed) {
			logger.log(System.Logger.Level.DEBUG, "Closing {0}: it pins {1} bytes, the most while over the budget",
					session.id(), sizes.get(session));
			session.close(CloseReason.MEMORY_BUDGET, "server memory budget exceeded");
		}
	}

	/** Whether the pinned bytes are near the budget: handshakes are refused. */
	private boolean nearMemoryBudget() {
		long max = maxMemory;
		return max > 0 && memoryUsed.sum() >= max / 100 * MEMORY_HANDSHAKE_PERCENT;
	}

	/**
	 * Whether the server was closed (shutting down): new handshakes are refused with 503.
	 */
	public boolean isClosed() {
		return closed;
	}

	/** Number of open sessions. */
	public int clientsCount() {
		return sessions.size();
	}

	/** The open sessions. */
	public Collection<? extends EngineSocket> sessions() {
		return List.copyOf(sessions.values());
	}

	/** The open session with this id, or {@code null}. */
	public @Nullable EngineSocket session(String id) {
		return sessions.get(id);
	}

	/**
	 * Whether a request path belongs to this server: a prefix match on
	 * {@link EngineOptions#path()} (which ends with {@code /}), and the path without its
	 * trailing slash too when {@link EngineOptions#addTrailingSlash()} is off, as in
	 * Node.
	 */
	public boolean matches(String path) {
		String mount = options.path();
		return path.startsWith(mount)
				|| !options.addTrailingSlash() && path.equals(mount.substring(0, mount.length() - 1));
	}

	// ---------------------------------------------------------------- HTTP

	/**
	 * Handles a request that is not a WebSocket upgrade: a preflight, a handshake, a
	 * polling GET or POST, or an error. Completes the exchange now or later (a parked
	 * GET).
	 */
	public void handle(HttpExchange exchange) {
		Map<String, String> headers = new LinkedHashMap<>();
		CorsPolicy cors = options.cors();
		if (cors != null) {
			if (CorsPolicy.isPreflight(exchange)) {
				cors.applyToPreflight(exchange, headers);
				headers.put("Content-Length", "0");
				exchange.respond(new HttpResponse(204, headers, new byte[0]));
				return;
			}
			cors.applyToResponse(exchange, headers);
		}
		if (closed) {
			respondUnavailable(exchange, headers, "shutting_down");
			return;
		}
		Verdict verdict = verify(exchange, false);
		if (verdict.error() != null) {
			refused(exchange, verdict.error(), verdict.context());
			answers.error(exchange, headers, verdict.error());
			return;
		}
		EngineSession session = verdict.session();
		if (session == null) {
			String refusal = handshakeRefusal();
			if (refusal != null) {
				respondUnavailable(exchange, headers, refusal);
				return;
			}
			decide(exchange, (decision) -> {
				if (!decision.allowed()) {
					answers.error(exchange, headers, EngineError.FORBIDDEN, decision.message());
				}
				else if (closed) {
					// the server closed while an asynchronous gate decided
					respondUnavailable(exchange, headers, "shutting_down");
				}
				else {
					handshakePolling(exchange, headers);
				}
			});
			return;
		}
		addHeaders(options.headers(), exchange, headers);
		switch (exchange.method()) {
			case "GET" -> session.onPollingGet(exchange, headers);
			case "POST" -> session.onPollingPost(exchange, headers);
			default -> session.onUnknownMethod(exchange, headers);
		}
	}

	/**
	 * The outcome of {@link #verify}: an error of the table, or the session the request
	 * belongs to ({@code null} for a handshake).
	 */
	private record Verdict(@Nullable EngineError error, @Nullable EngineSession session,
			Map<String, @Nullable Object> context) {

		static final Verdict HANDSHAKE = new Verdict(null, null, Map.of());

		static Verdict of(EngineSession session) {
			return new Verdict(null, session, Map.of());
		}

		/** A refusal with its context: Node's key, value pairs (values may be null). */
		static Verdict refuse(EngineError error, @Nullable Object... context) {
			Map<String, @Nullable Object> map = new LinkedHashMap<>();
			for (int i = 0; i + 1 < context.length; i += 2) {
				map.put((String) context[i], context[i + 1]);
			}
			return new Verdict(error, null, Collections.unmodifiableMap(map));
		}
	}

	/**
	 * Checks a request against the error table, in Node's order, for polling
	 * ({@code upgrade} false) and WebSocket upgrades alike: server closed, transport,
	 * {@code Origin} characters (and, for an upgrade, the allowed origins), then either
	 * the handshake (method, protocol version; the request gate runs after this) or the
	 * session (known, not timed out, same principal) and what it allows (polling still,
	 * or an upgrade). A refusal carries Node's {@code connection_error} context.
	 */
	private Verdict verify(EngineRequest request, boolean upgrade) {
		if (closed) {
			return Verdict.refuse(EngineError.BAD_REQUEST, "name", "SERVER_SHUTTING_DOWN");
		}
		String transport = request.queryParameter("transport");
		boolean transportAllowed = upgrade
				? EngineOptions.WEBSOCKET.equals(transport) && options.allowsTransport(EngineOptions.WEBSOCKET)
				: options.allowsTransport(transport);
		if (!transportAllowed) {
			return Verdict.refuse(EngineError.TRANSPORT_UNKNOWN, "transport", transport);
		}
		String origin = request.header("Origin");
		if (hasInvalidHeaderChars(origin)) {
			return Verdict.refuse(EngineError.BAD_REQUEST, "name", "INVALID_ORIGIN", "origin", origin);
		}
		CorsPolicy cors = options.cors();
		if (upgrade && ((cors != null) ? !cors.isOriginAllowed(origin) : !CorsPolicy.isSameOrigin(request))) {
			// polling answers carry CORS headers instead; without a CORS policy only the
			// server's own
			// pages (and non-browser clients) may open a WebSocket, as Spring's WebSocket
			// support
			// does: cross-site WebSocket hijacking
			return Verdict.refuse(EngineError.FORBIDDEN, "name", "ORIGIN_NOT_ALLOWED", "origin", origin);
		}
		String sid = request.queryParameter("sid");
		if (sid == null) {
			if (!upgrade && !"GET".equals(request.method())) {
				return Verdict.refuse(EngineError.BAD_HANDSHAKE_METHOD, "method", request.method());
			}
			if (!upgrade && EngineOptions.WEBSOCKET.equals(transport)) {
				return Verdict.refuse(EngineError.BAD_REQUEST, "name", "TRANSPORT_HANDSHAKE_ERROR");
			}
			String protocol = request.queryParameter("EIO");
			if (protocolOf(request) == 3 && !options.allowEio3()) {
				return Verdict.refuse(EngineError.UNSUPPORTED_PROTOCOL_VERSION, "protocol", protocol);
			}
			return Verdict.HANDSHAKE;
		}
		EngineSession session = sessions.get(sid);
		if (session == null || session.expireIfOverdue()) {
			return Verdict.refuse(EngineError.UNKNOWN_SID, "sid", sid);
		}
		if (!principalMatches(session, request)) {
			return Verdict.refuse(EngineError.FORBIDDEN, "name", "PRINCIPAL_MISMATCH");
		}
		if (upgrade) {
			// a session already on (or moving to) WebSocket is not refused here: like
			// Node, the 101 is
			// completed and onWebSocketOpen closes the extra socket (clients expect a
			// close, not a 400)
			return options.allowUpgrades() ? Verdict.of(session)
					: Verdict.refuse(EngineError.BAD_REQUEST, "name", "UPGRADES_NOT_ALLOWED");
		}
		if (!EngineOptions.POLLING.equals(transport) || !session.isPolling()) {
			return Verdict.refuse(EngineError.BAD_REQUEST, "name", "TRANSPORT_MISMATCH", "transport", transport,
					"previousTransport", session.transport());
		}
		return Verdict.of(session);
	}

	/**
	 * Runs the request gate (Node's {@code allowRequest}) for a handshake and hands its
	 * decision to {@code then}: at once for a synchronous gate (or none), later on the
	 * thread that completes an asynchronous one. A gate that throws or fails refuses. A
	 * refusal is reported to the connection error listeners.
	 */
	private void decide(EngineRequest request, Consumer<AsyncRequestGate.Decision> then) {
		AsyncRequestGate gate = options.requestGate();
		if (gate == null) {
			then.accept(AsyncRequestGate.Decision.allow());
			return;
		}
		CompletionStage<AsyncRequestGate.Decision> stage;
		try {
			stage = gate.decide(request);
		}
		catch (RuntimeException ex) {
			stage = CompletableFuture.failedFuture(ex);
		}
		stage.whenComplete((decision, failure) -> {
			AsyncRequestGate.Decision outcome = decision;
			if (failure != null || decision == null) {
				logger.log(System.Logger.Level.WARNING, "Request gate failed; handshake refused", failure);
				outcome = AsyncRequestGate.Decision.refuse();
			}
			if (!outcome.allowed()) {
				String message = outcome.message();
				refused(request, EngineError.FORBIDDEN, (message != null) ? Map.of("message", message) : Map.of());
			}
			then.accept(outcome);
		});
	}

	/** Tells the connection error listeners, if any, that a request was refused. */
	private void refused(EngineRequest request, EngineError error, Map<String, @Nullable Object> context) {
		if (connectionErrorListeners.isEmpty()) {
			return;
		}
		RequestSnapshot snapshot = RequestSnapshot.of(request);
		Map<String, Object> values = new LinkedHashMap<>();
		context.forEach((key, value) -> {
			if (value != null) {
				values.put(key, value);
			}
		});
		ConnectionError event = ConnectionError.of(snapshot, error, values);
		for (Consumer<ConnectionError> listener : connectionErrorListeners) {
			listenerExecutor.execute(() -> {
				try {
					listener.accept(event);
				}
				catch (RuntimeException ex) {
					logger.log(System.Logger.Level.WARNING, "Connection error listener failed", ex);
				}
			});
		}
	}

	/**
	 * The protocol revision a handshake asks for: 4 for {@code EIO=4}, else 3 (as Node,
	 * which takes anything but "4" for the 3rd revision).
	 */
	private static int protocolOf(EngineRequest request) {
		return "4".equals(request.queryParameter("EIO")) ? 4 : 3;
	}

	private void handshakePolling(HttpExchange exchange, Map<String, String> headers) {
		EngineSession session = createSession(exchange, null);
		addHeaders(options.initialHeaders(), exchange, headers);
		addHeaders(options.headers(), exchange, headers);
		CookieOptions cookie = options.cookie();
		if (cookie != null) {
			headers.put("Set-Cookie", cookie.headerValue(session.id()));
		}
		boolean upgrades = options.allowUpgrades() && options.allowsTransport(EngineOptions.WEBSOCKET);
		EnginePacket open = EnginePacket.of(EnginePacketType.OPEN, session.handshakeJson(upgrades));
		session.answerPolling(exchange, headers, List.of(open));
	}

	private EngineSession createSession(EngineRequest request, @Nullable WebSocketConnection webSocket) {
		String id = options.sessionIdGenerator().apply(request);
		// a request that may be kept as it is saves a copy per connection
		EngineRequest kept = request.retainable() ? request : RequestSnapshot.of(request);
		EngineSession session = new EngineSession(this, id, kept, webSocket, protocolOf(request));
		sessions.put(id, session);
		if (webSocket != null) {
			// the open packet is the first frame, before anything the handler or
			// listeners send
			session.send(List.of(EnginePacket.of(EnginePacketType.OPEN, session.handshakeJson(false))), false);
		}
		Consumer<EngineSocket> handler = connectionHandler;
		if (handler != null) {
			handler.accept(session);
		}
		EngineObserver watcher = observer;
		if (watcher != null) {
			Observers.call(() -> watcher.sessionOpened(session));
		}
		if (!connectionListeners.isEmpty()) {
			session.executor().execute(() -> {
				for (Consumer<EngineSocket> listener : connectionListeners) {
					listener.accept(session);
				}
			});
		}
		return session;
	}

	void remove(EngineSession session) {
		sessions.remove(session.id(), session);
	}

	/**
	 * With {@code requireSamePrincipal}, a request must come from the user who opened the
	 * session.
	 */
	private boolean principalMatches(EngineSession session, EngineRequest request) {
		if (!options.requireSamePrincipal()) {
			return true;
		}
		java.security.Principal owner = session.request().principal();
		java.security.Principal caller = request.principal();
		if (owner == null || caller == null) {
			return owner == caller;
		}
		return owner.getName().equals(caller.getName());
	}

	// ---------------------------------------------------------------- WebSocket

	/**
	 * Decides, before the WebSocket handshake, whether an upgrade request may proceed. A
	 * rejection is a plain HTTP response (400 with a {@code text/html} body, 403, or 503)
	 * written instead of the 101; an acceptance carries the headers of the
	 * {@link EngineOptions#initialHeaders() initialHeaders} (a new session) and
	 * {@link EngineOptions#headers() headers} hooks for the 101. Completes at once unless
	 * an {@link AsyncRequestGate} is still deciding a handshake.
	 */
	public CompletableFuture<UpgradeDecision> decideUpgrade(EngineRequest request) {
		String refusal = closed ? "shutting_down" : (request.queryParameter("sid") == null) ? handshakeRefusal() : null;
		if (refusal != null) {
			handshakeRefused(request, refusal);
			if (MEMORY_BUDGET.equals(refusal)) {
				Map<String, String> headers = new LinkedHashMap<>();
				headers.put("Content-Type", "application/json");
				return CompletableFuture
					.completedFuture(UpgradeDecision.reject(HttpResponse.text(503, headers, unavailableJson(refusal))));
			}
			return CompletableFuture.completedFuture(rejectUpgrade(503, UNAVAILABLE_MESSAGE));
		}
		Verdict verdict = verify(request, true);
		EngineError error = verdict.error();
		if (error != null) {
			refused(request, error, verdict.context());
			return CompletableFuture.completedFuture(rejectUpgrade(error.status(), error.message()));
		}
		EngineSession session = verdict.session();
		if (session != null) {
			// the client may send its probe and upgrade packets before the stack opens
			// the socket here
			session.expectUpgrade();
			return CompletableFuture.completedFuture(UpgradeDecision.accept(upgradeHeaders(request, false)));
		}
		CompletableFuture<UpgradeDecision> result = new CompletableFuture<>();
		decide(request, (decision) -> {
			if (!decision.allowed()) {
				String message = decision.message();
				result.complete(rejectUpgrade(EngineError.FORBIDDEN.status(),
						(message != null) ? message : EngineError.FORBIDDEN.message()));
			}
			else {
				result.complete(UpgradeDecision.accept(upgradeHeaders(request, true)));
			}
		});
		return result;
	}

	/**
	 * {@link #decideUpgrade} for a caller that must decide on its own thread: waits for
	 * an asynchronous request gate at most {@link EngineOptions#upgradeTimeout()}, then
	 * refuses with 503.
	 */
	public UpgradeDecision checkUpgrade(EngineRequest request) {
		CompletableFuture<UpgradeDecision> decision = decideUpgrade(request);
		if (decision.isDone()) {
			return decision.join();
		}
		try {
			return decision.get(options.upgradeTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (TimeoutException | ExecutionException ex) {
			logger.log(System.Logger.Level.WARNING, "Request gate did not decide within {0}; handshake refused",
					options.upgradeTimeout());
		}
		return rejectUpgrade(503, UNAVAILABLE_MESSAGE);
	}

	private static UpgradeDecision rejectUpgrade(int status, String message) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "text/html");
		return UpgradeDecision.reject(HttpResponse.text(status, headers, message));
	}

	/**
	 * The headers the hooks add to a 101: Node's {@code initial_headers} for a new
	 * session, {@code headers} for every one.
	 */
	private Map<String, String> upgradeHeaders(EngineRequest request, boolean handshake) {
		HeadersHook initial = handshake ? options.initialHeaders() : null;
		HeadersHook every = options.headers();
		if (initial == null && every == null) {
			return Map.of();
		}
		Map<String, String> headers = new LinkedHashMap<>();
		addHeaders(initial, request, headers);
		addHeaders(every, request, headers);
		return headers;
	}

	/**
	 * A WebSocket was opened (the 101 was sent) for a request that {@link #checkUpgrade}
	 * accepted. Starts a session on it, or makes it an upgrade candidate of the polling
	 * session named by {@code sid}. A WebSocket that is no longer acceptable (for example
	 * a second one for the same session) is closed.
	 * @return the receiver the binding feeds with the frames of this connection
	 */
	public WebSocketReceiver onWebSocketOpen(EngineRequest request, WebSocketConnection connection) {
		Verdict verdict = verify(request, true);
		if (verdict.error() != null) {
			// accepted by decideUpgrade, but no longer acceptable (the session went away)
			refused(request, verdict.error(), verdict.context());
			connection.close(1008, verdict.error().message());
			return CLOSED_RECEIVER;
		}
		EngineSession session = verdict.session();
		if (session == null) {
			String refusal = handshakeRefusal();
			if (refusal != null) {
				handshakeRefused(request, refusal);
				connection.close(1013, UNAVAILABLE_MESSAGE);
				return CLOSED_RECEIVER;
			}
			return createSession(request, connection).webSocketReceiver();
		}
		WebSocketReceiver candidate = session.upgradeCandidate(connection);
		if (candidate == null) {
			connection.close(1008, "Only one WebSocket per session");
			return CLOSED_RECEIVER;
		}
		return candidate;
	}

	// ---------------------------------------------------------------- responses

	private static final String UNAVAILABLE_MESSAGE = "Server unavailable";

	/** The refusal reason of a handshake near the memory budget. */
	private static final String MEMORY_BUDGET = "memory_budget";

	/** Why a new session is refused now ({@code null} when it is not). */
	private @Nullable String handshakeRefusal() {
		int max = maxConnections;
		if (max > 0 && sessions.size() >= max) {
			return "max_connections";
		}
		return nearMemoryBudget() ? MEMORY_BUDGET : null;
	}

	/** 503 for a handshake while shutting down or over a limit. */
	private void respondUnavailable(HttpExchange exchange, Map<String, String> headers, String reason) {
		handshakeRefused(exchange, reason);
		answers.respond(exchange, 503, headers, "application/json",
				unavailableJson(reason).getBytes(StandardCharsets.UTF_8));
	}

	private static String unavailableJson(String reason) {
		String message = MEMORY_BUDGET.equals(reason)
				? UNAVAILABLE_MESSAGE + ": its memory budget for clients is used up, retry later" : UNAVAILABLE_MESSAGE;
		return "{\"code\":3,\"message\":\"" + message + "\"}";
	}

	private void handshakeRefused(EngineRequest request, String reason) {
		EngineObserver watcher = observer;
		if (watcher != null) {
			Observers.call(() -> watcher.handshakeRefused(request, reason));
		}
	}

	private static void addHeaders(@Nullable HeadersHook hook, EngineRequest request, Map<String, String> headers) {
		if (hook != null) {
			hook.apply(request, headers);
		}
	}

	/**
	 * Node refuses an Origin header with characters outside visible ASCII, tab and
	 * Latin-1.
	 */
	private static boolean hasInvalidHeaderChars(@Nullable String value) {
		if (value == null) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!(c == '\t' || c >= 0x20 && c <= 0x7e || c >= 0x80 && c <= 0xff)) {
				return true;
			}
		}
		return false;
	}

	// ---------------------------------------------------------------- lifecycle

	/**
	 * Closes every session ({@link CloseReason#SERVER_SHUTTING_DOWN}), refuses new ones,
	 * and stops the executor and scheduler the server created itself.
	 */
	@Override
	public void close() {
		closed = true;
		synchronized (memoryUsed) {
			if (memoryCheck != null) {
				memoryCheck.cancel();
				memoryCheck = null;
			}
		}
		for (EngineSession session : new ArrayList<>(sessions.values())) {
			session.close(CloseReason.SERVER_SHUTTING_DOWN, null);
		}
		if (ownedScheduler != null) {
			ownedScheduler.close();
		}
		if (ownedExecutor != null) {
			ownedExecutor.shutdown();
		}
	}

	/**
	 * Several observers called in registration order: a plain loop over an array, no
	 * lambda per call (some of these calls happen for every delivery of a broadcast).
	 */
	private static final class CompositeObserver implements EngineObserver {

		private final EngineObserver[] observers;

		CompositeObserver(List<EngineObserver> observers) {
			this.observers = observers.toArray(new EngineObserver[0]);
		}

		@Override
		public void sessionOpened(EngineSocket session) {
			for (EngineObserver observer : observers) {
				observer.sessionOpened(session);
			}
		}

		@Override
		public void sessionClosed(EngineSocket session, String transport, CloseReason reason) {
			for (EngineObserver observer : observers) {
				observer.sessionClosed(session, transport, reason);
			}
		}

		@Override
		public void handshakeRefused(EngineRequest request, String reason) {
			for (EngineObserver observer : observers) {
				observer.handshakeRefused(request, reason);
			}
		}

		@Override
		public void upgraded(EngineSocket session) {
			for (EngineObserver observer : observers) {
				observer.upgraded(session);
			}
		}

		@Override
		public void upgradeFailed(EngineSocket session, String why) {
			for (EngineObserver observer : observers) {
				observer.upgradeFailed(session, why);
			}
		}

		@Override
		public void messageReceived(EngineSocket session, Object data) {
			for (EngineObserver observer : observers) {
				observer.messageReceived(session, data);
			}
		}

		@Override
		public void messagesSent(EngineSocket session, List<EnginePacket> packets) {
			for (EngineObserver observer : observers) {
				observer.messagesSent(session, packets);
			}
		}

		@Override
		public void volatileDropped(EngineSocket session, List<EnginePacket> packets) {
			for (EngineObserver observer : observers) {
				observer.volatileDropped(session, packets);
			}
		}

	}

}
