package dev.realtime.socketio.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.engine.codec.EnginePacketType;
import dev.realtime.socketio.engine.spi.EngineRequest;
import dev.realtime.socketio.engine.spi.HttpExchange;
import dev.realtime.socketio.engine.spi.WebSocketConnection;
import dev.realtime.socketio.engine.spi.WebSocketReceiver;
import dev.realtime.socketio.engine.transport.EngineError;
import dev.realtime.socketio.engine.transport.PollingTransport;
import dev.realtime.socketio.engine.transport.Transport;
import dev.realtime.socketio.engine.transport.TransportListener;
import dev.realtime.socketio.engine.transport.WebSocketTransport;
import org.jspecify.annotations.Nullable;

/**
 * One Engine.IO session: the heartbeat, the bounded outbound queue, the current transport
 * (and the {@link Upgrade} from polling to WebSocket), and the one way to close.
 *
 * <h2>States</h2> <pre>
 *  OPEN ──close()──────────────▶ CLOSING ──queue written / next GET / 30 s──▶ CLOSED
 *    └──close(reason): ping timeout, transport close or error, parse error, overflow ──▶ CLOSED
 * </pre> {@code close()} is graceful: what is queued still goes out, followed by a close
 * packet (polling) or a close frame (WebSocket). Every path into CLOSED goes through
 * {@link #terminate}, which cancels the timers, answers a parked GET, closes the
 * WebSockets, forgets the session and tells the handler once (only when it leaves OPEN: a
 * graceful close told it already).
 *
 * <h2>Locking</h2> The session's monitor guards its state, the queue, the heartbeat, the
 * {@link Upgrade} and the transports' own state (they are handed {@code this} as their
 * lock). Frames are handed to the binding under it (bindings never block on a send); HTTP
 * answers, connection closes, handler and observer calls happen outside it. Transports
 * raise what happens on them through {@link TransportListener}, without the monitor held.
 */
final class EngineSession implements EngineSocket, TransportListener {

	/**
	 * What a queued packet pins besides its bytes (the packet, its text, the queue's
	 * slot), counted against {@code maxBufferedBytes}: a client that never reads tiny
	 * packets (acks of tiny events) must not pin many times the limit.
	 */
	static final int QUEUED_PACKET_OVERHEAD = 128;

	private static final System.Logger logger = System.getLogger(EngineSession.class.getName());

	private static final EnginePacket PROBE_ANSWER = EnginePacket.of(EnginePacketType.PONG, "probe");

	/**
	 * How long a server-initiated close over polling waits for the client's next GET
	 * (Node: 30 s).
	 */
	private static final long POLLING_CLOSE_GRACE_MILLIS = 30_000;

	/**
	 * How long a GET held during an upgrade waits before it gets its noop (Node's check
	 * interval).
	 */
	private static final long UPGRADE_CHECK_MILLIS = 100;

	/** How often a session stalled on an unwritable binding checks again. */
	private static final long WRITABILITY_RETRY_MILLIS = 10;

	private enum State {

		OPEN, CLOSING, CLOSED

	}

	private final EngineServer server;

	private final EngineOptions options;

	private final String id;

	private final EngineRequest request;

	private final SerialExecutor executor;

	private final Scheduler scheduler;

	/**
	 * The polling transport a session opened over HTTP; {@code null} for one opened on
	 * WebSocket.
	 */
	private final @Nullable PollingTransport polling;

	/**
	 * The WebSocket a session was opened on, or {@code null}: its frames need no lock to
	 * route.
	 */
	private final @Nullable WebSocketTransport openedOnWebSocket;

	/**
	 * The way to WebSocket of a polling session; {@code null} for one opened on
	 * WebSocket.
	 */
	private final @Nullable Upgrade upgrade;

	/**
	 * Whether the client speaks Engine.IO v3: it pings (the server pongs), and its
	 * transports frame packets the v3 way.
	 */
	private final boolean eio3;

	/** Whether a v3 client takes binary (it did not ask for {@code b64}). */
	private final boolean supportsBinary;

	private volatile Handler handler;

	/** Empty and shared until a listener comes (most sessions get a handler instead). */
	private volatile List<Consumer<Object>> messageListeners = List.of();

	private volatile List<Consumer<CloseReason>> closeListeners = List.of();

	/**
	 * The {@link EngineEvent} listeners, {@code null} until one is registered: the hot
	 * paths check only that.
	 */
	private volatile @Nullable EngineEventListeners events;

	/**
	 * Marks {@link #inboundPinned} and {@link #inboundReported} once the session is
	 * closed: later counts are ignored. Half of {@code Long.MIN_VALUE}, so that what is
	 * added to it afterwards keeps it negative.
	 */
	private static final long RELEASED = Long.MIN_VALUE / 2;

	/**
	 * Bytes the layer above holds for this session ({@link #accountInbound}): added on
	 * the I/O thread, removed on the listener executor, atomically ({@code getAndAdd});
	 * {@link #RELEASED} once closed.
	 */
	private volatile long inboundPinned;

	/**
	 * The part of {@link #inboundPinned} already added to the server's total: as on the
	 * outbound side, the difference is handed over once it reaches the report slack or
	 * the session holds nothing more, so a client whose packets are handled as they
	 * arrive never touches the shared total. Changed by compare-and-set;
	 * {@link #RELEASED} once closed.
	 */
	private volatile long inboundReported;

	/**
	 * Outbound bytes this session counts in the server's memory budget: queued packets
	 * with their overhead, frames in flight. Written under the monitor; read without it
	 * (opaque) by the budget's shedding.
	 */
	private long outboundPinned;

	/**
	 * The part of {@link #outboundPinned} already added to the server's total. The
	 * difference is handed over only once it reaches {@link #MEMORY_REPORT_SLACK} or the
	 * session holds nothing more, so a fast client (every frame written before the next)
	 * never touches the shared total. Guarded by the monitor.
	 */
	private long outboundReported;

	/**
	 * Outbound bytes a session may hold without counting them in the server's total: the
	 * budget lags by at most this much per session.
	 */
	static final long MEMORY_REPORT_SLACK = 1024;

	/** {@link EngineServer#memoryReportSlack()} when this session opened. */
	private final long reportSlack;

	/**
	 * Bytes queued or in flight ({@link #bufferedBytes()}): written under the monitor,
	 * read without it (opaque), so observers see it without taking the lock.
	 */
	private long buffered;

	/** The transport's name: written under the monitor, read without it (volatile). */
	private volatile String transportName;

	/**
	 * The messages and bytes this session received and sent, by {@link Traffic} ordinal,
	 * or {@code null} when the server has not counted traffic since the session opened.
	 * The outbound figures are written under the monitor, the inbound ones atomically
	 * (I/O threads); read opaque by {@link EngineServer#traffic(Traffic)}, taken (zeroed)
	 * when the session closes. Kept when counting stops, so that no count is lost.
	 */
	private long @Nullable [] traffic;

	/**
	 * {@link #traffic} while the server counts traffic, {@code null} while it does not
	 * ({@link EngineServer#countTraffic(boolean)}): the one field the per-message code
	 * reads. Written under the monitor.
	 */
	private long @Nullable [] counting;

	private static final VarHandle TRAFFIC = MethodHandles.arrayElementVarHandle(long[].class);

	private static final VarHandle OUTBOUND_PINNED;

	private static final VarHandle BUFFERED;

	private static final VarHandle INBOUND_PINNED;

	private static final VarHandle INBOUND_REPORTED;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			OUTBOUND_PINNED = lookup.findVarHandle(EngineSession.class, "outboundPinned", long.class);
			BUFFERED = lookup.findVarHandle(EngineSession.class, "buffered", long.class);
			INBOUND_PINNED = lookup.findVarHandle(EngineSession.class, "inboundPinned", long.class);
			INBOUND_REPORTED = lookup.findVarHandle(EngineSession.class, "inboundReported", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	// ---- guarded by this

	/**
	 * Written under the monitor; volatile so that {@link #isOpen()} (asked for every
	 * received message) reads it without taking the monitor.
	 */
	private volatile State state = State.OPEN;

	/**
	 * The WebSocket carrying the session (opened on it, or upgraded to it); polling while
	 * null.
	 */
	private @Nullable WebSocketTransport webSocket;

	/**
	 * Made when a packet is queued and dropped once drained: an idle connection holds
	 * none (48 bytes with room for one packet).
	 */
	private @Nullable ArrayDeque<EnginePacket> queue;

	private long queuedBytes;

	private boolean flushing;

	private boolean closeAfterFlush;

	private Scheduler.@Nullable Cancellable retryFlush;

	private @Nullable List<Runnable> writtenWaiters;

	/** One timer slot: first the ping, then the pong deadline. */
	private Scheduler.@Nullable Cancellable heartbeat;

	private boolean awaitingPong;

	private long pongDeadline;

	private Scheduler.@Nullable Cancellable closeTimer;

	EngineSession(EngineServer server, String id, EngineRequest request, @Nullable WebSocketConnection webSocket) {
		this(server, id, request, webSocket, 4);
	}

	/**
	 * @param protocol the Engine.IO protocol revision of the handshake: 4, or 3 for
	 * clients of {@code socket.io-client} 2.x
	 */
	EngineSession(EngineServer server, String id, EngineRequest request, @Nullable WebSocketConnection webSocket,
			int protocol) {
		this.eio3 = protocol == 3;
		String b64 = request.queryParameter("b64");
		this.supportsBinary = b64 == null || b64.isEmpty();
		this.server = server;
		this.options = server.options();
		this.id = id;
		this.request = request;
		this.executor = new SerialExecutor(server.listenerExecutor());
		this.scheduler = server.scheduler();
		this.handler = new ListenerDispatch();
		this.reportSlack = server.memoryReportSlack();
		this.traffic = server.countsTraffic() ? new long[Traffic.COUNT] : null;
		this.counting = this.traffic;
		this.transportName = (webSocket != null) ? WebSocketTransport.NAME : PollingTransport.NAME;
		if (webSocket != null) {
			this.openedOnWebSocket = newWebSocket(webSocket);
			this.polling = null;
			this.upgrade = null;
		}
		else {
			this.openedOnWebSocket = null;
			this.polling = new PollingTransport(this, server.answers(), options.maxHttpBufferSize(), executor, this,
					eio3, supportsBinary);
			this.upgrade = new Upgrade();
		}
		synchronized (this) {
			this.webSocket = openedOnWebSocket;
			if (eio3) {
				awaitClientPingLocked();
			}
			else {
				schedulePing();
			}
		}
	}

	private WebSocketTransport newWebSocket(WebSocketConnection connection) {
		return new WebSocketTransport(this, connection, options.maxHttpBufferSize(), options.writeHighWaterMark(), this,
				eio3, supportsBinary);
	}

	@Override
	public String id() {
		return id;
	}

	@Override
	public EngineRequest request() {
		return request;
	}

	@Override
	public String transport() {
		return transportName;
	}

	@Override
	public boolean isOpen() {
		return state == State.OPEN;
	}

	synchronized boolean isPolling() {
		return webSocket == null;
	}

	@Override
	public Executor executor() {
		return executor;
	}

	@Override
	public int protocol() {
		return eio3 ? 3 : 4;
	}

	@Override
	public void onMessage(Consumer<Object> listener) {
		synchronized (this) {
			if (!(messageListeners instanceof CopyOnWriteArrayList)) {
				messageListeners = new CopyOnWriteArrayList<>(messageListeners);
			}
			messageListeners.add(listener);
		}
	}

	@Override
	public void onClose(Consumer<CloseReason> listener) {
		synchronized (this) {
			if (!(closeListeners instanceof CopyOnWriteArrayList)) {
				closeListeners = new CopyOnWriteArrayList<>(closeListeners);
			}
			closeListeners.add(listener);
		}
	}

	@Override
	public <T> void on(EngineEvent<T> event, Consumer<? super T> listener) {
		EngineEventListeners current = events;
		if (current == null) {
			synchronized (this) {
				current = events;
				if (current == null) {
					current = new EngineEventListeners(executor);
					events = current;
				}
			}
		}
		current.add(event, listener);
	}

	@Override
	public <T> void off(EngineEvent<T> event, Consumer<? super T> listener) {
		EngineEventListeners current = events;
		if (current != null) {
			current.remove(event, listener);
		}
	}

	private void firePacketCreate(List<EnginePacket> packets) {
		EngineEventListeners listeners = events;
		if (listeners != null && listeners.has(EngineEvent.PACKET_CREATE)) {
			for (EnginePacket packet : packets) {
				listeners.fire(EngineEvent.PACKET_CREATE, packet);
			}
		}
	}

	/** Fires an event when someone listens (queues it on the executor). */
	private <T> void fire(EngineEvent<T> event, T value) {
		EngineEventListeners current = events;
		if (current != null) {
			current.fire(event, value);
		}
	}

	@Override
	public void setHandler(Handler handler) {
		this.handler = handler;
	}

	/** The open packet's JSON, in Node's key order. */
	String handshakeJson(boolean upgradesAllowed) {
		return "{\"sid\":\"" + id + "\",\"upgrades\":" + (upgradesAllowed ? "[\"websocket\"]" : "[]")
				+ ",\"pingInterval\":" + options.pingInterval().toMillis() + ",\"pingTimeout\":"
				+ options.pingTimeout().toMillis() + ",\"maxPayload\":" + options.maxHttpBufferSize() + "}";
	}

	// ---------------------------------------------------------------- heartbeat

	/** Caller holds the monitor. */
	private void schedulePing() {
		awaitingPong = false;
		heartbeat = scheduler.schedule(this::onPingDue, options.pingInterval().toMillis());
	}

	private void onPingDue() {
		synchronized (this) {
			if (state == State.CLOSED) {
				return;
			}
			awaitingPong = true;
			pongDeadline = scheduler.nowMillis() + options.pingTimeout().toMillis();
			heartbeat = scheduler.schedule(this::onPongOverdue, options.pingTimeout().toMillis());
		}
		send(List.of(EnginePacket.PING), false);
	}

	/**
	 * Engine.IO v3: the client pings; the session closes when no ping came within
	 * {@code pingInterval + pingTimeout} (reusing the pong deadline). Caller holds the
	 * monitor.
	 */
	private void awaitClientPingLocked() {
		long timeout = options.pingInterval().toMillis() + options.pingTimeout().toMillis();
		awaitingPong = true;
		pongDeadline = scheduler.nowMillis() + timeout;
		heartbeat = scheduler.schedule(this::onPongOverdue, timeout);
	}

	/** A v3 client's ping: the deadline moves, and the server answers with a pong. */
	private void onClientPing() {
		synchronized (this) {
			if (state != State.OPEN) {
				return;
			}
			cancel(heartbeat);
			awaitClientPingLocked();
		}
		send(List.of(EnginePacket.PONG), false);
	}

	private void onPongOverdue() {
		close(CloseReason.PING_TIMEOUT, null);
	}

	/**
	 * Closes the session when its pong deadline has passed even if the timer has not
	 * fired yet, so a request arriving right at the deadline sees a closed session,
	 * whatever the timer's jitter.
	 * @return whether the session timed out
	 */
	boolean expireIfOverdue() {
		boolean overdue;
		synchronized (this) {
			overdue = state != State.CLOSED && awaitingPong && scheduler.nowMillis() >= pongDeadline;
		}
		if (overdue) {
			close(CloseReason.PING_TIMEOUT, null);
		}
		return overdue;
	}

	// ---------------------------------------------------------------- inbound
	// (TransportListener)

	/**
	 * Whether a transport carries the session (rather than being an upgrade candidate).
	 */
	private boolean carries(Transport source) {
		if (source == polling || source == openedOnWebSocket) {
			return true;
		}
		synchronized (this) {
			return source == webSocket;
		}
	}

	@Override
	public void onPacket(Transport source, EnginePacket packet) {
		if (carries(source)) {
			fire(EngineEvent.PACKET, packet);
			if (source instanceof WebSocketTransport socket && socket.runsListenersInline()) {
				// the binding's thread may block: the listeners run on it when none are
				// running already (one thread hop less per message)
				SerialExecutor previous = executor.allowInline();
				try {
					onSessionPacket(source, packet);
				}
				finally {
					SerialExecutor.endInline(previous);
				}
			}
			else {
				onSessionPacket(source, packet);
			}
		}
		else {
			onUpgradePacket((WebSocketTransport) source, packet);
		}
	}

	/** One packet of the session's transport. Runs on an I/O thread. */
	private void onSessionPacket(Transport source, EnginePacket packet) {
		switch (packet.type()) {
			case PONG -> {
				if (eio3) {
					close(CloseReason.TRANSPORT_ERROR, "invalid heartbeat direction");
					return;
				}
				synchronized (this) {
					if (state == State.CLOSED || !awaitingPong) {
						return;
					}
					cancel(heartbeat);
					schedulePing();
				}
				fire(EngineEvent.HEARTBEAT, this);
			}
			case MESSAGE -> {
				if (isOpen()) {
					countReceived(source, packet);
					handler.onMessage(packet.content());
				}
			}
			case PING -> {
				if (eio3) {
					onClientPing();
				}
				else {
					close(CloseReason.TRANSPORT_ERROR, "invalid heartbeat direction");
				}
			}
			case CLOSE -> close(CloseReason.TRANSPORT_CLOSE, "client sent a close packet");
			default -> {
				// open, upgrade and noop mean nothing on an established transport
			}
		}
	}

	@Override
	public void onMalformed(Transport source) {
		if (carries(source)) {
			close(CloseReason.PARSE_ERROR, null);
		}
		else {
			abortUpgradeOnUnexpectedPacket((WebSocketTransport) source);
		}
	}

	@Override
	public void onTooBig(Transport source) {
		if (!carries(source)) {
			abortUpgradeOnUnexpectedPacket((WebSocketTransport) source);
			return;
		}
		if (source instanceof WebSocketTransport socket) {
			socket.close(WebSocketTransport.MESSAGE_TOO_BIG, "Message too big");
		}
		close(CloseReason.TRANSPORT_ERROR, "message larger than maxHttpBufferSize");
	}

	@Override
	public void onDrain(WebSocketTransport source, int bytes) {
		List<Runnable> written;
		synchronized (this) {
			source.sentLocked(bytes);
			countOutboundLocked(-bytes);
			flushLocked();
			written = takeWrittenWaitersLocked();
		}
		if (written != null && source.runsListenersInline()) {
			// a new socket's connection listeners wait for its CONNECT answer's write: on
			// a thread that runs listeners inline, they run on it when none are running
			SerialExecutor previous = executor.allowInline();
			try {
				runAll(written);
			}
			finally {
				SerialExecutor.endInline(previous);
			}
			return;
		}
		runAll(written);
	}

	@Override
	public void onClose(Transport source, boolean error, String description) {
		if (source == polling && !error) {
			// the client's close packet in a POST: a parked GET gets a noop, as in Node
			PollingTransport.Parked pending;
			synchronized (this) {
				pending = polling.unparkLocked();
			}
			close(CloseReason.TRANSPORT_CLOSE, description);
			if (pending != null) {
				polling.answer(pending, List.of(EnginePacket.NOOP));
			}
			return;
		}
		if (carries(source)) {
			if (!error && source instanceof WebSocketTransport socket && socket.runsListenersInline()) {
				// the client's close frame, on the thread that read it: the close
				// listeners (the sockets' disconnection) run there when none are running,
				// as a message's do (one thread hand-over less per connection)
				SerialExecutor previous = executor.allowInline();
				try {
					close(CloseReason.TRANSPORT_CLOSE, description);
				}
				finally {
					SerialExecutor.endInline(previous);
				}
				return;
			}
			close(error ? CloseReason.TRANSPORT_ERROR : CloseReason.TRANSPORT_CLOSE, description);
			return;
		}
		boolean failed = false;
		synchronized (this) {
			if (upgrade != null && upgrade.isCandidate(source)) {
				upgrade.end();
				failed = true;
			}
		}
		if (failed) {
			upgradeFailed("closed");
		}
	}

	// ---------------------------------------------------------------- polling

	/** A polling GET for this session. */
	void onPollingGet(HttpExchange exchange, Map<String, String> headers) {
		PollingTransport polling = pollingTransport();
		polling.watchAbort(exchange);
		PollingTransport.Parked overlapped = null;
		List<EnginePacket> payload = null;
		boolean finishClose = false;
		synchronized (this) {
			if (state == State.CLOSED) {
				polling.answerError(exchange, headers, EngineError.UNKNOWN_SID);
				return;
			}
			if (polling.hasParkedLocked()) {
				overlapped = polling.unparkLocked();
			}
			else if (upgrade.probed()) {
				// an upgrade is under way: polling drains with a noop from the upgrade
				// check, unless the
				// upgrade packet (maybe sent before this GET) completes the upgrade first
				polling.parkLocked(exchange, headers, true);
				scheduleUpgradeCheckLocked();
				return;
			}
			else if (queue != null || state == State.CLOSING) {
				payload = drainQueue();
				if (state == State.CLOSING) {
					payload.add(EnginePacket.CLOSE);
					finishClose = true;
				}
			}
			else {
				polling.parkLocked(exchange, headers, upgrade.holdsGets());
				return;
			}
		}
		if (overlapped != null) {
			polling.answerError(exchange, headers, EngineError.BAD_REQUEST);
			close(CloseReason.TRANSPORT_ERROR, "overlap from client");
			polling.answer(overlapped.exchange(), headers, List.of(EnginePacket.CLOSE));
			return;
		}
		polling.answer(exchange, headers, payload);
		if (finishClose) {
			terminate(CloseReason.FORCED_CLOSE, null);
		}
	}

	/** A polling POST for this session. */
	void onPollingPost(HttpExchange exchange, Map<String, String> headers) {
		PollingTransport polling = pollingTransport();
		boolean overlap;
		synchronized (this) {
			if (state == State.CLOSED) {
				polling.answerError(exchange, headers, EngineError.UNKNOWN_SID);
				return;
			}
			overlap = !polling.beginPostLocked();
		}
		if (overlap) {
			polling.answerError(exchange, headers, EngineError.BAD_REQUEST);
			close(CloseReason.TRANSPORT_ERROR, "data request overlap from client");
			return;
		}
		polling.readPost(exchange, headers);
	}

	/** Answers a polling request with packets, framed for this session's protocol. */
	void answerPolling(HttpExchange exchange, Map<String, String> headers, List<EnginePacket> packets) {
		pollingTransport().answer(exchange, headers, packets);
	}

	/** An HTTP method polling does not know. */
	void onUnknownMethod(HttpExchange exchange, Map<String, String> headers) {
		pollingTransport().answerUnknownMethod(exchange, headers);
	}

	private PollingTransport pollingTransport() {
		if (polling == null) {
			// the server routes polling requests only to sessions that were opened over
			// polling
			throw new IllegalStateException("Session " + id + " was opened on WebSocket");
		}
		return polling;
	}

	// ---------------------------------------------------------------- WebSocket and
	// upgrade

	/**
	 * What the binding feeds with the frames of the WebSocket this session was opened on.
	 */
	WebSocketReceiver webSocketReceiver() {
		if (openedOnWebSocket == null) {
			throw new IllegalStateException("Session " + id + " was opened over polling");
		}
		return openedOnWebSocket.receiver();
	}

	/**
	 * Called when an upgrade request for this session passed the checks, before the 101.
	 */
	synchronized void expectUpgrade() {
		if (upgrade != null) {
			upgrade.expect();
		}
	}

	/**
	 * A WebSocket that wants to take over this polling session.
	 * @return its receiver, or {@code null} when an upgrade is not possible now
	 */
	@Nullable WebSocketReceiver upgradeCandidate(WebSocketConnection connection) {
		WebSocketTransport candidate;
		synchronized (this) {
			if (state != State.OPEN || webSocket != null || upgrade == null || upgrade.hasCandidate()) {
				return null;
			}
			candidate = newWebSocket(connection);
			logger.log(System.Logger.Level.DEBUG, "Session {0}: upgrade candidate opened", id);
			upgrade.start(candidate, scheduler.schedule(() -> abortUpgrade(candidate, "upgrade timeout"),
					options.upgradeTimeout().toMillis()));
		}
		return candidate.receiver();
	}

	/**
	 * A packet on the upgrade candidate: the probe, then the upgrade; anything else
	 * aborts.
	 */
	private void onUpgradePacket(WebSocketTransport candidate, EnginePacket packet) {
		logger.log(System.Logger.Level.DEBUG, "Session {0}: upgrade candidate sent {1}", id, packet);
		PollingTransport polling = pollingTransport();
		if (packet.type() == EnginePacketType.PING && "probe".equals(packet.data())) {
			PollingTransport.Parked pending = null;
			synchronized (this) {
				if (!upgrade.isCandidate(candidate) || state != State.OPEN) {
					return;
				}
				upgrade.probed(true);
				candidate.sendUntracked(PROBE_ANSWER);
				if (polling.heldForUpgradeLocked()) {
					scheduleUpgradeCheckLocked();
				}
				else {
					pending = polling.unparkLocked();
				}
			}
			fire(EngineEvent.UPGRADING, WebSocketTransport.NAME);
			if (pending != null) {
				polling.answer(pending, List.of(EnginePacket.NOOP));
			}
			return;
		}
		if (packet.type() == EnginePacketType.UPGRADE) {
			PollingTransport.Parked pending = null;
			boolean upgraded;
			synchronized (this) {
				upgraded = upgrade.isCandidate(candidate) && upgrade.probed() && state == State.OPEN;
				if (upgraded) {
					upgrade.end();
					webSocket = candidate;
					transportName = WebSocketTransport.NAME;
					pending = polling.unparkLocked();
					flushLocked();
				}
			}
			if (!upgraded) {
				abortUpgradeOnUnexpectedPacket(candidate);
				return;
			}
			EngineObserver observer = server.observer();
			if (observer != null) {
				Observers.call(() -> observer.upgraded(this));
			}
			fire(EngineEvent.UPGRADE, WebSocketTransport.NAME);
			if (pending != null && pending.duringUpgrade()) {
				// answered as a polling request after the upgrade (TRANSPORT_MISMATCH)
				polling.answerError(pending.exchange(), pending.headers(), EngineError.BAD_REQUEST);
			}
			else if (pending != null) {
				polling.answer(pending, List.of(EnginePacket.NOOP));
			}
			return;
		}
		abortUpgradeOnUnexpectedPacket(candidate);
	}

	/**
	 * Releases a GET held during the upgrade with a noop, {@link #UPGRADE_CHECK_MILLIS}
	 * from now. Caller holds the monitor.
	 */
	private void scheduleUpgradeCheckLocked() {
		upgrade.scheduleCheck(scheduler, this::onUpgradeCheck, UPGRADE_CHECK_MILLIS);
	}

	private void onUpgradeCheck() {
		PollingTransport polling = pollingTransport();
		PollingTransport.Parked pending;
		synchronized (this) {
			if (state != State.OPEN || !upgrade.probed() || !polling.hasParkedLocked()) {
				return;
			}
			pending = polling.unparkLocked();
		}
		polling.answer(pending, List.of(EnginePacket.NOOP));
	}

	private void abortUpgradeOnUnexpectedPacket(WebSocketTransport candidate) {
		abortUpgrade(candidate, "unexpected packet during upgrade");
	}

	private void abortUpgrade(WebSocketTransport candidate, String why) {
		synchronized (this) {
			if (upgrade == null || !upgrade.isCandidate(candidate)) {
				return;
			}
			upgrade.end();
		}
		logger.log(System.Logger.Level.DEBUG, "Session {0}: upgrade aborted ({1})", id, why);
		upgradeFailed(why);
		candidate.close(1002, why);
	}

	private void upgradeFailed(String why) {
		EngineObserver observer = server.observer();
		if (observer != null) {
			Observers.call(() -> observer.upgradeFailed(this, why));
		}
	}

	// ---------------------------------------------------------------- outbound

	@Override
	public boolean send(List<EnginePacket> packets, boolean volatilePackets) {
		PollingTransport.Parked get = null;
		List<EnginePacket> payload = null;
		boolean overflow = false;
		// the WebSocket whose binding may keep the frames until the monitor is released
		// (see WebSocketConnection.sendLater), told after it to hand them over
		WebSocketTransport handing = null;
		synchronized (this) {
			if (state != State.OPEN) {
				return false;
			}
			if (volatilePackets && !writableLocked()) {
				return false;
			}
			long added = 0;
			ArrayDeque<EnginePacket> queued = queue;
			for (EnginePacket packet : packets) {
				if (queued == null) {
					// never empty while it exists
					queued = queue = new ArrayDeque<>(1);
				}
				queued.add(packet);
				added += packet.weight() + QUEUED_PACKET_OVERHEAD;
			}
			queuedBytes += added;
			countOutboundLocked(added);
			if (queuedBytes + inflightBytesLocked() > options.maxBufferedBytes()) {
				overflow = true;
			}
			else {
				countSentLocked(packets);
				// packetCreate before the flush's drain, as in Node (both queued on the
				// executor)
				firePacketCreate(packets);
				if (webSocket != null) {
					handing = webSocket;
					flushLocked(true);
				}
				else if (polling.hasParkedLocked() && !upgrade.probed()) {
					get = polling.unparkLocked();
					payload = drainQueue();
				}
			}
		}
		if (handing != null) {
			// woken under the monitor, the binding's I/O thread would wait for it to
			// complete the frames (at once on a single core)
			handing.handOver();
		}
		if (overflow) {
			close(CloseReason.BUFFER_OVERFLOW,
					"more than " + options.maxBufferedBytes() + " bytes waiting for a slow client");
			return false;
		}
		if (get != null) {
			polling.answer(get, payload);
		}
		return true;
	}

	/**
	 * Counts the messages among packets accepted for sending, on the transport the
	 * session is on. Caller holds the monitor (the only writer of the outbound figures).
	 */
	private void countSentLocked(List<EnginePacket> packets) {
		long[] counts = counting;
		if (counts == null) {
			return;
		}
		long messages = 0;
		long bytes = 0;
		// indexed: an iterator here was not always scalar-replaced (32 bytes per
		// delivery)
		for (int i = 0, n = packets.size(); i < n; i++) {
			EnginePacket packet = packets.get(i);
			if (packet.type() == EnginePacketType.MESSAGE) {
				messages++;
				bytes += packet.weight();
			}
		}
		if (messages > 0) {
			int index = Traffic.packetsIndex(true, webSocket != null);
			TRAFFIC.setOpaque(counts, index, counts[index] + messages);
			TRAFFIC.setOpaque(counts, index + Traffic.BYTES_OFFSET, counts[index + Traffic.BYTES_OFFSET] + bytes);
		}
	}

	/** Counts a message received on a transport of the session. Runs on an I/O thread. */
	private void countReceived(Transport source, EnginePacket packet) {
		long[] counts = counting;
		if (counts != null) {
			int index = Traffic.packetsIndex(false, source != polling);
			TRAFFIC.getAndAdd(counts, index, 1L);
			TRAFFIC.getAndAdd(counts, index + Traffic.BYTES_OFFSET, (long) packet.weight());
		}
	}

	/**
	 * Starts or stops counting this session's traffic (see
	 * {@link EngineServer#countTraffic(boolean)}); the counts so far are kept.
	 */
	void countTraffic(boolean count) {
		synchronized (this) {
			if (!count) {
				counting = null;
				return;
			}
			long[] counts = traffic;
			if (counts == null) {
				counts = new long[Traffic.COUNT];
				traffic = counts;
			}
			counting = counts;
		}
	}

	/** A figure of {@link #traffic} (0 when not counted). */
	long traffic(int index) {
		long[] counts = traffic;
		return (counts != null) ? (long) TRAFFIC.getOpaque(counts, index) : 0;
	}

	/**
	 * Hands this session's traffic counts over to the server's closed-session totals:
	 * taken (zeroed) first, then added, so that a concurrent sum never counts them twice.
	 * Caller holds the monitor, with the state CLOSED.
	 */
	private void retireTrafficLocked() {
		long[] counts = traffic;
		if (counts != null) {
			long[] taken = new long[counts.length];
			for (int i = 0; i < counts.length; i++) {
				taken[i] = (long) TRAFFIC.getAndSet(counts, i, 0L);
			}
			server.addClosedTraffic(taken);
		}
	}

	/**
	 * Whether packets sent now go out now (volatile packets are dropped otherwise).
	 * Caller holds the monitor.
	 */
	private boolean writableLocked() {
		if (webSocket != null) {
			return webSocket.writableLocked();
		}
		return polling.writableLocked() && !upgrade.probed();
	}

	private long inflightBytesLocked() {
		return (webSocket != null) ? webSocket.inflightBytesLocked() : 0;
	}

	/** Caller holds the monitor. */
	private List<EnginePacket> drainQueue() {
		List<EnginePacket> packets = (queue != null) ? new ArrayList<>(queue) : new ArrayList<>(1);
		queue = null;
		long drained = queuedBytes;
		queuedBytes = 0;
		countOutboundLocked(-drained);
		if (!packets.isEmpty()) {
			fire(EngineEvent.DRAIN, this);
		}
		return packets;
	}

	/**
	 * Hands queued packets to the WebSocket while it is writable (all of them once
	 * closing); completions resume it through {@link #onDrain}. Caller holds the monitor.
	 */
	private void flushLocked() {
		flushLocked(false);
	}

	/**
	 * As {@link #flushLocked()}; with {@code later} the binding may keep the frames until
	 * the caller's {@link WebSocketTransport#handOver()} after the monitor.
	 */
	private void flushLocked(boolean later) {
		WebSocketTransport socket = webSocket;
		if (socket == null || flushing) {
			return;
		}
		flushing = true;
		try {
			int handed = 0;
			ArrayDeque<EnginePacket> queued = queue;
			while (queued != null && !queued.isEmpty() && (closeAfterFlush || socket.writableLocked())) {
				EnginePacket packet = queued.poll();
				queuedBytes -= packet.weight() + QUEUED_PACKET_OVERHEAD;
				socket.sendLocked(packet, later);
				handed++;
			}
			if (queued != null && queued.isEmpty()) {
				queue = null;
			}
			if (handed > 0 && queue == null) {
				// queued on the executor: no listener runs under the monitor
				fire(EngineEvent.DRAIN, this);
			}
			// in flight, a frame counts its bytes only
			countOutboundLocked(-(long) handed * QUEUED_PACKET_OVERHEAD);
			if (closeAfterFlush && queue == null) {
				closeAfterFlush = false;
				socket.close(1000, null);
			}
			else if (queue != null && socket.inflightBytesLocked() == 0 && retryFlush == null) {
				// the binding is not writable and no completion is coming to resume the
				// flush
				retryFlush = scheduler.schedule(this::retryFlush, WRITABILITY_RETRY_MILLIS);
			}
		}
		finally {
			flushing = false;
		}
	}

	private synchronized void retryFlush() {
		retryFlush = null;
		if (state != State.CLOSED) {
			flushLocked();
		}
	}

	@Override
	public synchronized boolean allWritten() {
		return webSocket == null || state == State.CLOSED || queue == null && webSocket.inflightBytesLocked() == 0;
	}

	@Override
	public void whenWritten(Runnable action) {
		synchronized (this) {
			if (!allWritten()) {
				if (writtenWaiters == null) {
					writtenWaiters = new ArrayList<>(2);
				}
				writtenWaiters.add(action);
				return;
			}
		}
		action.run();
	}

	/** The waiters to run now that everything was written. Caller holds the monitor. */
	private @Nullable List<Runnable> takeWrittenWaitersLocked() {
		List<Runnable> waiters = writtenWaiters;
		if (waiters != null && allWritten()) {
			writtenWaiters = null;
			return waiters;
		}
		return null;
	}

	private static void runAll(@Nullable List<Runnable> actions) {
		if (actions != null) {
			for (Runnable action : actions) {
				try {
					action.run();
				}
				catch (RuntimeException ex) {
					logger.log(System.Logger.Level.WARNING, "Write completion action failed", ex);
				}
			}
		}
	}

	/**
	 * Counts outbound bytes in the server's memory budget; nothing once closed. Caller
	 * holds the monitor.
	 */
	private void countOutboundLocked(long delta) {
		if (delta != 0 && state != State.CLOSED) {
			long pinned = outboundPinned + delta;
			OUTBOUND_PINNED.setOpaque(this, pinned);
			long unreported = pinned - outboundReported;
			if (pinned == 0 || unreported >= reportSlack || unreported <= -reportSlack) {
				if (unreported != 0) {
					server.countMemory(unreported);
					outboundReported = pinned;
				}
			}
		}
		BUFFERED.setOpaque(this, queuedBytes + inflightBytesLocked());
	}

	/**
	 * Gives back everything this session counted in the budget. Caller holds the monitor,
	 * with the state CLOSED.
	 */
	private void releaseMemoryLocked() {
		server.countMemory(-outboundReported);
		outboundReported = 0;
		OUTBOUND_PINNED.setOpaque(this, 0L);
		BUFFERED.setOpaque(this, 0L);
		INBOUND_PINNED.getAndSet(this, RELEASED);
		long inbound = (long) INBOUND_REPORTED.getAndSet(this, RELEASED);
		if (inbound > 0) {
			server.countMemory(-inbound);
		}
	}

	/**
	 * Counts inbound bytes in the session's exact figure (one atomic add, called twice
	 * per received packet) and in the server's total once they differ from what was
	 * reported by the slack, or drop to nothing (see {@link #inboundReported}).
	 */
	@Override
	public void accountInbound(long bytes) {
		if ((long) INBOUND_PINNED.getAndAdd(this, bytes) + bytes < 0) {
			// released: the session gave back everything it counted
			return;
		}
		// lock-free hand-over of the difference: a thread that loses the race retries
		// with the latest figures, so the total ends exact when the session holds nothing
		for (;;) {
			long reported = inboundReported;
			long pinned = inboundPinned;
			if (reported < 0 || pinned < 0) {
				return;
			}
			long unreported = pinned - reported;
			if (unreported == 0 || (pinned != 0 && unreported < reportSlack && unreported > -reportSlack)) {
				return;
			}
			if (INBOUND_REPORTED.compareAndSet(this, reported, pinned)) {
				server.countMemory(unreported);
			}
		}
	}

	/** The WebSocket whose reading is paused, or {@code null}. Guarded by this. */
	private @Nullable WebSocketTransport pausedReading;

	@Override
	public boolean pauseReading() {
		WebSocketTransport socket;
		synchronized (this) {
			socket = webSocket;
			if (socket == null || state == State.CLOSED) {
				return false;
			}
			if (pausedReading == socket) {
				return true;
			}
			pausedReading = socket;
		}
		if (socket.pauseReading()) {
			return true;
		}
		synchronized (this) {
			pausedReading = null;
		}
		return false;
	}

	@Override
	public void resumeReading() {
		WebSocketTransport socket;
		synchronized (this) {
			socket = pausedReading;
			pausedReading = null;
		}
		if (socket != null) {
			socket.resumeReading();
		}
	}

	/** What this session counts in the server's memory budget now. */
	long pinnedBytes() {
		long inbound = inboundPinned;
		return (long) OUTBOUND_PINNED.getOpaque(this) + Math.max(0, inbound);
	}

	/**
	 * Bytes queued or in flight, as of the last change (read without the lock: an
	 * observer on another thread may see a value a moment old).
	 */
	@Override
	public long bufferedBytes() {
		return (long) BUFFERED.getOpaque(this);
	}

	// ---------------------------------------------------------------- close

	/**
	 * Closes gracefully: OPEN → CLOSING; what is queued still goes out, then
	 * {@link #terminate}.
	 */
	@Override
	public void close() {
		PollingTransport.Parked get = null;
		List<EnginePacket> payload = null;
		boolean finish = false;
		synchronized (this) {
			if (state != State.OPEN) {
				return;
			}
			state = State.CLOSING;
			cancel(heartbeat);
			if (webSocket != null) {
				closeAfterFlush = true;
				flushLocked();
				finish = true;
			}
			else if (polling.hasParkedLocked()) {
				get = polling.unparkLocked();
				payload = drainQueue();
				payload.add(EnginePacket.CLOSE);
				finish = true;
			}
			else {
				// the close packet waits for the client's next GET
				closeTimer = scheduler.schedule(() -> terminate(CloseReason.FORCED_CLOSE, null),
						POLLING_CLOSE_GRACE_MILLIS);
			}
		}
		notifyClosed(CloseReason.FORCED_CLOSE, null);
		if (get != null) {
			polling.answer(get, payload);
		}
		if (finish) {
			terminate(CloseReason.FORCED_CLOSE, null);
		}
	}

	@Override
	public void close(CloseReason reason) {
		terminate(reason, null);
	}

	/** Closes at once: the transport is torn down and buffered packets are dropped. */
	void close(CloseReason reason, @Nullable String description) {
		terminate(reason, description);
	}

	/**
	 * The one way into CLOSED, from OPEN (a forced close) or CLOSING (the end of a
	 * graceful one): cancels the timers, drops the queue, forgets the session, tells the
	 * handler if the session was still OPEN, runs the write waiters, answers a parked GET
	 * with a close packet and closes the WebSockets (1008 for a client that read too
	 * slowly, 1013 for one shed over the memory budget). Idempotent.
	 */
	private void terminate(CloseReason reason, @Nullable String description) {
		List<Runnable> waiters;
		PollingTransport.Parked get;
		WebSocketTransport socket;
		WebSocketTransport candidate;
		boolean notify;
		synchronized (this) {
			if (state == State.CLOSED) {
				return;
			}
			notify = state == State.OPEN;
			state = State.CLOSED;
			cancel(heartbeat);
			cancel(closeTimer);
			cancel(retryFlush);
			get = (polling != null) ? polling.unparkLocked() : null;
			socket = webSocket;
			candidate = (upgrade != null) ? upgrade.end() : null;
			queue = null;
			queuedBytes = 0;
			releaseMemoryLocked();
			retireTrafficLocked();
			waiters = writtenWaiters;
			writtenWaiters = null;
		}
		server.remove(this);
		if (notify) {
			notifyClosed(reason, description);
		}
		runAll(waiters);
		if (get != null) {
			polling.answer(get, List.of(EnginePacket.CLOSE));
		}
		if (socket != null) {
			// after a graceful close the close frame already went out: this one is a
			// no-op
			socket.close(closeCode(reason), null);
		}
		if (candidate != null) {
			candidate.close(1000, null);
		}
	}

	/**
	 * The WebSocket close code of a forced close: 1008 (policy) for a client that read
	 * too slowly, 1013 (try again later) for one shed over the memory budget, else 1000.
	 */
	private static int closeCode(CloseReason reason) {
		return switch (reason) {
			case BUFFER_OVERFLOW -> 1008;
			case MEMORY_BUDGET -> 1013;
			default -> 1000;
		};
	}

	private void notifyClosed(CloseReason reason, @Nullable String description) {
		if (description != null) {
			logger.log(System.Logger.Level.DEBUG, "Session {0} closed: {1} ({2})", id, reason.text(), description);
		}
		EngineObserver observer = server.observer();
		if (observer != null) {
			String transport = transport();
			Observers.call(() -> observer.sessionClosed(this, transport, reason));
		}
		try {
			handler.onClose(reason, description);
		}
		catch (RuntimeException ex) {
			logger.log(System.Logger.Level.WARNING, "Close handler failed", ex);
		}
		EngineEventListeners listeners = events;
		if (listeners != null && listeners.has(EngineEvent.CLOSE)) {
			listeners.fire(EngineEvent.CLOSE, new EngineEvent.Close(reason, description));
		}
	}

	private static void cancel(Scheduler.@Nullable Cancellable task) {
		if (task != null) {
			task.cancel();
		}
	}

	/**
	 * Default delivery: the listeners registered on this socket, on its serial executor.
	 */
	private final class ListenerDispatch implements Handler {

		@Override
		public void onMessage(Object data) {
			executor.execute(() -> {
				for (Consumer<Object> listener : messageListeners) {
					listener.accept(data);
				}
			});
		}

		@Override
		public void onClose(CloseReason reason, @Nullable String description) {
			executor.execute(() -> {
				for (Consumer<CloseReason> listener : closeListeners) {
					listener.accept(reason);
				}
			});
		}

	}

	@Override
	public String toString() {
		return "EngineSession[" + id + "]";
	}

}
