package dev.realtime.socketio.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import dev.realtime.socketio.engine.codec.EngineCodec;
import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.engine.codec.EnginePacketType;
import dev.realtime.socketio.engine.spi.EngineRequest;
import dev.realtime.socketio.engine.spi.HttpExchange;
import dev.realtime.socketio.engine.spi.WebSocketConnection;
import dev.realtime.socketio.engine.spi.WebSocketReceiver;
import org.jspecify.annotations.Nullable;

/**
 * The state machine of one Engine.IO session: heartbeat, the current transport (polling or
 * WebSocket), the upgrade, and the bounded outbound buffer. Every state change happens under the
 * session's monitor; HTTP responses are completed outside it.
 */
final class EngineSession implements EngineSocket {

	/**
	 * What a queued packet pins besides its bytes (the packet, its text, the queue's slot), counted
	 * against {@code maxBufferedBytes}: a client that never reads tiny packets (acks of tiny events)
	 * must not pin many times the limit.
	 */
	static final int QUEUED_PACKET_OVERHEAD = 128;

	private static final System.Logger logger = System.getLogger(EngineSession.class.getName());

	private static final EnginePacket PROBE_ANSWER = EnginePacket.of(EnginePacketType.PONG, "probe");

	/** How long a server-initiated close over polling waits for the client's next GET (Node: 30 s). */
	private static final long POLLING_CLOSE_GRACE_MILLIS = 30_000;

	/** How long a GET held during an upgrade waits before it gets its noop (Node's check interval). */
	private static final long UPGRADE_CHECK_MILLIS = 100;

	private enum State {
		OPEN, CLOSING, CLOSED
	}

	private final EngineServer server;

	private final EngineOptions options;

	private final String id;

	private final EngineRequest request;

	private final SerialExecutor executor;

	private final Scheduler scheduler;

	private State state = State.OPEN;

	// transport
	private @Nullable WebSocketConnection webSocket;

	private @Nullable HttpExchange pendingGet;

	private boolean postActive;

	// upgrade
	private @Nullable WebSocketConnection candidate;

	private boolean probed;

	private Scheduler.@Nullable Cancellable upgradeTimer;

	/**
	 * The pending GET arrived while a candidate WebSocket was open. The client may have sent its
	 * probe or upgrade packet before that GET, but the WebSocket is read on another thread, so such a
	 * GET is not released at the probe: it gets its noop from the upgrade check, or 400 if the upgrade
	 * completes first (what it would have got had the packets been read in the order they were sent).
	 */
	private boolean getHeldForUpgrade;

	/** An upgrade request for this session was accepted; its WebSocket may not be open yet. */
	private boolean upgradeExpected;

	private Scheduler.@Nullable Cancellable upgradeCheck;

	// outbound
	private final ArrayDeque<EnginePacket> queue = new ArrayDeque<>();

	private long queuedBytes;

	private long inflightBytes;

	private boolean flushing;

	private boolean closeAfterFlush;

	// heartbeat: one timer slot, first the ping, then the pong deadline
	private Scheduler.@Nullable Cancellable heartbeat;

	private boolean awaitingPong;

	private long pongDeadline;

	private Scheduler.@Nullable Cancellable closeTimer;

	private Map<String, String> pendingHeaders = Map.of();

	private volatile Handler handler;

	private final List<Consumer<Object>> messageListeners = new CopyOnWriteArrayList<>();

	private final List<Consumer<CloseReason>> closeListeners = new CopyOnWriteArrayList<>();

	EngineSession(EngineServer server, String id, EngineRequest request, @Nullable WebSocketConnection webSocket) {
		this.server = server;
		this.options = server.options();
		this.id = id;
		this.request = request;
		this.webSocket = webSocket;
		this.executor = new SerialExecutor(server.listenerExecutor());
		this.scheduler = server.scheduler();
		this.handler = new ListenerDispatch();
		synchronized (this) {
			schedulePing();
		}
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
	public synchronized String transport() {
		return (webSocket != null) ? EngineOptions.WEBSOCKET : EngineOptions.POLLING;
	}

	@Override
	public synchronized boolean isOpen() {
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
	public void onMessage(Consumer<Object> listener) {
		messageListeners.add(listener);
	}

	@Override
	public void onClose(Consumer<CloseReason> listener) {
		closeListeners.add(listener);
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

	private void onPongOverdue() {
		close(CloseReason.PING_TIMEOUT, null);
	}

	/**
	 * Closes the session when its pong deadline has passed even if the timer has not fired yet, so
	 * a request arriving right at the deadline sees a closed session, whatever the timer's jitter.
	 *
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

	/** Handles one packet from the active transport. Runs on an I/O thread. */
	void onPacket(EnginePacket packet) {
		switch (packet.type()) {
			case PONG -> {
				synchronized (this) {
					if (state == State.CLOSED || !awaitingPong) {
						return;
					}
					cancel(heartbeat);
					schedulePing();
				}
			}
			case MESSAGE -> {
				if (isOpen()) {
					handler.onMessage(packet.content());
				}
			}
			case PING -> close(CloseReason.TRANSPORT_ERROR, "invalid heartbeat direction");
			case CLOSE -> close(CloseReason.TRANSPORT_CLOSE, "client sent a close packet");
			default -> {
				// open, upgrade and noop mean nothing on an established transport
			}
		}
	}

	// ---------------------------------------------------------------- polling

	/** A polling GET for this session. */
	void onPollingGet(HttpExchange exchange, Map<String, String> headers) {
		exchange.onAbort(() -> {
			boolean wasPending;
			synchronized (this) {
				wasPending = pendingGet == exchange;
				if (wasPending) {
					pendingGet = null;
				}
			}
			if (wasPending) {
				close(CloseReason.TRANSPORT_ERROR, "poll connection closed prematurely");
			}
		});
		HttpExchange overlapped = null;
		List<EnginePacket> payload = null;
		boolean finishClose = false;
		synchronized (this) {
			if (state == State.CLOSED) {
				server.respondError(exchange, headers, EngineError.UNKNOWN_SID);
				return;
			}
			if (pendingGet != null) {
				overlapped = pendingGet;
				pendingGet = null;
			}
			else if (probed) {
				// an upgrade is under way: polling drains with a noop from the upgrade check, unless the
				// upgrade packet (maybe sent before this GET) completes the upgrade first
				pendingGet = exchange;
				pendingHeaders = headers;
				getHeldForUpgrade = true;
				scheduleUpgradeCheck();
				return;
			}
			else if (!queue.isEmpty() || state == State.CLOSING) {
				payload = drainQueue();
				if (state == State.CLOSING) {
					payload.add(EnginePacket.CLOSE);
					finishClose = true;
				}
			}
			else {
				pendingGet = exchange;
				pendingHeaders = headers;
				getHeldForUpgrade = candidate != null || upgradeExpected;
				return;
			}
		}
		if (overlapped != null) {
			server.respondError(exchange, headers, EngineError.BAD_REQUEST);
			closeWithPendingGet(overlapped, headers);
			return;
		}
		server.respondPayload(exchange, headers, payload);
		if (finishClose) {
			finishClose();
		}
	}

	private void closeWithPendingGet(HttpExchange pending, Map<String, String> headers) {
		close(CloseReason.TRANSPORT_ERROR, "overlap from client");
		server.respondPayload(pending, headers, List.of(EnginePacket.CLOSE));
	}

	/** A polling POST for this session. */
	void onPollingPost(HttpExchange exchange, Map<String, String> headers) {
		synchronized (this) {
			if (state == State.CLOSED) {
				server.respondError(exchange, headers, EngineError.UNKNOWN_SID);
				return;
			}
			if (postActive) {
				postActive = false;
				server.respondError(exchange, headers, EngineError.BAD_REQUEST);
				close(CloseReason.TRANSPORT_ERROR, "data request overlap from client");
				return;
			}
			postActive = true;
		}
		String contentType = exchange.header("Content-Type");
		if (contentType != null && contentType.toLowerCase().startsWith("application/octet-stream")) {
			synchronized (this) {
				postActive = false;
			}
			server.respondError(exchange, headers, EngineError.BAD_REQUEST);
			close(CloseReason.TRANSPORT_ERROR, "binary payloads are an Engine.IO v3 feature");
			return;
		}
		byte[] body = exchange.body();
		if (body.length > options.maxHttpBufferSize()) {
			synchronized (this) {
				postActive = false;
			}
			server.respond(exchange, 413, headers, "text/html", "Payload Too Large".getBytes(StandardCharsets.UTF_8));
			return;
		}
		EngineCodec.DecodedPayload decoded = EngineCodec.decodePayload(new String(body, StandardCharsets.UTF_8));
		for (EnginePacket packet : decoded.packets()) {
			if (packet.type() == EnginePacketType.CLOSE) {
				closeByClientOverPolling();
				break;
			}
			onPacket(packet);
		}
		if (decoded.malformed()) {
			close(CloseReason.PARSE_ERROR, null);
		}
		// "ok" once the listeners have seen these packets, so that what they send is already
		// buffered for the client's next GET (Node dispatches synchronously)
		Map<String, String> okHeaders = new LinkedHashMap<>(headers);
		executor.execute(() -> {
			synchronized (this) {
				postActive = false;
			}
			server.respond(exchange, 200, okHeaders, "text/html", OK);
		});
	}

	private static final byte[] OK = "ok".getBytes(StandardCharsets.UTF_8);

	private void closeByClientOverPolling() {
		HttpExchange pending;
		Map<String, String> headers;
		synchronized (this) {
			pending = pendingGet;
			headers = pendingHeaders;
			pendingGet = null;
		}
		close(CloseReason.TRANSPORT_CLOSE, "client sent a close packet");
		if (pending != null) {
			server.respondPayload(pending, headers, List.of(EnginePacket.NOOP));
		}
	}

	/** An HTTP method polling does not know. */
	void onUnknownMethod(HttpExchange exchange, Map<String, String> headers) {
		server.respond(exchange, 500, headers, "text/html", new byte[0]);
	}

	// ---------------------------------------------------------------- websocket

	/** Handler for the WebSocket this session was opened on. */
	WebSocketReceiver mainWebSocketHandler(WebSocketConnection connection) {
		return new MainSocketHandler(connection);
	}

	/**
	 * A WebSocket that wants to take over this polling session.
	 *
	 * @return its handler, or {@code null} when an upgrade is not possible now
	 */
	/** Called when an upgrade request for this session passed the checks, before the 101. */
	synchronized void expectUpgrade() {
		upgradeExpected = true;
	}

	@Nullable WebSocketReceiver upgradeCandidate(WebSocketConnection connection) {
		synchronized (this) {
			if (state != State.OPEN || webSocket != null || candidate != null) {
				return null;
			}
			candidate = connection;
			probed = false;
			logger.log(System.Logger.Level.DEBUG, "Session {0}: upgrade candidate opened", id);
			upgradeTimer = scheduler.schedule(() -> abortUpgrade(connection, "upgrade timeout"),
					options.upgradeTimeout().toMillis());
		}
		return new CandidateHandler(connection);
	}

	private void abortUpgrade(WebSocketConnection connection, String why) {
		synchronized (this) {
			if (candidate != connection) {
				return;
			}
			candidate = null;
			probed = false;
			cancel(upgradeTimer);
			cancel(upgradeCheck);
		}
		logger.log(System.Logger.Level.DEBUG, "Session {0}: upgrade aborted ({1})", id, why);
		upgradeFailed(why);
		connection.close(1002, why);
	}

	private void upgradeFailed(String why) {
		EngineObserver observer = server.observer();
		if (observer != null) {
			Observers.call(() -> observer.upgradeFailed(this, why));
		}
	}

	private void onCandidateText(WebSocketConnection connection, String text) {
		logger.log(System.Logger.Level.DEBUG, "Session {0}: upgrade candidate sent {1}", id, text);
		EnginePacket packet = EngineCodec.decodePacket(text);
		if (packet != null && packet.type() == EnginePacketType.PING && "probe".equals(packet.data())) {
			HttpExchange pending;
			Map<String, String> headers;
			synchronized (this) {
				if (candidate != connection || state != State.OPEN) {
					return;
				}
				probed = true;
				connection.send(PROBE_ANSWER, (failure) -> {
				});
				if (pendingGet != null && getHeldForUpgrade) {
					scheduleUpgradeCheck();
					pending = null;
				}
				else {
					pending = pendingGet;
					pendingGet = null;
				}
				headers = pendingHeaders;
			}
			if (pending != null) {
				server.respondPayload(pending, headers, List.of(EnginePacket.NOOP));
			}
			return;
		}
		if (packet != null && packet.type() == EnginePacketType.UPGRADE) {
			HttpExchange pending;
			Map<String, String> headers;
			boolean held;
			synchronized (this) {
				if (candidate != connection || !probed || state != State.OPEN) {
					abortUpgradeOnUnexpectedPacket(connection);
					return;
				}
				cancel(upgradeTimer);
				cancel(upgradeCheck);
				candidate = null;
				probed = false;
				webSocket = connection;
				pending = pendingGet;
				headers = pendingHeaders;
				held = getHeldForUpgrade;
				pendingGet = null;
				flushLocked();
			}
			EngineObserver observer = server.observer();
			if (observer != null) {
				Observers.call(() -> observer.upgraded(this));
			}
			if (pending != null && held) {
				// answered as a polling request after the upgrade (TRANSPORT_MISMATCH)
				server.respondError(pending, headers, EngineError.BAD_REQUEST);
			}
			else if (pending != null) {
				server.respondPayload(pending, headers, List.of(EnginePacket.NOOP));
			}
			return;
		}
		abortUpgradeOnUnexpectedPacket(connection);
	}

	/** Releases a GET held during the upgrade with a noop, {@link #UPGRADE_CHECK_MILLIS} from now. */
	private void scheduleUpgradeCheck() {
		cancel(upgradeCheck);
		upgradeCheck = scheduler.schedule(this::onUpgradeCheck, UPGRADE_CHECK_MILLIS);
	}

	private void onUpgradeCheck() {
		HttpExchange pending;
		Map<String, String> headers;
		synchronized (this) {
			if (state != State.OPEN || !probed || pendingGet == null) {
				return;
			}
			pending = pendingGet;
			headers = pendingHeaders;
			pendingGet = null;
		}
		server.respondPayload(pending, headers, List.of(EnginePacket.NOOP));
	}

	private void abortUpgradeOnUnexpectedPacket(WebSocketConnection connection) {
		abortUpgrade(connection, "unexpected packet during upgrade");
	}

	private boolean isMain(WebSocketConnection connection) {
		synchronized (this) {
			return webSocket == connection;
		}
	}

	private void onWebSocketText(String text) {
		if (text.length() > options.maxHttpBufferSize()
				|| (long) text.length() * 3 > options.maxHttpBufferSize() && utf8Length(text) > options.maxHttpBufferSize()) {
			tooBig();
			return;
		}
		EnginePacket packet = EngineCodec.decodePacket(text);
		if (packet == null) {
			close(CloseReason.PARSE_ERROR, null);
			return;
		}
		onPacket(packet);
	}

	/** UTF-8 length without encoding (a UTF-16 char is at most 3 bytes, a surrogate pair 4). */
	private static long utf8Length(String text) {
		long length = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				length++;
			}
			else if (c < 0x800) {
				length += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				length += 4;
				i++;
			}
			else {
				length += 3;
			}
		}
		return length;
	}

	private void onWebSocketBinary(byte[] data) {
		if (data.length > options.maxHttpBufferSize()) {
			tooBig();
			return;
		}
		onPacket(EnginePacket.binaryMessage(data));
	}

	private void tooBig() {
		WebSocketConnection connection;
		synchronized (this) {
			connection = webSocket;
		}
		if (connection != null) {
			connection.close(1009, "Message too big");
		}
		close(CloseReason.TRANSPORT_ERROR, "message larger than maxHttpBufferSize");
	}

	private final class MainSocketHandler implements WebSocketReceiver {

		private final WebSocketConnection connection;

		MainSocketHandler(WebSocketConnection connection) {
			this.connection = connection;
		}

		@Override
		public void onText(String text) {
			onWebSocketText(text);
		}

		@Override
		public void onBinary(byte[] data) {
			onWebSocketBinary(data);
		}

		@Override
		public void onClose(int code, @Nullable String reason) {
			if (isMain(connection)) {
				close(CloseReason.TRANSPORT_CLOSE, "websocket closed with code " + code);
			}
		}

		@Override
		public void onError(Throwable error) {
			if (isMain(connection)) {
				close(CloseReason.TRANSPORT_ERROR, String.valueOf(error.getMessage()));
			}
		}
	}

	private final class CandidateHandler implements WebSocketReceiver {

		private final WebSocketConnection connection;

		CandidateHandler(WebSocketConnection connection) {
			this.connection = connection;
		}

		@Override
		public void onText(String text) {
			if (isMain(connection)) {
				onWebSocketText(text);
			}
			else {
				onCandidateText(connection, text);
			}
		}

		@Override
		public void onBinary(byte[] data) {
			if (isMain(connection)) {
				onWebSocketBinary(data);
			}
			else {
				abortUpgradeOnUnexpectedPacket(connection);
			}
		}

		@Override
		public void onClose(int code, @Nullable String reason) {
			if (isMain(connection)) {
				close(CloseReason.TRANSPORT_CLOSE, "websocket closed with code " + code);
			}
			else {
				boolean failed = false;
				synchronized (EngineSession.this) {
					if (candidate == connection) {
						candidate = null;
						probed = false;
						cancel(upgradeTimer);
						cancel(upgradeCheck);
						failed = true;
					}
				}
				if (failed) {
					upgradeFailed("closed");
				}
			}
		}

		@Override
		public void onError(Throwable error) {
			onClose(1006, error.getMessage());
		}
	}

	// ---------------------------------------------------------------- outbound

	@Override
	public boolean send(List<EnginePacket> packets, boolean volatilePackets) {
		HttpExchange get = null;
		Map<String, String> headers = null;
		List<EnginePacket> payload = null;
		boolean overflow = false;
		synchronized (this) {
			if (state != State.OPEN) {
				return false;
			}
			if (volatilePackets && !writableLocked()) {
				return false;
			}
			for (EnginePacket packet : packets) {
				queue.add(packet);
				queuedBytes += packet.weight() + QUEUED_PACKET_OVERHEAD;
			}
			if (queuedBytes + inflightBytes > options.maxBufferedBytes()) {
				overflow = true;
			}
			else if (webSocket != null) {
				flushLocked();
			}
			else if (pendingGet != null && !probed) {
				get = pendingGet;
				headers = pendingHeaders;
				pendingGet = null;
				payload = drainQueue();
			}
		}
		if (overflow) {
			close(CloseReason.BUFFER_OVERFLOW, "more than " + options.maxBufferedBytes() + " bytes waiting for a slow client");
			return false;
		}
		if (get != null) {
			server.respondPayload(get, headers, payload);
		}
		return true;
	}

	private boolean writableLocked() {
		if (webSocket != null) {
			return inflightBytes < options.writeHighWaterMark() && webSocket.isWritable();
		}
		return pendingGet != null && !probed;
	}

	private List<EnginePacket> drainQueue() {
		List<EnginePacket> packets = new ArrayList<>(queue);
		queue.clear();
		queuedBytes = 0;
		return packets;
	}

	/** Hands queued packets to the WebSocket while it is writable. Caller holds the monitor. */
	private void flushLocked() {
		WebSocketConnection connection = webSocket;
		if (connection == null || flushing) {
			return;
		}
		flushing = true;
		try {
			while (!queue.isEmpty() && (closeAfterFlush
					|| inflightBytes < options.writeHighWaterMark() && connection.isWritable())) {
				EnginePacket packet = queue.poll();
				int weight = packet.weight();
				queuedBytes -= weight + QUEUED_PACKET_OVERHEAD;
				inflightBytes += weight;
				connection.send(packet, (failure) -> onSent(weight, failure));
			}
			if (closeAfterFlush && queue.isEmpty()) {
				closeAfterFlush = false;
				connection.close(1000, null);
			}
			else if (!queue.isEmpty() && inflightBytes == 0 && retryFlush == null) {
				// the binding is not writable and no completion is coming to resume the flush
				retryFlush = scheduler.schedule(this::retryFlush, WRITABILITY_RETRY_MILLIS);
			}
		}
		finally {
			flushing = false;
		}
	}

	/** How often a session stalled on an unwritable binding checks again. */
	private static final long WRITABILITY_RETRY_MILLIS = 10;

	private Scheduler.@Nullable Cancellable retryFlush;

	private synchronized void retryFlush() {
		retryFlush = null;
		if (state != State.CLOSED) {
			flushLocked();
		}
	}

	private void onSent(int weight, @Nullable Throwable failure) {
		List<Runnable> written;
		synchronized (this) {
			inflightBytes -= weight;
			if (failure != null) {
				written = null;
			}
			else {
				flushLocked();
				written = takeWrittenWaitersLocked();
			}
		}
		if (failure != null) {
			close(CloseReason.TRANSPORT_ERROR, "write failed: " + failure.getMessage());
			return;
		}
		runAll(written);
	}

	private @Nullable List<Runnable> writtenWaiters;

	@Override
	public synchronized boolean allWritten() {
		return webSocket == null || state == State.CLOSED || queue.isEmpty() && inflightBytes == 0;
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

	/** The waiters to run now that everything was written (or the session closed). Caller holds the monitor. */
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

	@Override
	public synchronized long bufferedBytes() {
		return queuedBytes + inflightBytes;
	}

	// ---------------------------------------------------------------- close

	@Override
	public void close() {
		HttpExchange get = null;
		Map<String, String> headers = null;
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
			else if (pendingGet != null) {
				get = pendingGet;
				headers = pendingHeaders;
				pendingGet = null;
				payload = drainQueue();
				payload.add(EnginePacket.CLOSE);
				finish = true;
			}
			else {
				closeTimer = scheduler.schedule(this::finishClose, POLLING_CLOSE_GRACE_MILLIS);
			}
		}
		notifyClosed(CloseReason.FORCED_CLOSE, null);
		if (get != null) {
			server.respondPayload(get, headers, payload);
		}
		if (finish) {
			finishClose();
		}
	}

	private void finishClose() {
		List<Runnable> waiters;
		WebSocketConnection candidateToClose;
		synchronized (this) {
			if (state == State.CLOSED) {
				return;
			}
			state = State.CLOSED;
			cancel(closeTimer);
			cancel(upgradeTimer);
			cancel(upgradeCheck);
			candidateToClose = candidate;
			candidate = null;
			queue.clear();
			queuedBytes = 0;
			waiters = writtenWaiters;
			writtenWaiters = null;
		}
		server.remove(this);
		if (candidateToClose != null) {
			candidateToClose.close(1000, null);
		}
		runAll(waiters);
	}

	@Override
	public void close(CloseReason reason) {
		close(reason, null);
	}

	/** Closes at once: the transport is torn down and buffered packets are dropped. */
	void close(CloseReason reason, @Nullable String description) {
		List<Runnable> waiters;
		HttpExchange get;
		Map<String, String> headers;
		WebSocketConnection socket;
		WebSocketConnection candidateToClose;
		boolean notify;
		synchronized (this) {
			if (state == State.CLOSED) {
				return;
			}
			notify = state == State.OPEN;
			state = State.CLOSED;
			cancel(heartbeat);
			cancel(upgradeTimer);
			cancel(upgradeCheck);
			cancel(closeTimer);
			get = pendingGet;
			headers = pendingHeaders;
			pendingGet = null;
			socket = webSocket;
			candidateToClose = candidate;
			candidate = null;
			queue.clear();
			queuedBytes = 0;
			waiters = writtenWaiters;
			writtenWaiters = null;
		}
		server.remove(this);
		if (notify) {
			notifyClosed(reason, description);
		}
		runAll(waiters);
		if (get != null) {
			server.respondPayload(get, headers, List.of(EnginePacket.CLOSE));
		}
		if (socket != null) {
			socket.close((reason == CloseReason.BUFFER_OVERFLOW) ? 1008 : 1000, null);
		}
		if (candidateToClose != null) {
			candidateToClose.close(1000, null);
		}
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
	}

	private static void cancel(Scheduler.@Nullable Cancellable task) {
		if (task != null) {
			task.cancel();
		}
	}

	/** Default delivery: the listeners registered on this socket, on its serial executor. */
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
