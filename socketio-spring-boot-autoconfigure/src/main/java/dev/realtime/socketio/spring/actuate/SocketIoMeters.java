package dev.realtime.socketio.spring.actuate;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.realtime.socketio.engine.CloseReason;
import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.engine.EngineServer;
import dev.realtime.socketio.engine.EngineSocket;
import dev.realtime.socketio.engine.Traffic;
import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.engine.spi.EngineRequest;
import dev.realtime.socketio.server.DisconnectReason;
import dev.realtime.socketio.server.InboundCounters;
import dev.realtime.socketio.server.Namespace;
import dev.realtime.socketio.server.ServerObserver;
import dev.realtime.socketio.server.Socket;
import dev.realtime.socketio.server.SocketIoServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The Socket.IO server's meters: connections, sockets, connects and disconnects, connect
 * errors, packets and bytes, event handler timings, acknowledgements, upgrades, outbound
 * buffering, the memory budget, rate limits, and what a distributed adapter reports. Tags
 * have a low cardinality: a dynamic namespace is tagged with its parent's pattern, an
 * event name only when the socket has listeners for it ({@code other} otherwise), a
 * refused namespace nobody declared with {@code unknown}.
 *
 * <p>
 * {@code socketio.packets} and {@code socketio.bytes} are function counters over the
 * engine's own {@link Traffic} counts ({@link EngineServer#countTraffic()}): each session
 * adds up what it sends and receives, and the registry sums them when it reads the
 * meters, so a delivery costs no meter update.
 *
 * <p>
 * {@link #bindTo(MeterRegistry)} registers the meters and this object as the server's
 * {@link ServerObserver}; without a registry nothing is registered and the server pays
 * nothing. {@link #pause()} stops the recording at runtime and {@link #resume()} starts
 * it again: while paused the server pays what it pays without a registry (no observer
 * call, no traffic count, no event timing), which is how the benchmarks measure what the
 * meters cost within one JVM.
 */
public final class SocketIoMeters implements ServerObserver {

	/**
	 * The tag value of event names no handler declared and of namespaces nobody declared.
	 */
	public static final String OTHER = "other";

	private static final String UNKNOWN = "unknown";

	private final SocketIoServer server;

	private @Nullable MeterRegistry registry;

	private final Set<String> namespaceGauges = ConcurrentHashMap.newKeySet();

	/**
	 * The {@code socketio.events} timers by namespace tag, event tag and outcome ordinal:
	 * found without allocating on every event.
	 */
	private final Map<String, Map<String, AtomicReferenceArray<Timer>>> eventTimers = new ConcurrentHashMap<>();

	private static final ServerObserver.EventOutcome[] EVENT_OUTCOMES = ServerObserver.EventOutcome.values();

	private final Map<MeterKey, Counter> counters = new ConcurrentHashMap<>();

	private final Map<ServerObserver.AckOutcome, Timer> ackTimers = new ConcurrentHashMap<>();

	private @Nullable DistributionSummary buffered;

	private final AtomicInteger serverCount = new AtomicInteger(1);

	private volatile boolean paused;

	public SocketIoMeters(SocketIoServer server) {
		this.server = server;
	}

	/** Registers the meters on the registry and starts observing the server. Once. */
	public synchronized void bindTo(MeterRegistry registry) {
		if (this.registry != null) {
			throw new IllegalStateException("SocketIoMeters is bound to one registry only");
		}
		this.registry = registry;
		for (String transport : List.of(EngineOptions.POLLING, EngineOptions.WEBSOCKET)) {
			Gauge.builder("socketio.connections", server, (io) -> connections(io, transport))
				.description("Open Engine.IO connections")
				.tag("transport", transport)
				.strongReference(true)
				.register(registry);
		}
		// counted by the sessions themselves (plain additions per message, no meter
		// call),
		// summed when the registry reads the meters
		EngineServer engine = server.engine();
		engine.countTraffic();
		for (Traffic figure : Traffic.values()) {
			FunctionCounter
				.builder(figure.bytes() ? "socketio.bytes" : "socketio.packets", engine,
						(counted) -> counted.traffic(figure))
				.description(
						figure.bytes() ? "Size of Engine.IO messages (text: characters + 1)" : "Engine.IO messages")
				.baseUnit(figure.bytes() ? "bytes" : null)
				.tag("direction", figure.direction())
				.tag("transport", figure.transport())
				.register(registry);
		}
		buffered = DistributionSummary.builder("socketio.outbound.buffered.bytes")
			.description("Bytes waiting for a client (queued and in flight), sampled every second on each connection")
			.baseUnit("bytes")
			.register(registry);
		server.engine().scheduler().schedule(this::sampleBuffered, BUFFERED_SAMPLE_MILLIS);
		Counter.builder("socketio.outbound.overflows")
			.description("Clients disconnected because their outbound buffer went over the limit")
			.register(registry);
		Counter.builder("socketio.outbound.volatile.drops")
			.description("Volatile packets dropped because the client could not take them")
			.register(registry);
		Gauge.builder("socketio.memory.used", server, (io) -> io.engine().memoryUsed())
			.description("Bytes the connections pin, counted against socketio.memory.max-total")
			.baseUnit("bytes")
			.strongReference(true)
			.register(registry);
		Counter.builder("socketio.memory.sheds")
			.description("Connections closed because the server went over its memory budget")
			.register(registry);
		InboundCounters inbound = server.inboundCounters();
		FunctionCounter.builder("socketio.ratelimit.events", inbound, InboundCounters::rateLimitedEvents)
			.description("Events over a rate limit (socketio.rate-limit.*): dropped, or whose connection was closed")
			.register(registry);
		FunctionCounter.builder("socketio.ratelimit.disconnects", inbound, InboundCounters::rateLimitDisconnects)
			.description("Connections closed for going over a rate limit (socketio.rate-limit.action=disconnect)")
			.register(registry);
		Gauge.builder("socketio.cluster.servers", this, SocketIoMeters::serverCount)
			.description("Servers in the cluster, as the main namespace's adapter counts them")
			.strongReference(true)
			.register(registry);
		for (Namespace namespace : server.namespaces()) {
			registerSocketsGauge(namespace);
		}
		server.onNewNamespace(this::registerSocketsGauge);
		server.addObserver(this);
	}

	/**
	 * Stops recording: the server no longer calls this observer and its sessions stop
	 * counting their traffic, so that it costs what a server without meters costs. The
	 * meters stay registered; the counters and timers keep their values, the gauges still
	 * read the server. Does nothing when not bound or already paused.
	 */
	public synchronized void pause() {
		if (registry == null || paused) {
			return;
		}
		paused = true;
		server.removeObserver(this);
		server.engine().countTraffic(false);
	}

	/**
	 * Records again after {@link #pause()}, the open connections included; what happened
	 * while paused is not counted. Does nothing when not paused.
	 */
	public synchronized void resume() {
		if (!paused) {
			return;
		}
		paused = false;
		server.engine().countTraffic(true);
		server.addObserver(this);
	}

	/** Whether recording is {@linkplain #pause() paused}. */
	public boolean isPaused() {
		return paused;
	}

	private static double connections(SocketIoServer server, String transport) {
		int count = 0;
		for (EngineSocket session : server.engine().sessions()) {
			if (transport.equals(session.transport())) {
				count++;
			}
		}
		return count;
	}

	private double serverCount() {
		CompletableFuture<Integer> count = server.sockets().adapter().serverCount();
		count.thenAccept(serverCount::set);
		return serverCount.get();
	}

	/**
	 * The namespace tag: the name of a static namespace, the pattern of a dynamic one's
	 * parent.
	 */
	static String namespaceTag(Namespace namespace) {
		return (namespace.parent() != null) ? namespace.parent().label() : namespace.name();
	}

	private void registerSocketsGauge(Namespace namespace) {
		MeterRegistry meters = registry;
		String tag = namespaceTag(namespace);
		if (meters == null || !namespaceGauges.add(tag)) {
			return;
		}
		Gauge.builder("socketio.sockets", server, (io) -> sockets(io, tag))
			.description("Sockets connected to a namespace (dynamic namespaces: all children of a parent)")
			.tag("namespace", tag)
			.strongReference(true)
			.register(meters);
	}

	private static double sockets(SocketIoServer server, String tag) {
		int count = 0;
		for (Namespace namespace : server.namespaces()) {
			if (tag.equals(namespaceTag(namespace))) {
				count += namespace.sockets().size();
			}
		}
		return count;
	}

	private Counter counter(String name, String k1, String v1, @Nullable String k2, @Nullable String v2) {
		MeterRegistry meters = registry;
		return counters.computeIfAbsent(new MeterKey(name, v1, v2, null), (key) -> {
			Counter.Builder builder = Counter.builder(name).tag(k1, v1);
			if (k2 != null && v2 != null) {
				builder.tag(k2, v2);
			}
			return builder.register(meters);
		});
	}

	// ---------------------------------------------------------------- engine

	@Override
	public void sessionClosed(EngineSocket session, String transport, CloseReason reason) {
		if (reason == CloseReason.BUFFER_OVERFLOW && registry != null) {
			registry.counter("socketio.outbound.overflows").increment();
		}
		else if (reason == CloseReason.MEMORY_BUDGET && registry != null) {
			registry.counter("socketio.memory.sheds").increment();
		}
	}

	@Override
	public void handshakeRefused(EngineRequest request, String reason) {
		counter("socketio.connections.refused", "reason", reason, null, null).increment();
	}

	@Override
	public void upgraded(EngineSocket session) {
		counter("socketio.upgrades", "outcome", "success", null, null).increment();
	}

	@Override
	public void upgradeFailed(EngineSocket session, String why) {
		counter("socketio.upgrades", "outcome", why.contains("timeout") ? "timeout" : "failed", null, null).increment();
	}

	/**
	 * How often the bytes waiting for each connection are recorded in
	 * {@code socketio.outbound.buffered.bytes}: sampled on the engine's timer rather than
	 * recorded on every send, which would cost each delivery of a broadcast a summary
	 * update.
	 */
	public static final long BUFFERED_SAMPLE_MILLIS = 1000;

	private void sampleBuffered() {
		EngineServer engine = server.engine();
		DistributionSummary summary = buffered;
		if (engine.isClosed() || summary == null) {
			return;
		}
		try {
			if (!paused) {
				for (EngineSocket session : engine.sessions()) {
					summary.record(session.bufferedBytes());
				}
			}
		}
		finally {
			if (!engine.isClosed()) {
				engine.scheduler().schedule(this::sampleBuffered, BUFFERED_SAMPLE_MILLIS);
			}
		}
	}

	@Override
	public void volatileDropped(EngineSocket session, List<EnginePacket> packets) {
		if (registry != null) {
			registry.counter("socketio.outbound.volatile.drops").increment(packets.size());
		}
	}

	// ---------------------------------------------------------------- sockets

	@Override
	public void socketConnected(Socket socket) {
		counter("socketio.connects", "namespace", namespaceTag(socket.namespace()), null, null).increment();
	}

	@Override
	public void connectError(String namespace, @Nullable Socket socket, String message, @Nullable Object data,
			@Nullable Throwable error) {
		String tag = (socket != null) ? namespaceTag(socket.namespace()) : UNKNOWN;
		counter("socketio.connect.errors", "namespace", tag, "code", code(socket != null, message, data)).increment();
	}

	/**
	 * A stable code: the refusal's {@code data.code}, else what kind of refusal it was.
	 */
	static String code(boolean knownNamespace, String message, @Nullable Object data) {
		if (!knownNamespace) {
			return "invalid_namespace";
		}
		if (data instanceof Map<?, ?> map && map.get("code") instanceof String code) {
			return code;
		}
		return "connection closed".equals(message) ? "connection_closed" : "refused";
	}

	@Override
	public void socketDisconnected(Socket socket, DisconnectReason reason) {
		counter("socketio.disconnects", "namespace", namespaceTag(socket.namespace()), "reason", reason.text())
			.increment();
	}

	@Override
	public void eventHandled(Socket socket, String event, boolean declared, EventOutcome outcome, long durationNanos,
			@Nullable Throwable error) {
		MeterRegistry meters = registry;
		if (meters == null) {
			return;
		}
		String namespace = namespaceTag(socket.namespace());
		String eventTag = declared ? event : OTHER;
		AtomicReferenceArray<Timer> timers = eventTimers.computeIfAbsent(namespace, (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(eventTag, (key) -> new AtomicReferenceArray<>(EVENT_OUTCOMES.length));
		Timer timer = timers.get(outcome.ordinal());
		if (timer == null) {
			// registering again returns the same timer: a race here is harmless
			timer = Timer.builder("socketio.events")
				.description("Dispatch of incoming events to their handlers")
				.tag("namespace", namespace)
				.tag("event", eventTag)
				.tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
				.register(meters);
			timers.set(outcome.ordinal(), timer);
		}
		timer.record(durationNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void ackCompleted(Socket socket, AckOutcome outcome, long durationNanos) {
		MeterRegistry meters = registry;
		if (meters == null) {
			return;
		}
		ackTimers
			.computeIfAbsent(outcome,
					(key) -> Timer.builder("socketio.acks")
						.description("Time from an emit with acknowledgement to its end")
						.tag("outcome", key.name().toLowerCase(java.util.Locale.ROOT))
						.register(meters))
			.record(durationNanos, TimeUnit.NANOSECONDS);
	}

	// ---------------------------------------------------------------- adapter

	@Override
	public void adapterMessagePublished(String namespace, String type) {
		counter("socketio.adapter.messages", "direction", "out", "type", type).increment();
	}

	@Override
	public void adapterMessageReceived(String namespace, String type) {
		counter("socketio.adapter.messages", "direction", "in", "type", type).increment();
	}

	@Override
	public void adapterRequestTimedOut(String namespace, String type) {
		counter("socketio.adapter.request.timeouts", "type", type, null, null).increment();
	}

	private record MeterKey(String a, @Nullable String b, @Nullable String c, @Nullable String d) {
	}

}
