package dev.realtime.socketio.server;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.realtime.socketio.adapter.Adapter;
import dev.realtime.socketio.adapter.InMemoryAdapter;
import dev.realtime.socketio.adapter.PersistedSession;
import dev.realtime.socketio.adapter.RecoveredSession;
import dev.realtime.socketio.engine.Observers;
import dev.realtime.socketio.protocol.PacketType;
import dev.realtime.socketio.protocol.SocketPacket;
import dev.realtime.socketio.server.SocketIoOptions.ConnectionStateRecovery;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A namespace: a communication channel with its own sockets, rooms, middlewares and
 * adapter, like Node's {@code Namespace}.
 *
 * <pre>{@code
 * Namespace chat = io.of("/chat");
 * chat.use(socket -> requireToken(socket.handshake().auth()));
 * chat.on(socket -> socket.emit("welcome", "hello " + socket.id()));
 * chat.to("room").emit("news", item);
 * }</pre>
 */
public class Namespace {

	private static final System.Logger logger = System.getLogger(Namespace.class.getName());

	private static final DateTimeFormatter HANDSHAKE_TIME = DateTimeFormatter
		.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'xx", java.util.Locale.ROOT);

	private static volatile @Nullable HandshakeTime lastHandshakeTime;

	private final SocketIoServer server;

	private final String name;

	private final AdapterNamespaceView adapterView = new AdapterNamespaceView(this);

	private final Adapter adapter;

	private final Map<String, Socket> sockets = new ConcurrentHashMap<>();

	final List<Middleware> middlewares = new CopyOnWriteArrayList<>();

	final List<Consumer<Socket>> connectionListeners = new CopyOnWriteArrayList<>();

	final Map<String, List<NamespaceEventListener>> eventListeners = new ConcurrentHashMap<>();

	final List<BiConsumer<Socket, DisconnectReason>> disconnectListeners = new CopyOnWriteArrayList<>();

	private final Map<String, List<EventListener>> serverSideListeners = new ConcurrentHashMap<>();

	private final AtomicLong ackIds = new AtomicLong();

	private volatile @Nullable ParentNamespace parent;

	Namespace(SocketIoServer server, String name) {
		this.server = server;
		this.name = name;
		this.adapter = createAdapter(server);
		this.adapter.init();
	}

	Adapter createAdapter(SocketIoServer server) {
		return server.options().adapterFactory().apply(adapterView);
	}

	/** The namespace name, {@code "/"} for the main namespace. */
	public String name() {
		return name;
	}

	/** The server this namespace belongs to. */
	public SocketIoServer server() {
		return server;
	}

	/** The adapter that keeps this namespace's rooms. */
	public Adapter adapter() {
		return adapter;
	}

	/** The connected sockets of this server in this namespace, by id. */
	public Map<String, Socket> sockets() {
		return Collections.unmodifiableMap(sockets);
	}

	/** A connected local socket, or {@code null}. */
	public @Nullable Socket socket(String id) {
		return sockets.get(id);
	}

	/** Listens to new sockets; runs after the client got the CONNECT answer. */
	public Namespace on(Consumer<Socket> connectionListener) {
		connectionListeners.add(connectionListener);
		return this;
	}

	/**
	 * Listens to an event of every socket of this namespace, from one table the namespace
	 * keeps: nothing is registered per socket, so connecting costs the same however many
	 * events are handled (the annotated handlers use it). For each event, these run after
	 * the packet middlewares and catch-all listeners, before the socket's own
	 * {@link Socket#on} listeners. The children of a dynamic namespace share the table
	 * their parent had when they were created.
	 * @throws IllegalArgumentException for a reserved event name
	 */
	public Namespace onEvent(String event, NamespaceEventListener listener) {
		SocketPacket.requireUnreserved(event);
		eventListeners.computeIfAbsent(event, (name) -> new CopyOnWriteArrayList<>()).add(listener);
		return this;
	}

	/**
	 * Listens to the disconnection of every socket of this namespace, before the socket's
	 * own {@link Socket#onDisconnect} listeners.
	 */
	public Namespace onDisconnect(BiConsumer<Socket, DisconnectReason> listener) {
		disconnectListeners.add(listener);
		return this;
	}

	/** The namespace-wide listeners of an event, empty when there is none. */
	List<NamespaceEventListener> eventListeners(String event) {
		List<NamespaceEventListener> listeners = eventListeners.get(event);
		return (listeners != null) ? listeners : List.of();
	}

	/** Adds a middleware, run in order for every connecting socket. */
	public Namespace use(Middleware middleware) {
		middlewares.add(middleware);
		return this;
	}

	long nextAckId() {
		return ackIds.getAndIncrement();
	}

	/**
	 * The parent namespace that created this one dynamically, or {@code null} for a
	 * static namespace.
	 */
	public @Nullable ParentNamespace parent() {
		return parent;
	}

	void setParent(ParentNamespace parent) {
		this.parent = parent;
	}

	// ---------------------------------------------------------------- broadcasting

	private BroadcastOperator operator() {
		return new BroadcastOperator(this);
	}

	/** Targets the sockets in these rooms. */
	public BroadcastOperator to(String... rooms) {
		return operator().to(rooms);
	}

	/** Targets the sockets in these rooms. */
	public BroadcastOperator to(Collection<String> rooms) {
		return operator().to(rooms);
	}

	/** Same as {@link #to(String...)}. */
	public BroadcastOperator in(String... rooms) {
		return operator().to(rooms);
	}

	/** Targets every socket but those in these rooms. */
	public BroadcastOperator except(String... rooms) {
		return operator().except(rooms);
	}

	/** Flags the next broadcast as volatile. */
	public BroadcastOperator volatile_() {
		return operator().volatile_();
	}

	/** Flags the next broadcast as local to this server. */
	public BroadcastOperator local() {
		return operator().local();
	}

	/**
	 * Sets the compress flag of the next broadcast (advisory: see
	 * {@link BroadcastOperator#compress(boolean)}).
	 */
	public BroadcastOperator compress(boolean compress) {
		return operator().compress(compress);
	}

	/** Sets the acknowledgement timeout of the next broadcast. */
	public BroadcastOperator timeout(Duration timeout) {
		return operator().timeout(timeout);
	}

	/** Emits an event to every socket of the namespace. */
	public void emit(String event, Object... args) {
		operator().emit(event, args);
	}

	/** Emits the {@code message} event to every socket. */
	public void send(Object... args) {
		operator().send(args);
	}

	/** Emits to every socket and gathers their acknowledgements. */
	public CompletableFuture<List<EventArgs>> emitWithAck(String event, Object... args) {
		return operator().emitWithAck(event, args);
	}

	/** Every socket of the namespace, cluster-wide. */
	public CompletableFuture<List<RemoteSocket>> fetchSockets() {
		return operator().fetchSockets();
	}

	/** Makes every socket join rooms. */
	public void socketsJoin(String... rooms) {
		operator().socketsJoin(rooms);
	}

	/** Makes every socket leave rooms. */
	public void socketsLeave(String... rooms) {
		operator().socketsLeave(rooms);
	}

	/** Disconnects every socket. */
	public void disconnectSockets(boolean close) {
		operator().disconnectSockets(close);
	}

	/**
	 * Sends an event to the other servers of the cluster; their {@link #onServerSideEmit}
	 * listeners get it. The future holds their answers.
	 */
	public CompletableFuture<List<Object>> serverSideEmit(String event, Object... args) {
		return serverSideEmit(null, event, args);
	}

	/**
	 * {@link #serverSideEmit(String, Object...)} that waits for answers until the
	 * timeout.
	 */
	public CompletableFuture<List<Object>> serverSideEmit(@Nullable Duration timeout, String event, Object... args) {
		return adapter.serverSideEmit(SocketPacket.eventData(event, args), timeout);
	}

	/** Listens to events other servers send with {@code serverSideEmit}. */
	public void onServerSideEmit(String event, EventListener listener) {
		serverSideListeners.computeIfAbsent(event, (key) -> new CopyOnWriteArrayList<>()).add(listener);
	}

	/**
	 * Delivers an event from another server (adapters reach it through
	 * {@link AdapterNamespaceView}).
	 */
	void onServerSideEvent(String event, EventArgs args, @Nullable Ack ack) {
		for (EventListener listener : serverSideListeners.getOrDefault(event, List.of())) {
			try {
				listener.onEvent(args, ack);
			}
			catch (Exception ex) {
				logger.log(System.Logger.Level.WARNING, "Server-side listener failed", ex);
			}
		}
	}

	// ---------------------------------------------------------------- connecting

	/** A client asks to join. Runs on the client's executor. */
	/**
	 * Whether admitting a socket runs no code of the application, so that a CONNECT may
	 * be handled on the thread that read it, even an event loop: no middleware, no
	 * connection state recovery (its adapter lookup), rooms kept by the in-memory adapter
	 * with no room listener. The connection listeners run on the executor regardless.
	 */
	boolean admitsWithoutApplicationCode() {
		return middlewares.isEmpty() && server.everyNamespaceMiddlewares().isEmpty()
				&& server.options().connectionStateRecovery() == null && adapter.getClass() == InMemoryAdapter.class
				&& !((InMemoryAdapter) adapter).hasRoomListeners();
	}

	/**
	 * Whether a socket's leaving runs no code of the application: no connection state
	 * recovery (its session is persisted to the adapter), rooms kept by the in-memory
	 * adapter with no room listener.
	 */
	boolean leavesWithoutApplicationCode() {
		return server.options().connectionStateRecovery() == null && adapter.getClass() == InMemoryAdapter.class
				&& !((InMemoryAdapter) adapter).hasRoomListeners();
	}

	void add(Client client, @Nullable JsonNode authNode) {
		Map<String, Object> auth = toMap(authNode);
		ConnectionStateRecovery recovery = server.options().connectionStateRecovery();
		Object pid = auth.get("pid");
		Object offset = auth.get("offset");
		if (recovery != null && pid instanceof String pidText && offset instanceof String offsetText) {
			adapter.restoreSession(pidText, offsetText)
				.whenComplete((recovered, failure) -> client.connection()
					.executor()
					.execute(() -> admit(client, auth, (failure == null) ? recovered : null)));
			return;
		}
		admit(client, auth, null);
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> toMap(@Nullable JsonNode authNode) {
		if (authNode == null || !authNode.isObject()) {
			return new LinkedHashMap<>();
		}
		return server.mapper().treeToValue(authNode, LinkedHashMap.class);
	}

	private void admit(Client client, Map<String, Object> auth, @Nullable RecoveredSession recovered) {
		if (client.isClosed()) {
			return;
		}
		PersistedSession session = (recovered != null) ? recovered.session() : null;
		Socket socket = new Socket(this, client, handshake(client, auth), session);
		ServerObserver observer = server.observer();
		if (observer != null) {
			Observers.call(() -> observer.socketConnecting(socket));
		}
		ConnectionStateRecovery recovery = server.options().connectionStateRecovery();
		boolean skipMiddlewares = recovered != null && recovery != null && recovery.skipMiddlewares();
		if (!skipMiddlewares) {
			List<Middleware> chain = new ArrayList<>(server.everyNamespaceMiddlewares());
			chain.addAll(middlewares);
			for (Middleware middleware : chain) {
				try {
					middleware.handle(socket);
				}
				catch (Exception ex) {
					refuse(client, socket, ex);
					return;
				}
			}
		}
		if (client.isClosed() || !client.attach(socket)) {
			if (observer != null) {
				Observers.call(() -> observer.connectError(name, socket, "connection closed", null, null));
			}
			return;
		}
		sockets.put(socket.id(), socket);
		socket.onConnect(session, (recovered != null) ? recovered.missedPackets() : List.of());
		if (observer != null) {
			Observers.call(() -> observer.socketConnected(socket));
		}
		if (connectionListeners.isEmpty()) {
			// nothing to run once the answer is written: no task for the executor
			return;
		}
		client.afterConnectAnswerWritten(() -> {
			if (!socket.connected()) {
				return;
			}
			for (Consumer<Socket> listener : connectionListeners) {
				try {
					socket.intercept(() -> listener.accept(socket));
				}
				catch (RuntimeException ex) {
					logger.log(System.Logger.Level.WARNING, "Connection listener of namespace " + name + " failed", ex);
				}
			}
		});
	}

	private void refuse(Client client, Socket socket, Exception error) {
		Map<String, Object> body = new LinkedHashMap<>();
		String message = (error.getMessage() != null) ? error.getMessage() : error.getClass().getSimpleName();
		body.put("message", message);
		Object data = null;
		if (error instanceof ConnectionRefusedException refused && refused.data() != null) {
			data = refused.data();
			body.put("data", data);
		}
		// a v2 client (v4 protocol) gets the data, or else the message, bare
		Object refusal = !client.isEio3() ? body : (data != null) ? data : message;
		client.write(server.encode(new SocketPacket(PacketType.CONNECT_ERROR, name, SocketPacket.NO_ACK, refusal)),
				false);
		ServerObserver observer = server.observer();
		if (observer != null) {
			Object refusalData = data;
			Observers.call(() -> observer.connectError(name, socket, message, refusalData, error));
		}
	}

	private Handshake handshake(Client client, Map<String, Object> auth) {
		// read from the request the connection keeps anyway: nothing copied per socket
		return new Handshake(client.connection().request(), System.currentTimeMillis(),
				auth.isEmpty() ? Map.of() : Collections.unmodifiableMap(auth));
	}

	/**
	 * {@code time} of a handshake at {@code millis}: one string per second, shared by the
	 * sockets that connect within it (each keeps its handshake for its whole life).
	 */
	static String handshakeTime(long millis) {
		long second = Math.floorDiv(millis, 1000);
		HandshakeTime cached = lastHandshakeTime;
		if (cached == null || cached.second() != second) {
			cached = new HandshakeTime(second, HANDSHAKE_TIME.format(ZonedDateTime
				.ofInstant(java.time.Instant.ofEpochSecond(second), java.time.ZoneId.systemDefault())));
			lastHandshakeTime = cached;
		}
		return cached.text();
	}

	private record HandshakeTime(long second, String text) {
	}

	void remove(Socket socket) {
		sockets.remove(socket.id(), socket);
		ParentNamespace owner = parent;
		if (owner != null && sockets.isEmpty() && server.options().cleanupEmptyChildNamespaces()) {
			owner.removeChild(this);
		}
	}

	@Override
	public String toString() {
		return "Namespace[" + name + "]";
	}

}
