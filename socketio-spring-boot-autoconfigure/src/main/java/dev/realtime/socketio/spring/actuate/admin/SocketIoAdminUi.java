package dev.realtime.socketio.spring.actuate.admin;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.realtime.socketio.adapter.RoomListener;
import dev.realtime.socketio.engine.CloseReason;
import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.engine.EngineSocket;
import dev.realtime.socketio.engine.Scheduler;
import dev.realtime.socketio.engine.Traffic;
import dev.realtime.socketio.server.ConnectionRefusedException;
import dev.realtime.socketio.server.DisconnectReason;
import dev.realtime.socketio.server.EventArgs;
import dev.realtime.socketio.server.Handshake;
import dev.realtime.socketio.server.Namespace;
import dev.realtime.socketio.server.RemoteSocket;
import dev.realtime.socketio.server.ServerObserver;
import dev.realtime.socketio.server.Socket;
import dev.realtime.socketio.server.SocketIoServer;
import org.jspecify.annotations.Nullable;

/**
 * The server side of the official Socket.IO Admin UI ({@code @socket.io/admin-ui} 0.5):
 * what Node's {@code instrument(io, options)} does, on the admin namespace. Every two
 * seconds the UI gets the server's statistics ({@code server_stats}: connections, polling
 * connections, namespaces, and the aggregated connections, disconnections, packets and
 * bytes of each second); in development mode it also gets every socket
 * ({@code all_sockets}), their connections, upgrades, disconnections, rooms and events as
 * they happen. Unless read-only, it may emit, make sockets join or leave rooms, and
 * disconnect them, on the whole cluster through the adapter.
 */
public final class SocketIoAdminUi implements ServerObserver {

	private static final long STATS_INTERVAL_MILLIS = 2000;

	private static final SecureRandom random = new SecureRandom();

	private final SocketIoServer io;

	private final AdminUiOptions options;

	private final Namespace admin;

	private final List<String> features = new ArrayList<>();

	private final Set<String> sessions = ConcurrentHashMap.newKeySet();

	/** Per second and kind: what the UI's charts show. */
	private final Map<String, long[]> aggregated = new ConcurrentHashMap<>();

	/** The sockets of each engine session, to tell the UI of an upgrade. */
	private final Map<String, Set<Socket>> socketsByConnection = new ConcurrentHashMap<>();

	private final long startedNanos = System.nanoTime();

	private volatile Scheduler.@Nullable Cancellable statsTimer;

	/** How often the traffic totals are read into the per-second aggregates. */
	private static final long TRAFFIC_SAMPLE_MILLIS = 1000;

	private volatile Scheduler.@Nullable Cancellable trafficTimer;

	private volatile boolean stopped;

	/**
	 * The traffic totals of the last sample: packets and bytes in, packets and bytes out.
	 */
	private final long[] lastTraffic = new long[4];

	private SocketIoAdminUi(SocketIoServer io, AdminUiOptions options) {
		this.io = io;
		this.options = options;
		this.admin = io.of(options.namespace());
		if (!options.readonly()) {
			features.addAll(List.of("EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT"));
		}
		features.add("AGGREGATED_EVENTS");
		if (!options.production()) {
			features.add("ALL_EVENTS");
		}
	}

	/** Instruments a server: call before it accepts connections. */
	public static SocketIoAdminUi instrument(SocketIoServer io, AdminUiOptions options) {
		SocketIoAdminUi ui = new SocketIoAdminUi(io, options);
		ui.start();
		return ui;
	}

	private void start() {
		if (options.credentials() != null) {
			admin.use(this::authenticate);
		}
		admin.on(this::onAdminConnection);
		// packets and bytes come from the sessions' own counts, read every second
		io.engine().countTraffic();
		io.addObserver(this);
		if (!options.production()) {
			for (Namespace namespace : io.namespaces()) {
				watch(namespace);
			}
			io.onNewNamespace(this::watch);
		}
		scheduleStats();
		scheduleTrafficSample();
	}

	/** Stops the statistics. */
	public void stop() {
		stopped = true;
		Scheduler.Cancellable timer = statsTimer;
		if (timer != null) {
			timer.cancel();
		}
		Scheduler.Cancellable sampler = trafficTimer;
		if (sampler != null) {
			sampler.cancel();
		}
	}

	// ---------------------------------------------------------------- authentication

	private void authenticate(Socket socket) {
		Map<String, Object> auth = socket.handshake().auth();
		if (auth.get("sessionId") instanceof String sessionId && sessions.contains(sessionId)) {
			return;
		}
		if (auth.get("username") instanceof String username && auth.get("password") instanceof String password
				&& options.credentials().test(username, password)) {
			String sessionId = HexFormat.of().formatHex(randomBytes());
			sessions.add(sessionId);
			socket.data().put(SESSION_KEY, sessionId);
			return;
		}
		throw new ConnectionRefusedException("invalid credentials");
	}

	private static final String SESSION_KEY = "_adminSession";

	/** What the UI shows of a socket's connection, kept in its data as Node does. */
	private static final String ADMIN_DATA_KEY = "_admin";

	private static byte[] randomBytes() {
		byte[] bytes = new byte[8];
		random.nextBytes(bytes);
		return bytes;
	}

	// ---------------------------------------------------------------- the admin's
	// connection

	private void onAdminConnection(Socket socket) {
		Object session = socket.data().remove(SESSION_KEY);
		if (session != null) {
			socket.emit("session", session);
		}
		if (!options.readonly()) {
			registerOperations(socket);
		}
		socket.emit("config", Map.of("supportedFeatures", features));
		if (!options.production()) {
			allSockets().thenAccept((sockets) -> socket.emit("all_sockets", sockets));
		}
		sendStats();
	}

	private void registerOperations(Socket socket) {
		socket.on("emit", (args, ack) -> {
			Namespace namespace = existing(args.get(0, String.class));
			String filter = args.get(1, String.class);
			String event = args.get(2, String.class);
			if (namespace == null || event == null) {
				return;
			}
			List<Object> values = new ArrayList<>();
			for (int i = 3; i < args.size(); i++) {
				values.add(args.get(i));
			}
			if (filter != null && !filter.isEmpty()) {
				namespace.in(filter).emit(event, values.toArray());
			}
			else {
				namespace.emit(event, values.toArray());
			}
		});
		socket.on("join", (args, ack) -> roomOperation(args, true));
		socket.on("leave", (args, ack) -> roomOperation(args, false));
		socket.on("_disconnect", (args, ack) -> {
			Namespace namespace = existing(args.get(0, String.class));
			if (namespace == null) {
				return;
			}
			boolean close = Boolean.TRUE.equals(args.get(1, Boolean.class));
			String filter = (args.size() > 2) ? args.get(2, String.class) : null;
			if (filter != null && !filter.isEmpty()) {
				namespace.in(filter).disconnectSockets(close);
			}
			else {
				namespace.disconnectSockets(close);
			}
		});
	}

	private void roomOperation(EventArgs args, boolean join) {
		Namespace namespace = existing(args.get(0, String.class));
		String room = args.get(1, String.class);
		if (namespace == null || room == null) {
			return;
		}
		String filter = (args.size() > 2) ? args.get(2, String.class) : null;
		if (filter != null && !filter.isEmpty()) {
			if (join) {
				namespace.in(filter).socketsJoin(room);
			}
			else {
				namespace.in(filter).socketsLeave(room);
			}
		}
		else if (join) {
			namespace.socketsJoin(room);
		}
		else {
			namespace.socketsLeave(room);
		}
	}

	/** A namespace that exists (the UI's operations never create one). */
	private @Nullable Namespace existing(@Nullable String name) {
		if (name == null) {
			return null;
		}
		for (Namespace namespace : io.namespaces()) {
			if (namespace.name().equals(name)) {
				return namespace;
			}
		}
		return null;
	}

	private CompletableFuture<List<Map<String, Object>>> allSockets() {
		List<CompletableFuture<List<Map<String, Object>>>> perNamespace = new ArrayList<>();
		for (Namespace namespace : io.namespaces()) {
			perNamespace.add(namespace.fetchSockets().thenApply((sockets) -> {
				List<Map<String, Object>> serialized = new ArrayList<>();
				for (RemoteSocket remote : sockets) {
					Socket local = namespace.socket(remote.id());
					serialized.add((local != null) ? serialize(local) : serialize(remote, namespace.name()));
				}
				return serialized;
			}));
		}
		return CompletableFuture.allOf(perNamespace.toArray(CompletableFuture[]::new)).thenApply((done) -> {
			List<Map<String, Object>> all = new ArrayList<>();
			perNamespace.forEach((future) -> all.addAll(future.join()));
			return all;
		});
	}

	// ---------------------------------------------------------------- statistics

	private void scheduleStats() {
		statsTimer = io.engine().scheduler().schedule(() -> {
			try {
				sendStats();
			}
			finally {
				if (!io.engine().isClosed()) {
					scheduleStats();
				}
			}
		}, STATS_INTERVAL_MILLIS);
	}

	private void sendStats() {
		// the traffic up to now, so that the stats never lag the messages behind them
		sampleTraffic();
		Map<String, Object> stats = new LinkedHashMap<>();
		stats.put("serverId", options.serverId());
		stats.put("hostname", hostname());
		stats.put("pid", ProcessHandle.current().pid());
		stats.put("uptime", (System.nanoTime() - startedNanos) / 1e9);
		int polling = 0;
		Collection<? extends EngineSocket> connections = io.engine().sessions();
		for (EngineSocket connection : connections) {
			if (EngineOptions.POLLING.equals(connection.transport())) {
				polling++;
			}
		}
		stats.put("clientsCount", connections.size());
		stats.put("pollingClientsCount", polling);
		stats.put("aggregatedEvents", drainAggregated());
		List<Map<String, Object>> namespaces = new ArrayList<>();
		for (Namespace namespace : io.namespaces()) {
			namespaces.add(Map.of("name", namespace.name(), "socketsCount", namespace.sockets().size()));
		}
		stats.put("namespaces", namespaces);
		admin.emit("server_stats", stats);
	}

	/** The host name, as the UI shows a server by default. */
	public static String hostname() {
		String name = ManagementFactory.getRuntimeMXBean().getName();
		int at = name.indexOf('@');
		return (at >= 0) ? name.substring(at + 1) : name;
	}

	private void count(String type, @Nullable String subType, long delta) {
		long second = System.currentTimeMillis() / 1000 * 1000;
		String key = second + ";" + type + ";" + ((subType != null) ? subType : "");
		long[] cell = aggregated.computeIfAbsent(key, (k) -> new long[1]);
		synchronized (cell) {
			cell[0] += delta;
		}
	}

	private List<Map<String, Object>> drainAggregated() {
		List<Map<String, Object>> events = new ArrayList<>();
		for (String key : List.copyOf(aggregated.keySet())) {
			long[] cell = aggregated.remove(key);
			if (cell == null) {
				continue;
			}
			String[] parts = key.split(";", 3);
			Map<String, Object> event = new LinkedHashMap<>();
			event.put("timestamp", Long.parseLong(parts[0]));
			event.put("type", parts[1]);
			if (!parts[2].isEmpty()) {
				event.put("subType", parts[2]);
			}
			synchronized (cell) {
				event.put("count", cell[0]);
			}
			events.add(event);
		}
		return events;
	}

	@Override
	public void sessionOpened(EngineSocket session) {
		count("rawConnection", null, 1);
	}

	@Override
	public void sessionClosed(EngineSocket session, String transport, CloseReason reason) {
		count("rawDisconnection", reason.text(), 1);
		socketsByConnection.remove(session.id());
	}

	/**
	 * Counts the messages and bytes of the last second from the engine's traffic totals
	 * (no call per message).
	 */
	private synchronized void sampleTraffic() {
		long[] traffic = io.engine().traffic();
		long packetsIn = traffic[Traffic.PACKETS_IN_POLLING.ordinal()]
				+ traffic[Traffic.PACKETS_IN_WEBSOCKET.ordinal()];
		long bytesIn = traffic[Traffic.BYTES_IN_POLLING.ordinal()] + traffic[Traffic.BYTES_IN_WEBSOCKET.ordinal()];
		long packetsOut = traffic[Traffic.PACKETS_OUT_POLLING.ordinal()]
				+ traffic[Traffic.PACKETS_OUT_WEBSOCKET.ordinal()];
		long bytesOut = traffic[Traffic.BYTES_OUT_POLLING.ordinal()] + traffic[Traffic.BYTES_OUT_WEBSOCKET.ordinal()];
		countSince("packetsIn", 0, packetsIn);
		countSince("bytesIn", 1, bytesIn);
		countSince("packetsOut", 2, packetsOut);
		countSince("bytesOut", 3, bytesOut);
	}

	/** Counts what a total grew by since the last sample. On the scheduler thread. */
	private void countSince(String type, int index, long total) {
		long delta = total - lastTraffic[index];
		lastTraffic[index] = total;
		if (delta > 0) {
			count(type, null, delta);
		}
	}

	private void scheduleTrafficSample() {
		trafficTimer = io.engine().scheduler().schedule(() -> {
			try {
				sampleTraffic();
			}
			finally {
				if (!io.engine().isClosed() && !stopped) {
					scheduleTrafficSample();
				}
			}
		}, TRAFFIC_SAMPLE_MILLIS);
	}

	// ---------------------------------------------------------------- development mode:
	// everything as it happens

	private void watch(Namespace namespace) {
		namespace.adapter().addRoomListener(new RoomListener() {
			@Override
			public void onJoinRoom(String room, String socketId) {
				admin.emit("room_joined", namespace.name(), room, socketId, now());
			}

			@Override
			public void onLeaveRoom(String room, String socketId) {
				admin.emit("room_left", namespace.name(), room, socketId, now());
			}
		});
	}

	@Override
	public void socketConnected(Socket socket) {
		if (options.production()) {
			return;
		}
		socketsByConnection.computeIfAbsent(socket.connectionId(), (id) -> ConcurrentHashMap.newKeySet()).add(socket);
		// as Node keeps it: in the socket's data, so that fetchSockets() from another
		// node
		// carries it
		socket.data().put(ADMIN_DATA_KEY, adminData(socket, socket.transport()));
		String namespace = socket.namespace().name();
		admin.emit("socket_connected", serialize(socket), now());
		if (socket.namespace() != admin) {
			socket.onAny((event, args) -> {
				List<Object> values = new ArrayList<>();
				values.add(event);
				for (int i = 0; i < args.size(); i++) {
					values.add(args.get(i));
				}
				admin.emit("event_received", namespace, socket.id(), values, now());
			});
			socket.onAnyOutgoing((event, args) -> {
				List<Object> values = new ArrayList<>();
				values.add(event);
				values.addAll(args);
				admin.emit("event_sent", namespace, socket.id(), values, now());
			});
		}
	}

	@Override
	public void socketDisconnected(Socket socket, DisconnectReason reason) {
		if (options.production()) {
			return;
		}
		Set<Socket> sockets = socketsByConnection.get(socket.connectionId());
		if (sockets != null) {
			sockets.remove(socket);
		}
		admin.emit("socket_disconnected", socket.namespace().name(), socket.id(), reason.text(), now());
	}

	@Override
	public void upgraded(EngineSocket session) {
		Set<Socket> sockets = socketsByConnection.get(session.id());
		if (sockets == null || options.production()) {
			return;
		}
		for (Socket socket : sockets) {
			socket.data().put(ADMIN_DATA_KEY, adminData(socket, EngineOptions.WEBSOCKET));
			admin.emit("socket_updated",
					Map.of("id", socket.id(), "nsp", socket.namespace().name(), "transport", EngineOptions.WEBSOCKET));
		}
	}

	private static String now() {
		return Instant.now().toString();
	}

	private static Map<String, Object> adminData(Socket socket, String transport) {
		return Map.of("clientId", clientId(socket), "transport", transport);
	}

	private static String clientId(Socket socket) {
		// a part only: the engine session id is a credential of the connection
		return socket.connectionId().substring(0, Math.min(12, socket.connectionId().length()));
	}

	private static Map<String, Object> serialize(Socket socket) {
		Map<String, Object> serialized = serialize(socket.id(), socket.namespace().name(), socket.handshake(),
				socket.rooms(), socket.data());
		serialized.put("clientId", clientId(socket));
		serialized.put("transport", socket.transport());
		return serialized;
	}

	/** A socket of another node: what it is connected with travels in its data. */
	private static Map<String, Object> serialize(RemoteSocket socket, String namespace) {
		Map<String, Object> serialized = serialize(socket.id(), namespace, socket.handshake(), socket.rooms(),
				socket.data());
		if (socket.data().get(ADMIN_DATA_KEY) instanceof Map<?, ?> adminData) {
			serialized.put("clientId", adminData.get("clientId"));
			serialized.put("transport", adminData.get("transport"));
		}
		return serialized;
	}

	private static Map<String, Object> serialize(String id, String namespace, Handshake handshake, Set<String> rooms,
			Map<String, Object> data) {
		Map<String, Object> serialized = new LinkedHashMap<>();
		serialized.put("id", id);
		serialized.put("nsp", namespace);
		Map<String, Object> shake = new LinkedHashMap<>();
		String forwarded = handshake.header("cf-connecting-ip");
		if (forwarded == null) {
			forwarded = handshake.header("x-forwarded-for");
		}
		shake.put("address", (forwarded != null) ? forwarded : handshake.address());
		Map<String, String> headers = new LinkedHashMap<>();
		handshake.headers()
			.forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(", ", values)));
		shake.put("headers", headers);
		Map<String, String> query = new LinkedHashMap<>();
		handshake.query().forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
		shake.put("query", query);
		shake.put("issued", handshake.issued());
		shake.put("secure", handshake.secure());
		shake.put("time", handshake.time());
		shake.put("url", handshake.url());
		shake.put("xdomain", handshake.xdomain());
		serialized.put("handshake", shake);
		serialized.put("rooms", List.copyOf(rooms));
		Map<String, Object> visibleData = new LinkedHashMap<>(data);
		visibleData.remove(SESSION_KEY);
		visibleData.remove(ADMIN_DATA_KEY);
		serialized.put("data", visibleData);
		return serialized;
	}

}
