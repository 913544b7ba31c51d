package dev.realtime.socketio.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.protocol.SocketPacket;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A Socket.IO v5 server over an {@link EngineServer}, with Node's API where Java allows.
 * The methods that broadcast act on the main namespace {@code "/"}.
 *
 * <pre>{@code
 * SocketIoServer io = new SocketIoServer(SocketIoOptions.builder().build());
 * io.on(socket -> {
 *     socket.on("hello", (args, ack) -> { if (ack != null) ack.send("hi " + args.get(0).asText()); });
 * });
 * io.of("/chat").to("lobby").emit("news", Map.of("title", "Welcome"));
 * }</pre>
 *
 * <p>
 * A web stack binding serves {@link #engine()} on {@code options.engine().path()}.
 */
public final class SocketIoServer implements AutoCloseable {

	private final SocketIoOptions options;

	private final EngineServer engine;

	private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();

	private final List<ParentNamespace> parents = new CopyOnWriteArrayList<>();

	private final List<Consumer<Namespace>> newNamespaceListeners = new CopyOnWriteArrayList<>();

	private final AtomicInteger parentIds = new AtomicInteger();

	private final List<Middleware> everyNamespaceMiddlewares = new CopyOnWriteArrayList<>();

	private final Namespace main;

	private static final System.Logger logger = System.getLogger(SocketIoServer.class.getName());

	private final AtomicInteger dynamicNamespaces = new AtomicInteger();

	private volatile int maxDynamicNamespaces;

	private final List<ServerObserver> observers = new CopyOnWriteArrayList<>();

	private final InboundCounters inboundCounters = new InboundCounters();

	/**
	 * The observers as one, {@code null} when there is none: the hot path checks only
	 * that.
	 */
	private volatile @Nullable ServerObserver observer;

	public SocketIoServer(SocketIoOptions options) {
		this.options = options;
		this.engine = new EngineServer(options.engine());
		this.main = of("/");
		this.engine.setConnectionHandler((connection) -> new Client(this, connection));
	}

	public SocketIoOptions options() {
		return options;
	}

	/** The Engine.IO server underneath: what a web stack binding serves. */
	/** How often clients ran into the inbound limits. */
	public InboundCounters inboundCounters() {
		return inboundCounters;
	}

	public EngineServer engine() {
		return engine;
	}

	/** The mapper that writes emitted values and converts received ones. */
	public ObjectMapper mapper() {
		return options.mapper();
	}

	/**
	 * Registers an observer of connections, sockets, events and acknowledgements
	 * (metrics, tracing, admin tools); it is registered on the engine too. Register it
	 * before the server accepts connections to see every one.
	 */
	public synchronized void addObserver(ServerObserver observer) {
		observers.add(observer);
		observersChanged();
		engine.addObserver(observer);
	}

	/**
	 * Unregisters an observer added by {@link #addObserver}, from the engine too: from
	 * now on it is not called (a call in progress may finish). Without observers left,
	 * the server pays nothing for observation, as if none had been registered.
	 * @param observer the observer
	 * @return whether it was registered
	 */
	public synchronized boolean removeObserver(ServerObserver observer) {
		boolean removed = observers.remove(observer);
		if (removed) {
			observersChanged();
			engine.removeObserver(observer);
		}
		return removed;
	}

	private void observersChanged() {
		this.observer = observers.isEmpty() ? null
				: (observers.size() == 1) ? observers.get(0) : new CompositeServerObserver(List.copyOf(observers));
	}

	/**
	 * The registered observers as one, or {@code null} when none is registered: what the
	 * server and distributed adapters
	 * ({@link dev.realtime.socketio.adapter.AdapterObserver}) report to.
	 */
	public @Nullable ServerObserver observer() {
		return observer;
	}

	/** Encodes a packet into the Engine.IO packets that carry it (once per broadcast). */
	public List<EnginePacket> encode(SocketPacket packet) {
		List<Object> parts = options.parser().encode(packet);
		if (parts.size() == 1 && parts.get(0) instanceof String text) {
			// the common case: one text message
			return List.of(EnginePacket.message(text));
		}
		List<EnginePacket> frames = new ArrayList<>(parts.size());
		for (Object part : parts) {
			frames.add((part instanceof byte[] bytes) ? EnginePacket.binaryMessage(bytes)
					: EnginePacket.message((String) part));
		}
		return frames;
	}

	// ---------------------------------------------------------------- namespaces

	/** The main namespace {@code "/"}. */
	public Namespace sockets() {
		return main;
	}

	/** The namespace with this name, created on first use. */
	public Namespace of(String name) {
		String normalized = name.startsWith("/") ? name : "/" + name;
		Namespace existing = namespaces.get(normalized);
		if (existing != null) {
			return existing;
		}
		Namespace[] created = new Namespace[1];
		Namespace namespace = namespaces.computeIfAbsent(normalized, (key) -> {
			created[0] = new Namespace(this, key);
			return created[0];
		});
		if (created[0] != null) {
			fireNewNamespace(namespace);
		}
		return namespace;
	}

	/** A parent namespace whose children are the namespaces matching the pattern. */
	public ParentNamespace of(Pattern pattern) {
		return parent((name, auth) -> pattern.matcher(name).matches(), pattern.pattern());
	}

	/**
	 * A parent namespace whose children are the namespaces the predicate accepts (name,
	 * auth).
	 */
	public ParentNamespace of(BiPredicate<String, Map<String, Object>> matcher) {
		return parent(matcher, null);
	}

	private ParentNamespace parent(BiPredicate<String, Map<String, Object>> matcher, @Nullable String label) {
		ParentNamespace parent = new ParentNamespace(this, "/_" + parentIds.getAndIncrement(), matcher, label);
		parents.add(parent);
		return parent;
	}

	/**
	 * The parent namespaces ({@code of(Pattern)}, {@code of(BiPredicate)}) registered so
	 * far.
	 */
	public List<ParentNamespace> parentNamespaces() {
		return List.copyOf(parents);
	}

	/** Listens to namespaces created after this call (static and dynamic children). */
	public void onNewNamespace(Consumer<Namespace> listener) {
		newNamespaceListeners.add(listener);
	}

	/** The namespaces that exist now (parent namespaces excluded). */
	public Collection<Namespace> namespaces() {
		return List.copyOf(namespaces.values());
	}

	private void fireNewNamespace(Namespace namespace) {
		for (Consumer<Namespace> listener : newNamespaceListeners) {
			listener.accept(namespace);
		}
	}

	/** The namespace of that name if it exists, without creating a dynamic one. */
	@Nullable Namespace existingNamespace(String name) {
		return namespaces.get(name);
	}

	/**
	 * The namespace a CONNECT for {@code name} joins, or {@code null} ("Invalid
	 * namespace").
	 */
	@Nullable Namespace namespaceFor(String name, @Nullable JsonNode authNode) {
		Namespace existing = namespaces.get(name);
		if (existing != null) {
			return existing;
		}
		if (parents.isEmpty()) {
			return null;
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> auth = (authNode != null && authNode.isObject()) ? mapper().treeToValue(authNode, Map.class)
				: Map.of();
		for (ParentNamespace parent : parents) {
			if (parent.matches(name, auth)) {
				int max = maxDynamicNamespaces;
				if (max > 0 && dynamicNamespaces.get() >= max && !namespaces.containsKey(name)) {
					logger.log(System.Logger.Level.WARNING,
							"Refusing namespace {0}: {1} dynamic namespaces exist, the maximum", name, max);
					return null;
				}
				Namespace[] created = new Namespace[1];
				Namespace child = namespaces.computeIfAbsent(name, (key) -> {
					created[0] = parent.createChild(key);
					dynamicNamespaces.incrementAndGet();
					return created[0];
				});
				if (created[0] != null) {
					fireNewNamespace(child);
				}
				return child;
			}
		}
		return null;
	}

	void removeNamespace(Namespace namespace) {
		if (namespaces.remove(namespace.name(), namespace) && namespace.parent() != null) {
			dynamicNamespaces.decrementAndGet();
		}
	}

	/**
	 * Sets the largest number of namespaces parent namespaces may create dynamically; a
	 * CONNECT that would create one more is refused as an invalid namespace. {@code 0}
	 * (the default) for no limit.
	 */
	public void setMaxDynamicNamespaces(int maxDynamicNamespaces) {
		if (maxDynamicNamespaces < 0) {
			throw new IllegalArgumentException(
					"maxDynamicNamespaces must be 0 (no limit) or positive, was " + maxDynamicNamespaces);
		}
		this.maxDynamicNamespaces = maxDynamicNamespaces;
	}

	/** How many namespaces exist that parent namespaces created dynamically. */
	public int dynamicNamespaceCount() {
		return dynamicNamespaces.get();
	}

	// ---------------------------------------------------------------- main namespace
	// shortcuts

	/** Listens to new sockets of the main namespace. */
	public SocketIoServer on(Consumer<Socket> connectionListener) {
		main.on(connectionListener);
		return this;
	}

	/**
	 * Adds a middleware run for a socket joining any namespace, dynamic children
	 * included, before the namespace's own middlewares: what authentication and
	 * authorization integrations need.
	 */
	public SocketIoServer useForEveryNamespace(Middleware middleware) {
		everyNamespaceMiddlewares.add(middleware);
		return this;
	}

	List<Middleware> everyNamespaceMiddlewares() {
		return everyNamespaceMiddlewares;
	}

	/** Adds a middleware to the main namespace. */
	public SocketIoServer use(Middleware middleware) {
		main.use(middleware);
		return this;
	}

	public BroadcastOperator to(String... rooms) {
		return main.to(rooms);
	}

	public BroadcastOperator in(String... rooms) {
		return main.in(rooms);
	}

	public BroadcastOperator except(String... rooms) {
		return main.except(rooms);
	}

	public BroadcastOperator volatile_() {
		return main.volatile_();
	}

	public BroadcastOperator local() {
		return main.local();
	}

	public BroadcastOperator compress(boolean compress) {
		return main.compress(compress);
	}

	public BroadcastOperator timeout(Duration timeout) {
		return main.timeout(timeout);
	}

	/** Emits to every socket of the main namespace. */
	public void emit(String event, Object... args) {
		main.emit(event, args);
	}

	public void send(Object... args) {
		main.send(args);
	}

	public CompletableFuture<List<EventArgs>> emitWithAck(String event, Object... args) {
		return main.emitWithAck(event, args);
	}

	public CompletableFuture<List<RemoteSocket>> fetchSockets() {
		return main.fetchSockets();
	}

	public void socketsJoin(String... rooms) {
		main.socketsJoin(rooms);
	}

	public void socketsLeave(String... rooms) {
		main.socketsLeave(rooms);
	}

	public void disconnectSockets(boolean close) {
		main.disconnectSockets(close);
	}

	public CompletableFuture<List<Object>> serverSideEmit(String event, Object... args) {
		return main.serverSideEmit(event, args);
	}

	// ---------------------------------------------------------------- lifecycle

	/**
	 * Shuts down: the engine refuses new requests and closes every session, so every
	 * socket leaves with {@link DisconnectReason#SERVER_SHUTTING_DOWN} (on the
	 * connections' executors, persisting its session when recovery is on), and stops the
	 * executor and scheduler it created; then the namespaces' adapters close.
	 */
	@Override
	public void close() {
		engine.close();
		for (Namespace namespace : namespaces.values()) {
			namespace.adapter().close();
		}
	}

}
