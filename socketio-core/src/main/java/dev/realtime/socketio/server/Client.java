package dev.realtime.socketio.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.realtime.socketio.engine.CloseReason;
import dev.realtime.socketio.engine.EngineObserver;
import dev.realtime.socketio.engine.EngineSocket;
import dev.realtime.socketio.engine.Observers;
import dev.realtime.socketio.engine.Scheduler;
import dev.realtime.socketio.engine.SerialExecutor;
import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.protocol.PacketDecoder;
import dev.realtime.socketio.protocol.PacketFormatException;
import dev.realtime.socketio.protocol.PacketType;
import dev.realtime.socketio.protocol.SocketPacket;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One Engine.IO connection seen by the Socket.IO layer: it decodes packets on the I/O
 * thread and hands them, in order, to the connection's executor, where namespace sockets
 * are created and listeners run. One client has at most one socket per namespace.
 */
final class Client implements EngineSocket.Handler {

	private static final System.Logger logger = System.getLogger(Client.class.getName());

	private final SocketIoServer server;

	private final EngineSocket connection;

	private final PacketDecoder decoder;

	/** One socket per namespace: that socket alone in the common one-namespace case. */
	private final NamespaceSockets sockets = new NamespaceSockets();

	/** Until a namespace is joined; then dropped, so the cancelled task is not kept. */
	private volatile Scheduler.@Nullable Cancellable connectTimer;

	/**
	 * Whether the connection is an Engine.IO v3 one: its client speaks the Socket.IO v4
	 * protocol (socket.io-client 2.x), see {@link #isEio3()}.
	 */
	private final boolean eio3;

	private volatile boolean closed;

	/**
	 * Set on the executor once the client broke a protocol rule: later packets are
	 * ignored.
	 */
	private boolean rejected;

	/**
	 * Namespace joins whose connection listeners wait for the CONNECT answer to be
	 * written. Executor-confined.
	 */
	private int admissionsInProgress;

	/**
	 * Packets that arrived while an admission was in progress, in order; made when the
	 * first one arrives. Executor-confined.
	 */
	private java.util.@Nullable ArrayDeque<SocketPacket> deferred;

	private final SocketIoOptions.InboundLimits limits;

	private final @Nullable RateLimiter rateLimiter;

	/** Packets handed to the executor and not yet dispatched. */
	private volatile int queued;

	/** Changes {@link #queued} (a field rather than an AtomicInteger: 16 bytes fewer). */
	private static final java.lang.invoke.VarHandle QUEUED;

	static {
		try {
			QUEUED = java.lang.invoke.MethodHandles.lookup().findVarHandle(Client.class, "queued", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/**
	 * Bytes of the binary packet being received (header and attachments so far). Guarded
	 * by the decoder.
	 */
	private long pendingBytes;

	/** Fires when a binary packet's attachments take too long. Guarded by the decoder. */
	private Scheduler.@Nullable Cancellable attachmentTimer;

	Client(SocketIoServer server, EngineSocket connection) {
		this.server = server;
		this.connection = connection;
		this.limits = server.options().inboundLimits();
		this.rateLimiter = (limits.eventsPerSecond() > 0 || limits.bytesPerSecond() > 0) ? new RateLimiter(
				limits.eventsPerSecond(), limits.bytesPerSecond(), server.engine().scheduler().nowMillis()) : null;
		this.decoder = server.options().parser().newDecoder();
		this.connectTimer = server.engine()
			.scheduler()
			.schedule(this::onConnectTimeout, server.options().connectTimeout().toMillis());
		connection.setHandler(this);
		this.eio3 = connection.protocol() == 3;
		if (eio3) {
			// a v2 client is in the main namespace from the handshake on, without a
			// CONNECT
			connection.executor().execute(() -> {
				if (!rejected && !closed) {
					connect("/", null);
				}
			});
		}
	}

	/**
	 * Whether the client speaks the Socket.IO v4 protocol over Engine.IO v3
	 * (socket.io-client 2.x): joined to the main namespace without a CONNECT, a
	 * namespace's query string in its CONNECT instead of an auth payload, CONNECT
	 * answered without a body, refusals as a bare message.
	 */
	boolean isEio3() {
		return eio3;
	}

	EngineSocket connection() {
		return connection;
	}

	private volatile @Nullable SocketConnection view;

	/** The public view of the connection, made on first use. */
	SocketConnection view() {
		SocketConnection current = view;
		if (current == null) {
			current = new SocketConnection(connection);
			view = current;
		}
		return current;
	}

	private void onConnectTimeout() {
		if (sockets.isEmpty() && !closed) {
			logger.log(System.Logger.Level.DEBUG, "No namespace joined within connectTimeout: closing {0}",
					connection.id());
			connection.close(CloseReason.FORCED_CLOSE);
		}
	}

	// ---------------------------------------------------------------- inbound (I/O
	// thread)

	@Override
	public void onMessage(Object data) {
		EngineObserver observer = server.engine().messageObserver();
		if (observer != null) {
			Observers.call(() -> observer.messageReceived(connection, data));
		}
		SocketPacket packet;
		int size = (data instanceof String text) ? text.length() : ((byte[]) data).length;
		long packetBytes;
		try {
			synchronized (decoder) {
				packet = (data instanceof String text) ? decoder.add(text) : decoder.add((byte[]) data);
				packetBytes = trackPendingAttachments(packet, size);
			}
		}
		catch (PacketFormatException ex) {
			logger.log(System.Logger.Level.DEBUG, "Closing {0}: {1}", connection.id(), ex.getMessage());
			connection.close(CloseReason.PARSE_ERROR);
			return;
		}
		catch (RuntimeException | StackOverflowError ex) {
			// a decoder bug or an unforeseen input: a parse error for this client only,
			// never an
			// exception for the I/O thread (the stack trace only at debug: the input is
			// the client's)
			logger.log(System.Logger.Level.WARNING, "Closing {0}: the decoder failed on its input ({1})",
					connection.id(), ex.toString());
			logger.log(System.Logger.Level.DEBUG, "Decoder failure", ex);
			synchronized (decoder) {
				decoder.reset();
				releasePending();
			}
			connection.close(CloseReason.PARSE_ERROR);
			return;
		}
		if (packet == null || !admit(packet, packetBytes)) {
			return;
		}
		int max = limits.maxQueuedPackets();
		int waiting = (max > 0) ? (int) QUEUED.getAndAdd(this, 1) + 1 : 0;
		if (waiting > max) {
			server.inboundCounters().queueOverflow();
			logger.log(System.Logger.Level.DEBUG, "Closing {0}: more than {1} packets wait for its listeners",
					connection.id(), max);
			connection.close(CloseReason.INBOUND_LIMIT);
			return;
		}
		// what the packet pins until its listeners ran counts in the server's memory
		// budget
		long pinned = packetBytes + QUEUED_PACKET_OVERHEAD;
		connection.accountInbound(pinned);
		Runnable dispatch = () -> {
			try {
				onPacket(packet);
			}
			finally {
				connection.accountInbound(-pinned);
				if (max > 0) {
					int left = (int) QUEUED.getAndAdd(this, -1) - 1;
					if (readingPaused && left <= resumeReadingAt(max)) {
						resumeReading(max);
					}
				}
			}
		};
		if (packet.type() != PacketType.CONNECT || !connectsAlone(packet, dispatch)) {
			connection.executor().execute(dispatch);
		}
		if (max > 0 && waiting >= pauseReadingAt(max)) {
			pauseReading(max);
		}
	}

	/**
	 * Handles a CONNECT at once on the thread that read it (on Reactor Netty, the event
	 * loop) when admitting the socket runs no code of the application
	 * ({@link Namespace#admitsWithoutApplicationCode()}) and the connection's executor is
	 * idle: the CONNECT answer is written from there, and only the connection listeners
	 * go to the executor (two thread hand-overs fewer per connect). Not on a thread that
	 * runs listeners inline anyway (Tomcat's inline dispatch), nor for a v2 client.
	 * @return whether it was handled; otherwise the caller queues it as usual
	 */
	private boolean connectsAlone(SocketPacket packet, Runnable dispatch) {
		if (eio3 || !(connection.executor() instanceof SerialExecutor serial) || serial.inlineAllowed()) {
			return false;
		}
		Namespace namespace = server.existingNamespace(packet.namespace());
		if (namespace == null || !namespace.admitsWithoutApplicationCode()) {
			return false;
		}
		connectingAlone = true;
		try {
			return serial.runAloneIfIdle(dispatch);
		}
		finally {
			connectingAlone = false;
		}
	}

	/**
	 * While a CONNECT is handled by {@link #connectsAlone}: the connection listeners must
	 * go to the executor even when the answer is already written.
	 */
	private boolean connectingAlone;

	// ---------------------------------------------------------------- backpressure

	/**
	 * Whether the transport was asked to stop reading: written under the client's
	 * monitor.
	 */
	private volatile boolean readingPaused;

	/**
	 * Packets waiting for the listeners from which reading pauses: half the hard limit
	 * ({@code maxQueuedPackets} closes the connection when pausing is not possible).
	 */
	private static int pauseReadingAt(int max) {
		return Math.max(1, max / 2);
	}

	/** Packets waiting from which a paused transport reads again. */
	private static int resumeReadingAt(int max) {
		return pauseReadingAt(max) / 2;
	}

	/**
	 * Asks the transport to stop reading (the I/O thread, after queuing a packet). The
	 * count is read again once paused, so a queue the executor drained meanwhile resumes
	 * at once instead of waiting for a resume that was never triggered.
	 */
	private void pauseReading(int max) {
		synchronized (this) {
			if (readingPaused || closed || queued < pauseReadingAt(max)) {
				return;
			}
			readingPaused = true;
			if (!connection.pauseReading()) {
				// polling: its next POST waits for the listeners anyway; the hard limit
				// applies
				readingPaused = false;
				return;
			}
			server.inboundCounters().readPaused();
			logger.log(System.Logger.Level.DEBUG, "{0}: reading paused, {1} packets wait for the listeners",
					connection.id(), queued);
			if (queued <= resumeReadingAt(max)) {
				readingPaused = false;
				connection.resumeReading();
			}
		}
	}

	/** Reads again once the listeners caught up (the executor, after a dispatch). */
	private void resumeReading(int max) {
		synchronized (this) {
			if (!readingPaused || queued > resumeReadingAt(max)) {
				return;
			}
			readingPaused = false;
			connection.resumeReading();
		}
	}

	/**
	 * What a received packet waiting for its listeners pins besides its bytes (the
	 * decoded packet, its task), counted in the server's memory budget.
	 */
	private static final int QUEUED_PACKET_OVERHEAD = 128;

	/**
	 * Bounds a binary packet's attachments: with its header, at most the engine's
	 * {@code maxHttpBufferSize} bytes, all arrived within the attachment timeout. Called
	 * under the decoder's lock.
	 * @return the bytes of the complete packet, or 0 while it is incomplete
	 */
	private long trackPendingAttachments(@Nullable SocketPacket packet, int size) {
		if (packet != null && pendingBytes == 0 && attachmentTimer == null) {
			// the common case: a whole packet in one message, nothing pending
			return size;
		}
		long total = pendingBytes + size;
		boolean binary = pendingBytes > 0 || (packet == null);
		long max = server.engine().options().maxHttpBufferSize();
		if (packet != null) {
			releasePending();
			Scheduler.Cancellable timer = attachmentTimer;
			if (timer != null) {
				timer.cancel();
				attachmentTimer = null;
			}
		}
		else {
			pendingBytes = total;
			connection.accountInbound(size);
		}
		if (binary && total > max) {
			decoder.reset();
			releasePending();
			server.inboundCounters().attachmentRejected();
			throw new PacketFormatException(
					"Binary packet larger than maxHttpBufferSize (" + max + " bytes) with its attachments");
		}
		if (packet != null) {
			return total;
		}
		if (attachmentTimer == null) {
			attachmentTimer = server.engine()
				.scheduler()
				.schedule(this::onAttachmentTimeout, limits.attachmentTimeout().toMillis());
		}
		return 0;
	}

	/**
	 * Forgets the bytes of the binary packet being received. Called under the decoder's
	 * lock.
	 */
	private void releasePending() {
		if (pendingBytes > 0) {
			connection.accountInbound(-pendingBytes);
			pendingBytes = 0;
		}
	}

	private void onAttachmentTimeout() {
		synchronized (decoder) {
			if (attachmentTimer == null) {
				return;
			}
			attachmentTimer = null;
			decoder.reset();
			releasePending();
		}
		server.inboundCounters().attachmentRejected();
		logger.log(System.Logger.Level.DEBUG, "Closing {0}: binary attachments not received within {1}",
				connection.id(), limits.attachmentTimeout());
		connection.close(CloseReason.PARSE_ERROR);
	}

	/**
	 * Applies the rate limits to events: {@code true} to dispatch the packet. An event
	 * over a limit is dropped (its ack answered with an error) or closes the connection,
	 * as configured.
	 */
	private boolean admit(SocketPacket packet, long bytes) {
		if (packet.type() != PacketType.EVENT && packet.type() != PacketType.BINARY_EVENT) {
			return true;
		}
		RateLimiter limiter = rateLimiter;
		if (limiter == null || limiter.tryAcquire(bytes, server.engine().scheduler().nowMillis())) {
			return true;
		}
		boolean disconnect = limits.rateLimitAction() == SocketIoOptions.RateLimitAction.DISCONNECT;
		server.inboundCounters().rateLimited(disconnect);
		if (disconnect) {
			logger.log(System.Logger.Level.DEBUG, "Closing {0}: over its rate limit", connection.id());
			connection.close(CloseReason.INBOUND_LIMIT);
			return false;
		}
		if (packet.ackId() >= 0) {
			Map<String, Object> error = new LinkedHashMap<>();
			error.put("error", "rate_limited");
			error.put("message", "Too many events: slow down");
			write(server.encode(new SocketPacket(PacketType.ACK, packet.namespace(), packet.ackId(), List.of(error))),
					false);
		}
		return false;
	}

	/**
	 * Token buckets of events and bytes, each holding at most one second's worth. Guarded
	 * by the decoder's lock.
	 */
	private static final class RateLimiter {

		private final double eventsPerMilli;

		private final double bytesPerMilli;

		private final int maxEvents;

		private final long maxBytes;

		private double events;

		private double bytes;

		private long last;

		RateLimiter(int eventsPerSecond, long bytesPerSecond, long now) {
			this.maxEvents = eventsPerSecond;
			this.maxBytes = bytesPerSecond;
			this.eventsPerMilli = eventsPerSecond / 1000.0;
			this.bytesPerMilli = bytesPerSecond / 1000.0;
			this.events = eventsPerSecond;
			this.bytes = bytesPerSecond;
			this.last = now;
		}

		synchronized boolean tryAcquire(long size, long now) {
			long elapsed = Math.max(0, now - last);
			last = now;
			events = Math.min(maxEvents, events + elapsed * eventsPerMilli);
			bytes = Math.min(maxBytes, bytes + elapsed * bytesPerMilli);
			boolean eventsOk = maxEvents == 0 || events >= 1;
			boolean bytesOk = maxBytes == 0 || bytes >= size;
			if (!eventsOk || !bytesOk) {
				return false;
			}
			events -= 1;
			bytes -= size;
			return true;
		}

	}

	@Override
	public void onClose(CloseReason reason, @Nullable String description) {
		closed = true;
		cancelConnectTimer();
		Runnable disconnect = () -> {
			DisconnectReason disconnectReason = DisconnectReason.of(reason);
			for (Socket socket : sockets.values()) {
				socket.onClose(disconnectReason);
			}
			sockets.clear();
			synchronized (decoder) {
				decoder.reset();
				releasePending();
				Scheduler.Cancellable timer = attachmentTimer;
				if (timer != null) {
					timer.cancel();
					attachmentTimer = null;
				}
			}
		};
		if (!disconnectsAlone(disconnect)) {
			connection.executor().execute(disconnect);
		}
	}

	/**
	 * Handles the disconnection at once on the thread that saw the close (on Reactor
	 * Netty, the event loop) when the connection's executor is idle and the sockets'
	 * disconnection runs no code of the application
	 * ({@link Socket#disconnectsWithoutApplicationCode()}, checked while the executor's
	 * turn is held: no listener of the connection runs meanwhile): one thread hand-over
	 * fewer per connection. Otherwise, or on a thread that runs listeners inline anyway
	 * (Tomcat's inline dispatch), it goes to the executor as before.
	 * @return whether it was handled; otherwise the caller queues it as usual
	 */
	private boolean disconnectsAlone(Runnable disconnect) {
		if (!(connection.executor() instanceof SerialExecutor serial) || serial.inlineAllowed()) {
			return false;
		}
		return serial.runAloneIfIdle(() -> {
			for (Socket socket : sockets.values()) {
				if (!socket.disconnectsWithoutApplicationCode()) {
					// queued behind this turn, run by the executor's delegate
					serial.execute(disconnect);
					return;
				}
			}
			disconnect.run();
		});
	}

	// ---------------------------------------------------------------- dispatch (ordered
	// executor)

	private void onPacket(SocketPacket packet) {
		// packets that arrived before a transport close are still dispatched, in order,
		// before the
		// close task disconnects the sockets (admit refuses a closed client)
		if (rejected) {
			return;
		}
		if (admissionsInProgress > 0) {
			// the connection listeners of a socket have not run yet: keep order behind
			// them
			if (deferred == null) {
				deferred = new java.util.ArrayDeque<>(2);
			}
			deferred.add(packet);
			return;
		}
		String nsp = packet.namespace();
		JsonNode auth = (JsonNode) ((packet.type() == PacketType.CONNECT) ? packet.data() : null);
		if (eio3) {
			// v4 protocol: "/chat?token=abc" names the namespace and carries what v5 puts
			// in auth
			int query = nsp.indexOf('?');
			if (query >= 0) {
				if (packet.type() == PacketType.CONNECT) {
					auth = Eio3Queries.parse(server.mapper(), nsp.substring(query + 1));
				}
				nsp = nsp.substring(0, query);
			}
			else if (packet.type() == PacketType.CONNECT) {
				auth = null;
			}
		}
		if (packet.type() == PacketType.CONNECT) {
			if (sockets.containsKey(nsp)) {
				invalidState("CONNECT for namespace " + nsp + " that is already connected");
				return;
			}
			connect(nsp, auth);
			return;
		}
		Socket socket = sockets.get(nsp);
		if (socket == null) {
			invalidState(packet.type() + " for namespace " + nsp + " that is not connected");
			return;
		}
		switch (packet.type()) {
			case EVENT, BINARY_EVENT -> socket.onEvent(packet);
			case ACK, BINARY_ACK -> socket.onAck(packet);
			case DISCONNECT -> socket.onClose(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
			default -> invalidState("a client may not send " + packet.type());
		}
	}

	/**
	 * A packet the connection's state does not allow (for a namespace it has not joined,
	 * a second CONNECT, a CONNECT_ERROR): as Node's {@code client.close()}, every socket
	 * leaves with "forced server close" and the connection closes. Called on the
	 * executor.
	 */
	private void invalidState(String why) {
		rejected = true;
		logger.log(System.Logger.Level.DEBUG, "Closing {0}: {1}", connection.id(), why);
		closed = true;
		for (Socket socket : sockets.values()) {
			socket.onClose(DisconnectReason.FORCED_SERVER_CLOSE);
		}
		sockets.clear();
		connection.close(CloseReason.FORCED_CLOSE);
	}

	private void connect(String name, @Nullable JsonNode auth) {
		Namespace namespace = server.namespaceFor(name, auth);
		if (namespace == null) {
			Object error = "Invalid namespace";
			if (!eio3) {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("message", "Invalid namespace");
				error = body;
			}
			write(server.encode(new SocketPacket(PacketType.CONNECT_ERROR, name, SocketPacket.NO_ACK, error)), false);
			ServerObserver observer = server.observer();
			if (observer != null) {
				Observers.call(() -> observer.connectError(name, null, "Invalid namespace", null, null));
			}
			return;
		}
		namespace.add(this, auth);
	}

	/**
	 * Runs a new socket's connection listeners once its CONNECT answer has been written,
	 * so that what they emit goes out in a later write than the answer, as on a server
	 * that writes each packet as it is sent (clients that take one message per read need
	 * it). Over polling, or when nothing is pending, they run at once. Packets arriving
	 * meanwhile wait behind them. Called on the executor.
	 */
	void afterConnectAnswerWritten(Runnable listeners) {
		boolean written = connection.allWritten();
		if (written && !connectingAlone) {
			listeners.run();
			return;
		}
		admissionsInProgress++;
		ListenersAfterAnswer start = new ListenersAfterAnswer(listeners);
		if (written) {
			// handled on the I/O thread: the listeners go to the executor
			start.run();
			return;
		}
		// a transport that is slow to report the write must not hold the listeners up for
		// long; armed before the write can be reported, cancelled once it was (a timer
		// left to fire would wake the timer thread once per connect for nothing)
		start.fallback = server.engine().scheduler().schedule(start, CONNECT_ANSWER_WAIT_MILLIS);
		connection.whenWritten(start);
	}

	/**
	 * Starts a new socket's connection listeners on the executor, once: when its CONNECT
	 * answer was written, or at the fallback timer, whichever comes first (the other
	 * finds it started; the write cancels the timer).
	 */
	private final class ListenersAfterAnswer implements Runnable {

		private final Runnable listeners;

		private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();

		private volatile Scheduler.@Nullable Cancellable fallback;

		ListenersAfterAnswer(Runnable listeners) {
			this.listeners = listeners;
		}

		@Override
		public void run() {
			if (!started.compareAndSet(false, true)) {
				return;
			}
			Scheduler.Cancellable timer = fallback;
			if (timer != null) {
				timer.cancel();
			}
			connection.executor().execute(() -> {
				try {
					listeners.run();
				}
				finally {
					admissionsInProgress--;
					while (admissionsInProgress == 0 && deferred != null && !deferred.isEmpty()) {
						onPacket(deferred.poll());
					}
					if (admissionsInProgress == 0) {
						deferred = null;
					}
				}
			});
		}

	}

	/**
	 * The longest the connection listeners wait for the CONNECT answer's write to
	 * complete.
	 */
	private static final long CONNECT_ANSWER_WAIT_MILLIS = 100;

	/** A socket joined its namespace. Called on the executor. */
	boolean attach(Socket socket) {
		if (closed) {
			return false;
		}
		sockets.put(socket.namespace().name(), socket);
		cancelConnectTimer();
		return true;
	}

	private void cancelConnectTimer() {
		Scheduler.Cancellable timer = connectTimer;
		if (timer != null) {
			connectTimer = null;
			timer.cancel();
		}
	}

	void remove(Socket socket) {
		sockets.remove(socket.namespace().name(), socket);
	}

	boolean isClosed() {
		return closed;
	}

	// ---------------------------------------------------------------- outbound

	boolean write(List<EnginePacket> frames, boolean volatilePacket) {
		boolean accepted = connection.send(frames, volatilePacket);
		if (accepted) {
			// called for every delivery of every broadcast: no lock, no allocation, and
			// nothing at all unless an observer implements messagesSent (the meters read
			// the engine's traffic counts instead)
			EngineObserver observer = server.engine().messageObserver();
			if (observer != null) {
				observeSent(observer, frames);
			}
		}
		else if (volatilePacket) {
			EngineObserver observer = server.engine().observer();
			if (observer != null && connection.isOpen()) {
				Observers.call(() -> observer.volatileDropped(connection, frames));
			}
		}
		return accepted;
	}

	private void observeSent(EngineObserver observer, List<EnginePacket> frames) {
		try {
			observer.messagesSent(connection, frames);
		}
		catch (RuntimeException ex) {
			logger.log(System.Logger.Level.WARNING, "Observer failed", ex);
		}
	}

	/**
	 * Disconnects every namespace, then closes the connection ({@code disconnect(true)}).
	 */
	void disconnectAll() {
		for (Socket socket : sockets.values()) {
			socket.disconnect(false);
		}
		closed = true;
		connection.close();
	}

}
