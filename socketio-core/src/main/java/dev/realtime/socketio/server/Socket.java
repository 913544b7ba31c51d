package dev.realtime.socketio.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.realtime.socketio.adapter.BroadcastOptions;
import dev.realtime.socketio.adapter.PersistedSession;
import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.engine.Observers;
import dev.realtime.socketio.engine.Scheduler;
import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.protocol.PacketType;
import dev.realtime.socketio.protocol.SocketPacket;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One client's connection to one namespace, like Node's {@code Socket}. Its id is random,
 * 20 characters, and differs from the Engine.IO session id. Emitting is thread-safe from
 * any thread; listeners run on the connection's ordered executor.
 *
 * <pre>{@code
 * io.on(socket -> {
 *     socket.join("lobby");
 *     socket.on("chat", (args, ack) -> socket.to("lobby").emit("chat", args.toArray()));
 *     socket.onDisconnect(reason -> log.info("{} left: {}", socket.id(), reason.text()));
 * });
 * }</pre>
 */
public final class Socket {

	private static final System.Logger logger = System.getLogger(Socket.class.getName());

	private final String id;

	private final @Nullable String pid;

	private final Namespace namespace;

	private final Client client;

	private final Handshake handshake;

	// Per-socket collections start as shared empty immutable ones. Listener lists and the
	// event map stay immutable, replaced on change under the socket's monitor (see
	// CopyOnWrite: a one-listener list costs 24 bytes, a CopyOnWriteArrayList 64); data
	// and acks become concurrent maps on first use (see writableMap). Most sockets never
	// register most kinds of listener, and an idle connection should not pay for them.

	private volatile Map<String, Object> data = Map.of();

	private final boolean recovered;

	/**
	 * Whether connected to the namespace (a field, not an AtomicBoolean: see CONNECTED).
	 */
	private volatile boolean connected;

	private static final java.lang.invoke.VarHandle CONNECTED;

	static {
		try {
			CONNECTED = java.lang.invoke.MethodHandles.lookup().findVarHandle(Socket.class, "connected", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private volatile Map<String, List<EventListener>> listeners = Map.of();

	private volatile List<AnyListener> anyListeners = List.of();

	private volatile List<AnyOutgoingListener> anyOutgoingListeners = List.of();

	private volatile List<PacketMiddleware> packetMiddlewares = List.of();

	private volatile List<Consumer<DisconnectReason>> disconnectingListeners = List.of();

	private volatile List<Consumer<DisconnectReason>> disconnectListeners = List.of();

	private volatile List<Consumer<Throwable>> errorListeners = List.of();

	private volatile Map<Long, PendingAck> acks = Map.of();

	private volatile java.security.@Nullable Principal principal;

	private final AdapterSocketView adapterView = new AdapterSocketView(this);

	Socket(Namespace namespace, Client client, Handshake handshake, @Nullable PersistedSession session) {
		this.namespace = namespace;
		this.client = client;
		this.handshake = handshake;
		if (session != null) {
			this.id = session.sid();
			this.pid = session.pid();
			if (!session.data().isEmpty()) {
				this.data = new ConcurrentHashMap<>(session.data());
			}
			this.recovered = true;
		}
		else if (client.isEio3()) {
			// a v2 client derives its socket id from the Engine.IO id, as Node's server
			// does; its CONNECT answer has no room for a private session id
			String engineId = client.connection().id();
			this.id = "/".equals(namespace.name()) ? engineId : namespace.name() + "#" + engineId;
			this.pid = null;
			this.recovered = false;
		}
		else {
			this.id = EngineOptions.randomId();
			this.pid = (namespace.server().options().connectionStateRecovery() != null) ? EngineOptions.randomId()
					: null;
			this.recovered = false;
		}
	}

	/**
	 * The socket id: random, 20 characters, distinct from the Engine.IO session id; for a
	 * socket.io-client 2.x client (Engine.IO v3), the Engine.IO id (after the namespace
	 * and {@code #} outside the main namespace), which that client computes itself.
	 */
	public String id() {
		return id;
	}

	/** How the client connected. */
	public Handshake handshake() {
		return handshake;
	}

	/** The namespace this socket belongs to. */
	public Namespace namespace() {
		return namespace;
	}

	/** The server. */
	public SocketIoServer server() {
		return namespace.server();
	}

	/**
	 * Who this socket acts for: the principal a middleware authenticated from the CONNECT
	 * {@code auth} payload (see {@link #setPrincipal}), else the one the web stack
	 * authenticated for the handshake, else {@code null}.
	 */
	public java.security.@Nullable Principal principal() {
		java.security.Principal own = principal;
		return (own != null) ? own : handshake.principal();
	}

	/** Sets the principal of this socket, typically from a namespace middleware. */
	public void setPrincipal(java.security.@Nullable Principal principal) {
		this.principal = principal;
	}

	/** Free-form data attached to the socket (kept across a recovered reconnect). */
	public Map<String, Object> data() {
		return writableMap(() -> data, (map) -> data = map);
	}

	/** Whether this socket's state was recovered from a previous connection. */
	public boolean recovered() {
		return recovered;
	}

	/** Whether the socket is connected to its namespace. */
	public boolean connected() {
		return connected;
	}

	/** The Engine.IO session id of the underlying connection. */
	public String connectionId() {
		return client.connection().id();
	}

	/** Name of the underlying transport: {@code polling} or {@code websocket}. */
	public String transport() {
		return client.connection().transport();
	}

	/**
	 * The underlying Engine.IO connection, like Node's {@code socket.conn}: its
	 * transport, the client's address and its low-level events ({@code upgrade},
	 * {@code packet}, {@code close}…).
	 */
	public SocketConnection conn() {
		return client.view();
	}

	/**
	 * The private session id used for connection state recovery, or {@code null} when it
	 * is off.
	 */
	@Nullable String pid() {
		return pid;
	}

	// ---------------------------------------------------------------- rooms

	/** The rooms this socket is in, its own id included. */
	public Set<String> rooms() {
		Set<String> rooms = namespace.adapter().socketRooms(id);
		return (rooms != null) ? rooms : Set.of();
	}

	/** Joins rooms. */
	public void join(String... rooms) {
		join(Arrays.asList(rooms));
	}

	/** Joins rooms. */
	public void join(Collection<String> rooms) {
		namespace.adapter().addAll(id, Set.copyOf(rooms));
	}

	/** Leaves a room. */
	public void leave(String room) {
		namespace.adapter().del(id, room);
	}

	// ---------------------------------------------------------------- emitting

	/**
	 * Emits an event to this client.
	 * @param args any values Jackson can write; {@code byte[]} and {@code ByteBuffer} at
	 * any depth go as binary attachments
	 * @return whether the packet was accepted (false once disconnected)
	 * @throws IllegalArgumentException for a reserved event name
	 */
	public boolean emit(String event, Object... args) {
		return emit(event, args, false);
	}

	/** Emits the {@code message} event. */
	public boolean send(Object... args) {
		return emit("message", args);
	}

	boolean emit(String event, Object[] args, boolean volatilePacket) {
		SocketPacket packet = SocketPacket.event(namespace.name(), SocketPacket.NO_ACK, event, args);
		if (namespace.server().options().connectionStateRecovery() != null) {
			// through the adapter, so that the packet gets an offset and is kept for
			// recovery
			namespace.adapter()
				.broadcast(packet, new BroadcastOptions(Set.of(id), Set.of(), volatilePacket, true, false, null));
			return connected();
		}
		return deliver(packet, namespace.server().encode(packet), volatilePacket);
	}

	/**
	 * Emits an event and waits for the client's acknowledgement, without a timeout (the
	 * future fails if the socket disconnects first). Use {@link #timeout(Duration)} for a
	 * deadline.
	 */
	public CompletableFuture<EventArgs> emitWithAck(String event, Object... args) {
		return emitWithAck(event, args, null);
	}

	CompletableFuture<EventArgs> emitWithAck(String event, Object[] args, @Nullable Duration timeout) {
		SocketPacket.requireUnreserved(event);
		CompletableFuture<EventArgs> future = new CompletableFuture<>();
		long ackId = namespace.nextAckId();
		Scheduler.Cancellable timer = null;
		if (timeout != null) {
			timer = namespace.server().engine().scheduler().schedule(() -> {
				PendingAck expired = removeAck(ackId);
				if (expired != null) {
					ackEnded(expired, ServerObserver.AckOutcome.TIMEOUT);
					future.completeExceptionally(new AckTimeoutException("operation has timed out", List.of()));
				}
			}, timeout.toMillis());
		}
		acks().put(ackId,
				new PendingAck(future::complete,
						() -> future.completeExceptionally(
								new AckDisconnectedException("socket " + id + " disconnected", List.of())),
						timer, System.nanoTime()));
		SocketPacket packet = SocketPacket.event(namespace.name(), ackId, event, args);
		if (!deliver(packet, namespace.server().encode(packet), false)) {
			PendingAck pending = removeAck(ackId);
			if (pending != null) {
				pending.cancel();
			}
			future.completeExceptionally(new AckDisconnectedException("socket " + id + " is not connected", List.of()));
		}
		return future;
	}

	/**
	 * An emitter with an acknowledgement timeout:
	 * {@code socket.timeout(d).emitWithAck(…)}.
	 */
	public SocketEmitter timeout(Duration timeout) {
		return new SocketEmitter(this, false, timeout);
	}

	/**
	 * An emitter whose packets may be dropped when the client cannot take them right now.
	 */
	public SocketEmitter volatile_() {
		return new SocketEmitter(this, true, null);
	}

	/**
	 * An emitter with the compress flag, accepted for Node's API and ignored: compression
	 * is negotiated per connection (permessage-deflate) and applied per polling response
	 * (see {@link BroadcastOperator#compress(boolean)}).
	 */
	public SocketEmitter compress(boolean compress) {
		return new SocketEmitter(this, false, null);
	}

	/** Broadcasts to the given rooms, leaving this socket out. */
	public BroadcastOperator to(String... rooms) {
		return broadcast().to(rooms);
	}

	/** Same as {@link #to(String...)}. */
	public BroadcastOperator in(String... rooms) {
		return to(rooms);
	}

	/** Broadcasts to everyone but these rooms and this socket. */
	public BroadcastOperator except(String... rooms) {
		return broadcast().except(rooms);
	}

	/** Broadcasts to every socket of the namespace but this one. */
	public BroadcastOperator broadcast() {
		return new BroadcastOperator(namespace).except(id);
	}

	/**
	 * Broadcasts to the sockets of this server only (not the other nodes of a cluster),
	 * this one left out, like Node's {@code socket.local}.
	 */
	public BroadcastOperator local() {
		return broadcast().local();
	}

	/** What the adapter sees of this socket. */
	AdapterSocketView adapterView() {
		return adapterView;
	}

	/**
	 * Writes an encoded packet to this client (adapters reach it through
	 * {@link AdapterSocketView}). Outgoing catch-all listeners see it first.
	 * @return whether the packet was accepted
	 */
	boolean deliver(SocketPacket packet, List<EnginePacket> frames, boolean volatilePacket) {
		if (!connected()) {
			return false;
		}
		if (!anyOutgoingListeners.isEmpty() && packet.type() == PacketType.EVENT
				&& packet.data() instanceof List<?> list && !list.isEmpty()) {
			List<Object> args = new ArrayList<>(list.subList(1, list.size()));
			String event = String.valueOf(list.get(0));
			for (AnyOutgoingListener listener : anyOutgoingListeners) {
				try {
					listener.onEvent(event, args);
				}
				catch (RuntimeException ex) {
					logger.log(System.Logger.Level.WARNING, "Outgoing listener failed", ex);
				}
			}
		}
		return client.write(frames, volatilePacket);
	}

	/**
	 * Registers the handler of an acknowledgement id this socket is about to receive, for
	 * a broadcast with acknowledgements (adapters reach it through
	 * {@link AdapterSocketView}). With a timeout the id is forgotten when it expires;
	 * {@code onGone} runs if the socket disconnects first.
	 */
	void expectAck(long ackId, Consumer<EventArgs> onAck, @Nullable Duration timeout, @Nullable Runnable onGone) {
		Scheduler.Cancellable timer = null;
		if (timeout != null) {
			// the broadcast gives up at its timeout: forget the id then, not at
			// disconnect
			timer = namespace.server().engine().scheduler().schedule(() -> {
				PendingAck expired = removeAck(ackId);
				if (expired != null) {
					ackEnded(expired, ServerObserver.AckOutcome.TIMEOUT);
				}
			}, timeout.toMillis());
		}
		acks().put(ackId, new PendingAck(onAck, onGone, timer, System.nanoTime()));
	}

	private void ackEnded(PendingAck pending, ServerObserver.AckOutcome outcome) {
		ServerObserver observer = namespace.server().observer();
		if (observer != null) {
			long nanos = System.nanoTime() - pending.started();
			Observers.call(() -> observer.ackCompleted(this, outcome, nanos));
		}
	}

	/** Sends a packet of this namespace to the client, unconditionally. */
	void packet(SocketPacket packet) {
		client.write(namespace.server().encode(packet), false);
	}

	// ---------------------------------------------------------------- listening

	/** Listens to an event from the client. */
	public void on(String event, EventListener listener) {
		synchronized (this) {
			listeners = CopyOnWrite.with(listeners, event,
					CopyOnWrite.plus(listeners.getOrDefault(event, List.of()), listener, false));
		}
	}

	/**
	 * Whether a listener of this socket or of its namespace handles the event (an event
	 * the application declared, not a name a client made up).
	 */
	public boolean hasListeners(String event) {
		List<EventListener> list = listeners.get(event);
		return (list != null && !list.isEmpty()) || !namespace.eventListeners(event).isEmpty();
	}

	/** Removes an event listener. */
	public void off(String event, EventListener listener) {
		synchronized (this) {
			List<EventListener> list = listeners.get(event);
			if (list != null) {
				listeners = CopyOnWrite.with(listeners, event, CopyOnWrite.minus(list, listener));
			}
		}
	}

	/** Listens to every incoming event, after the ones already registered. */
	public void onAny(AnyListener listener) {
		synchronized (this) {
			anyListeners = CopyOnWrite.plus(anyListeners, listener, false);
		}
	}

	/** Listens to every incoming event, before the ones already registered. */
	public void prependAny(AnyListener listener) {
		synchronized (this) {
			anyListeners = CopyOnWrite.plus(anyListeners, listener, true);
		}
	}

	/** Removes a catch-all listener; {@code null} removes them all. */
	public void offAny(@Nullable AnyListener listener) {
		synchronized (this) {
			anyListeners = CopyOnWrite.minusOrAll(anyListeners, listener);
		}
	}

	/** Listens to every outgoing event, broadcasts included. */
	public void onAnyOutgoing(AnyOutgoingListener listener) {
		synchronized (this) {
			anyOutgoingListeners = CopyOnWrite.plus(anyOutgoingListeners, listener, false);
		}
	}

	/** Listens to every outgoing event, before the ones already registered. */
	public void prependAnyOutgoing(AnyOutgoingListener listener) {
		synchronized (this) {
			anyOutgoingListeners = CopyOnWrite.plus(anyOutgoingListeners, listener, true);
		}
	}

	/** Removes an outgoing catch-all listener; {@code null} removes them all. */
	public void offAnyOutgoing(@Nullable AnyOutgoingListener listener) {
		synchronized (this) {
			anyOutgoingListeners = CopyOnWrite.minusOrAll(anyOutgoingListeners, listener);
		}
	}

	/**
	 * Adds a middleware run for every incoming event before its listeners (after the
	 * catch-all listeners, as in Node).
	 */
	public void use(PacketMiddleware middleware) {
		synchronized (this) {
			packetMiddlewares = CopyOnWrite.plus(packetMiddlewares, middleware, false);
		}
	}

	/** Listens to the disconnection, while the socket still is in its rooms. */
	public void onDisconnecting(Consumer<DisconnectReason> listener) {
		synchronized (this) {
			disconnectingListeners = CopyOnWrite.plus(disconnectingListeners, listener, false);
		}
	}

	/** Listens to the disconnection. */
	public void onDisconnect(Consumer<DisconnectReason> listener) {
		synchronized (this) {
			disconnectListeners = CopyOnWrite.plus(disconnectListeners, listener, false);
		}
	}

	/** Listens to errors of packet middlewares and listeners. */
	public void onError(Consumer<Throwable> listener) {
		synchronized (this) {
			errorListeners = CopyOnWrite.plus(errorListeners, listener, false);
		}
	}

	/** The map a field holds, replaced by a concurrent one on first use. */
	private synchronized <K, V> Map<K, V> writableMap(Supplier<Map<K, V>> field, Consumer<Map<K, V>> set) {
		Map<K, V> map = field.get();
		if (!(map instanceof ConcurrentHashMap)) {
			map = new ConcurrentHashMap<>(map);
			set.accept(map);
		}
		return map;
	}

	private Map<Long, PendingAck> acks() {
		Map<Long, PendingAck> pending = acks;
		return (pending instanceof ConcurrentHashMap) ? pending : writableMap(() -> acks, (map) -> acks = map);
	}

	private @Nullable PendingAck removeAck(long ackId) {
		Map<Long, PendingAck> pending = acks;
		return pending.isEmpty() ? null : pending.remove(ackId);
	}

	// ---------------------------------------------------------------- lifecycle

	/**
	 * Disconnects this socket from its namespace; with {@code close} the whole connection
	 * (every namespace of this client) is closed.
	 */
	public void disconnect(boolean close) {
		if (!connected()) {
			return;
		}
		if (close) {
			client.disconnectAll();
			return;
		}
		// leave first, then tell the client: the client may answer the DISCONNECT by
		// closing the connection, and that close (seen on another thread) must find the
		// socket gone, not disconnect it again under the transport's reason
		if (!CONNECTED.compareAndSet(this, true, false)) {
			return;
		}
		packet(new SocketPacket(PacketType.DISCONNECT, namespace.name(), SocketPacket.NO_ACK, null));
		left(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
	}

	/** Disconnects this socket from its namespace, keeping the connection. */
	public void disconnect() {
		disconnect(false);
	}

	/**
	 * Joins the namespace: own room, recovered rooms, missed packets, then the CONNECT
	 * answer.
	 */
	void onConnect(@Nullable PersistedSession session, List<SocketPacket> missedPackets) {
		connected = true;
		join(id);
		if (session != null) {
			join(session.rooms());
			for (SocketPacket missed : missedPackets) {
				deliver(missed, namespace.server().encode(missed), false);
			}
		}
		Map<String, Object> answer = null;
		if (!client.isEio3()) {
			answer = new LinkedHashMap<>();
			answer.put("sid", id);
			if (pid != null) {
				answer.put("pid", pid);
			}
		}
		packet(new SocketPacket(PacketType.CONNECT, namespace.name(), SocketPacket.NO_ACK, answer));
	}

	/**
	 * Whether leaving the namespace runs no code of the application: no disconnect or
	 * disconnecting listener, no pending acknowledgement (its callback would be told),
	 * and a namespace whose leaving calls none either
	 * ({@link Namespace#leavesWithoutApplicationCode()}).
	 */
	boolean disconnectsWithoutApplicationCode() {
		return disconnectingListeners.isEmpty() && disconnectListeners.isEmpty() && acks.isEmpty()
				&& namespace.disconnectListeners.isEmpty() && namespace.leavesWithoutApplicationCode();
	}

	/** Leaves the namespace. Listeners of {@code disconnecting} still see the rooms. */
	void onClose(DisconnectReason reason) {
		if (CONNECTED.compareAndSet(this, true, false)) {
			left(reason);
		}
	}

	/** What leaving does once this socket is marked disconnected (by one thread only). */
	private void left(DisconnectReason reason) {
		for (Consumer<DisconnectReason> listener : disconnectingListeners) {
			safely(() -> listener.accept(reason));
		}
		if (pid != null && reason.recoverable()) {
			namespace.adapter().persistSession(new PersistedSession(id, pid, rooms(), data));
		}
		for (PendingAck pending : acks.values()) {
			ackEnded(pending, ServerObserver.AckOutcome.DISCONNECTED);
			pending.disconnected();
		}
		if (acks instanceof ConcurrentHashMap<Long, PendingAck> pending) {
			pending.clear();
		}
		client.remove(this);
		namespace.adapter().delAll(id);
		namespace.remove(this);
		for (BiConsumer<Socket, DisconnectReason> listener : namespace.disconnectListeners) {
			safely(() -> listener.accept(this, reason));
		}
		for (Consumer<DisconnectReason> listener : disconnectListeners) {
			safely(() -> listener.accept(reason));
		}
		ServerObserver observer = namespace.server().observer();
		if (observer != null) {
			Observers.call(() -> observer.socketDisconnected(this, reason));
		}
	}

	/**
	 * Runs a task on this socket's ordered executor, after the events already queued and
	 * never at the same time as another listener of the connection, wrapped by the
	 * interceptors as a listener is ({@link SocketInterceptor#aroundListener}: a security
	 * context, for instance). For work that completes later, such as answering once an
	 * asynchronous result is ready:
	 *
	 * <pre>{@code
	 * socket.on("quote", (args, ack) -> prices.fetch(args.get(0, String.class))
	 *     .thenAccept((price) -> socket.execute(() -> ack.send(price))));
	 * }</pre>
	 *
	 * It runs even once the socket is disconnected (emitting then does nothing); a
	 * failure is reported to the {@link #onError} listeners.
	 */
	public void execute(Runnable task) {
		client.connection().executor().execute(() -> {
			try {
				intercept(task);
			}
			catch (RuntimeException ex) {
				reportError(ex);
			}
		});
	}

	/** Runs a listener through the interceptors. */
	void intercept(Runnable listener) {
		List<SocketInterceptor> interceptors = namespace.server().options().interceptors();
		if (interceptors.isEmpty()) {
			listener.run();
			return;
		}
		fold(interceptors, listener, (interceptor, inner) -> () -> interceptor.aroundListener(this, inner)).run();
	}

	/**
	 * Wraps {@code innermost} in the interceptors, the first one outermost: the one fold
	 * of the chain, for listeners and for event dispatch.
	 */
	private static Runnable fold(List<SocketInterceptor> interceptors, Runnable innermost,
			BiFunction<SocketInterceptor, Runnable, Runnable> around) {
		Runnable chain = innermost;
		for (int i = interceptors.size() - 1; i >= 0; i--) {
			chain = around.apply(interceptors.get(i), chain);
		}
		return chain;
	}

	private void safely(Runnable action) {
		try {
			intercept(action);
		}
		catch (RuntimeException ex) {
			logger.log(System.Logger.Level.WARNING, "Listener of socket " + id + " failed", ex);
		}
	}

	// ---------------------------------------------------------------- inbound

	/** An EVENT from the client. Runs on the connection's executor. */
	void onEvent(SocketPacket packet) {
		JsonNode array = (JsonNode) packet.data();
		if (array == null || !connected()) {
			return;
		}
		JsonNode name = array.get(0);
		String event = name.isTextual() ? name.asText() : name.toString();
		EventArgs args = EventArgs.of(array, 1, namespace.server().mapper());
		Ack ack = packet.hasAckId() ? new OnceAck(packet.ackId()) : null;
		List<SocketInterceptor> interceptors = namespace.server().options().interceptors();
		ServerObserver observer = namespace.server().observer();
		if (observer == null && interceptors.isEmpty()) {
			// the common case: no task object, no timing
			try {
				dispatch(event, args, ack);
			}
			catch (RuntimeException ex) {
				reportError(ex);
			}
			return;
		}
		if (interceptors.isEmpty()) {
			// observed without interceptors: one clock pair, no task object
			long start = System.nanoTime();
			Throwable error;
			try {
				error = dispatch(event, args, ack);
			}
			catch (RuntimeException ex) {
				reportError(ex);
				return;
			}
			eventHandled(observer, event, error, System.nanoTime() - start);
			return;
		}
		ObservedDispatch observed = (observer != null) ? new ObservedDispatch(observer, event, args, ack) : null;
		Runnable dispatch = (observed != null) ? observed : () -> dispatch(event, args, ack);
		if (!interceptors.isEmpty()) {
			dispatch = fold(interceptors, dispatch,
					(interceptor, inner) -> () -> interceptor.aroundEvent(this, event, args, ack, inner));
		}
		try {
			dispatch.run();
		}
		catch (RuntimeException ex) {
			reportError(ex);
		}
		if (observed != null && !observed.reached) {
			long nanos = System.nanoTime() - observed.started;
			Observers.call(() -> observer.eventHandled(this, event, hasListeners(event),
					ServerObserver.EventOutcome.DENIED, nanos, null));
		}
	}

	/**
	 * Reports a dispatched event to the observer (success, or error with the first
	 * listener failure); what the observer throws is logged. Without a lambda, so that
	 * the report allocates nothing.
	 */
	private void eventHandled(ServerObserver observer, String event, @Nullable Throwable error, long nanos) {
		try {
			observer.eventHandled(this, event, hasListeners(event),
					(error != null) ? ServerObserver.EventOutcome.ERROR : ServerObserver.EventOutcome.SUCCESS, nanos,
					error);
		}
		catch (RuntimeException ex) {
			Observers.failed(ex);
		}
	}

	/**
	 * The innermost dispatch when an observer and interceptors are registered: times it
	 * and reports its outcome.
	 */
	private final class ObservedDispatch implements Runnable {

		private final ServerObserver observer;

		private final String event;

		private final EventArgs args;

		private final @Nullable Ack ack;

		private final long started = System.nanoTime();

		private boolean reached;

		ObservedDispatch(ServerObserver observer, String event, EventArgs args, @Nullable Ack ack) {
			this.observer = observer;
			this.event = event;
			this.args = args;
			this.ack = ack;
		}

		@Override
		public void run() {
			reached = true;
			long start = System.nanoTime();
			Throwable error = dispatch(event, args, ack);
			eventHandled(observer, event, error, System.nanoTime() - start);
		}

	}

	/**
	 * Runs the catch-all listeners, then the packet middlewares, then the event listeners
	 * (Node's order: {@code onAny} listeners see an event that a middleware then
	 * refuses); returns the first exception one threw, if any.
	 */
	private @Nullable Throwable dispatch(String event, EventArgs args, @Nullable Ack ack) {
		Throwable first = null;
		for (AnyListener listener : anyListeners) {
			try {
				listener.onEvent(event, args);
			}
			catch (RuntimeException ex) {
				reportError(ex);
				first = (first != null) ? first : ex;
			}
		}
		for (PacketMiddleware middleware : packetMiddlewares) {
			try {
				middleware.handle(event, args);
			}
			catch (Exception ex) {
				reportError(ex);
				return ex;
			}
		}
		for (NamespaceEventListener listener : namespace.eventListeners(event)) {
			try {
				listener.onEvent(this, args, ack);
			}
			catch (Exception ex) {
				reportError(ex);
				first = (first != null) ? first : ex;
			}
		}
		List<EventListener> eventListeners = listeners.get(event);
		if (eventListeners == null) {
			return first;
		}
		for (EventListener listener : eventListeners) {
			try {
				listener.onEvent(args, ack);
			}
			catch (Exception ex) {
				reportError(ex);
				first = (first != null) ? first : ex;
			}
		}
		return first;
	}

	private void reportError(Throwable error) {
		if (errorListeners.isEmpty()) {
			logger.log(System.Logger.Level.WARNING,
					"Unhandled error on socket " + id + " of namespace " + namespace.name(), error);
			return;
		}
		for (Consumer<Throwable> listener : errorListeners) {
			safely(() -> listener.accept(error));
		}
	}

	/** An ACK from the client. Unknown ids are ignored. */
	void onAck(SocketPacket packet) {
		PendingAck pending = removeAck(packet.ackId());
		if (pending == null) {
			return;
		}
		pending.cancel();
		ackEnded(pending, ServerObserver.AckOutcome.ANSWERED);
		JsonNode array = (JsonNode) packet.data();
		EventArgs args = (array != null) ? EventArgs.of(array, 0, namespace.server().mapper())
				: new EventArgs(List.of(), namespace.server().mapper());
		try {
			intercept(() -> pending.onAck().accept(args));
		}
		catch (RuntimeException ex) {
			reportError(ex);
		}
	}

	/** Answers one event; only the first call goes out. */
	private final class OnceAck implements Ack {

		private final long ackId;

		/** Whether the answer went out (a field rather than an {@code AtomicBoolean}). */
		private volatile boolean sent;

		OnceAck(long ackId) {
			this.ackId = ackId;
		}

		@Override
		public void send(Object... args) {
			if (sent || !ACK_SENT.compareAndSet(this, false, true) || !connected()) {
				return;
			}
			// encoded before this returns: the caller's array is not kept, so not copied
			packet(new SocketPacket(PacketType.ACK, namespace.name(), ackId, Arrays.asList(args)));
		}

	}

	private static final VarHandle ACK_SENT;

	static {
		try {
			ACK_SENT = MethodHandles.lookup().findVarHandle(OnceAck.class, "sent", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private record PendingAck(Consumer<EventArgs> onAck, @Nullable Runnable onDisconnect,
			Scheduler.@Nullable Cancellable timer, long started) {

		void cancel() {
			if (timer != null) {
				timer.cancel();
			}
		}

		void disconnected() {
			cancel();
			if (onDisconnect != null) {
				onDisconnect.run();
			}
		}
	}

	@Override
	public String toString() {
		return "Socket[" + id + " " + namespace.name() + "]";
	}

}
