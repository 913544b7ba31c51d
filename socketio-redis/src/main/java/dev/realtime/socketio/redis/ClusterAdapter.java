package dev.realtime.socketio.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;

import dev.realtime.socketio.adapter.AdapterNamespace;
import dev.realtime.socketio.adapter.BroadcastOptions;
import dev.realtime.socketio.adapter.InMemoryAdapter;
import dev.realtime.socketio.adapter.SocketDescription;
import dev.realtime.socketio.msgpack.MsgpackCodec;
import dev.realtime.socketio.protocol.SocketPacket;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The cluster protocol of Node's {@code ClusterAdapter} ({@code socket.io-adapter} 2.5,
 * socket.io 4.8), which Node's sharded Redis adapter and Redis streams adapter speak: one
 * envelope {@code {type, data, uid, nsp}} per message, types 1 to 13 (heartbeats and
 * {@code ADAPTER_CLOSE} only in the heartbeat variant), JSON unless a message that may
 * carry binary does (then msgpack), answers sent to the requesting node only.
 *
 * <p>
 * A subclass is the transport: it publishes ({@link #doPublish},
 * {@link #doPublishResponse}), counts the servers ({@link #serverCount()}), and hands
 * what it receives to {@link #onMessage} and {@link #onResponse}. Local delivery is the
 * in-memory adapter's (a packet is encoded once per node). What runs application code
 * (server-side event listeners, disconnections asked by other nodes) goes to the server's
 * listener executor, never on the transport's thread.
 */
public abstract class ClusterAdapter extends InMemoryAdapter {

	private static final System.Logger logger = System.getLogger(ClusterAdapter.class.getName());

	public static final int INITIAL_HEARTBEAT = 1;

	public static final int HEARTBEAT = 2;

	public static final int BROADCAST = 3;

	public static final int SOCKETS_JOIN = 4;

	public static final int SOCKETS_LEAVE = 5;

	public static final int DISCONNECT_SOCKETS = 6;

	public static final int FETCH_SOCKETS = 7;

	public static final int FETCH_SOCKETS_RESPONSE = 8;

	public static final int SERVER_SIDE_EMIT = 9;

	public static final int SERVER_SIDE_EMIT_RESPONSE = 10;

	public static final int BROADCAST_CLIENT_COUNT = 11;

	public static final int BROADCAST_ACK = 12;

	public static final int ADAPTER_CLOSE = 13;

	/** The message types that go as msgpack when their data holds binary. */
	private static final Set<Integer> MAY_CONTAIN_BINARY = Set.of(BROADCAST, BROADCAST_ACK, FETCH_SOCKETS_RESPONSE,
			SERVER_SIDE_EMIT, SERVER_SIDE_EMIT_RESPONSE);

	private final MsgpackCodec codec;

	private final ObjectMapper mapper;

	private final Executor executor;

	private final Duration requestsTimeout;

	private final String uid = randomId();

	private final Map<String, PendingRequest> requests = new ConcurrentHashMap<>();

	private final Map<String, AckRequest> ackRequests = new ConcurrentHashMap<>();

	/**
	 * @param codec writes and reads msgpack, and its mapper JSON (the server's mapper, so
	 * that payloads serialize as they do for clients)
	 * @param executor runs what reaches application code, off the transport's threads
	 * @param requestsTimeout how long fetchSockets (without a timeout of its own) and
	 * broadcast acknowledgements without a timeout wait for other nodes
	 */
	protected ClusterAdapter(AdapterNamespace namespace, MsgpackCodec codec, Executor executor,
			Duration requestsTimeout) {
		super(namespace);
		this.codec = codec;
		this.mapper = codec.mapper();
		this.executor = executor;
		this.requestsTimeout = requestsTimeout;
	}

	/** This node's id in the cluster: 16 hexadecimal characters, as Node's. */
	public String uid() {
		return uid;
	}

	// ---------------------------------------------------------------- the transport

	/**
	 * Whether messages can leave this node; while false every operation stays local (the
	 * transport was never connected).
	 */
	protected abstract boolean isConnected();

	/**
	 * Publishes a message ({@code {type, data, uid, nsp}}) to the other nodes.
	 * @return completes when published, with the message's offset when the transport has
	 * one (a stream entry id), else {@code null}
	 */
	protected abstract CompletableFuture<@Nullable String> doPublish(Map<String, Object> message);

	/** Publishes an answer to the node {@code requesterUid} only. */
	protected abstract CompletableFuture<?> doPublishResponse(String requesterUid, Map<String, Object> response);

	/** Node's encoding: JSON, or msgpack for a message that may carry binary and does. */
	protected byte[] encode(Map<String, Object> message) {
		Object type = message.get("type");
		if (type instanceof Integer value && MAY_CONTAIN_BINARY.contains(value)
				&& Wire.hasBinary(message.get("data"), mapper)) {
			return codec.encode(message);
		}
		return mapper.writeValueAsBytes(message);
	}

	/**
	 * Reads a message: JSON when it starts with {@code '{'}, msgpack otherwise; {@code
	 * null} when it is neither.
	 */
	protected @Nullable JsonNode decode(byte[] raw) {
		try {
			JsonNode message = (raw.length > 0 && raw[0] == '{') ? mapper.readTree(raw) : codec.decodeTree(raw);
			return message.isObject() ? message : null;
		}
		catch (RuntimeException ex) {
			logger.log(System.Logger.Level.DEBUG, "Ignoring a malformed cluster message: " + ex.getMessage());
			return null;
		}
	}

	/**
	 * Whether a broadcast of this node waits for its offset (see {@link #doPublish})
	 * before it is delivered to this node's sockets; false by default.
	 */
	protected boolean awaitsOffset(SocketPacket packet, BroadcastOptions opts) {
		return false;
	}

	/**
	 * The packet of a broadcast about to be delivered here, with its offset appended when
	 * the transport keeps messages for connection state recovery; as is by default.
	 */
	protected SocketPacket addOffsetIfNecessary(SocketPacket packet, BroadcastOptions opts, @Nullable String offset) {
		return packet;
	}

	@Override
	public void close() {
		for (PendingRequest request : List.copyOf(requests.values())) {
			request.fail("the adapter of namespace " + namespace().name() + " closed");
		}
		ackRequests.clear();
	}

	// ---------------------------------------------------------------- outgoing

	private CompletableFuture<@Nullable String> publish(int type, @Nullable Map<String, Object> data) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("type", type);
		if (data != null) {
			message.put("data", data);
		}
		message.put("uid", uid);
		message.put("nsp", namespace().name());
		try {
			return doPublish(message).whenComplete((offset, failure) -> {
				if (failure != null) {
					logger.log(System.Logger.Level.DEBUG,
							"Publishing a message of type " + type + " failed: " + failure.getMessage());
				}
			});
		}
		catch (RuntimeException ex) {
			logger.log(System.Logger.Level.DEBUG, "Publishing a message of type " + type + " failed: " + ex);
			return CompletableFuture.failedFuture(ex);
		}
	}

	private void publishResponse(String requesterUid, int type, Map<String, Object> data) {
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("type", type);
		response.put("data", data);
		response.put("uid", uid);
		response.put("nsp", namespace().name());
		doPublishResponse(requesterUid, response).whenComplete((done, failure) -> {
			if (failure != null) {
				logger.log(System.Logger.Level.DEBUG,
						"Publishing a response of type " + type + " failed: " + failure.getMessage());
			}
		});
	}

	@Override
	public void broadcast(SocketPacket packet, BroadcastOptions opts) {
		if (opts.local() || !isConnected()) {
			super.broadcast(packet, opts);
			return;
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("packet", Wire.packet(packet, null));
		data.put("opts", Wire.options(opts, true));
		CompletableFuture<@Nullable String> published = publish(BROADCAST, data);
		if (awaitsOffset(packet, opts)) {
			// delivered here once the transport gave the message its offset
			published
				.whenComplete((offset, failure) -> localBroadcast(addOffsetIfNecessary(packet, opts, offset), opts));
		}
		else {
			super.broadcast(packet, opts);
		}
	}

	private void localBroadcast(SocketPacket packet, BroadcastOptions opts) {
		super.broadcast(packet, opts);
	}

	@Override
	public void broadcastWithAck(SocketPacket packet, BroadcastOptions opts, IntConsumer clientCount,
			Consumer<List<?>> ack) {
		if (!opts.local() && isConnected()) {
			String requestId = randomId();
			ackRequests.put(requestId, new AckRequest(clientCount, ack));
			Duration timeout = (opts.timeout() != null) ? opts.timeout() : requestsTimeout;
			// no way to know when every remote client answered: forget the request at the
			// timeout
			namespace().scheduler().schedule(() -> ackRequests.remove(requestId), timeout.toMillis());
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("packet", Wire.packet(packet, null));
			data.put("requestId", requestId);
			data.put("opts", Wire.options(opts, true));
			publish(BROADCAST, data);
		}
		super.broadcastWithAck(packet, opts, clientCount, ack);
	}

	@Override
	public void addSockets(BroadcastOptions opts, Set<String> rooms) {
		publishRooms(SOCKETS_JOIN, opts, rooms);
		super.addSockets(opts, rooms);
	}

	@Override
	public void delSockets(BroadcastOptions opts, Set<String> rooms) {
		publishRooms(SOCKETS_LEAVE, opts, rooms);
		super.delSockets(opts, rooms);
	}

	private void publishRooms(int type, BroadcastOptions opts, Set<String> rooms) {
		if (!opts.local() && isConnected()) {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("opts", Wire.options(opts, true));
			data.put("rooms", List.copyOf(rooms));
			publish(type, data);
		}
	}

	@Override
	public void disconnectSockets(BroadcastOptions opts, boolean close) {
		if (!opts.local() && isConnected()) {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("opts", Wire.options(opts, true));
			data.put("close", close);
			publish(DISCONNECT_SOCKETS, data);
		}
		super.disconnectSockets(opts, close);
	}

	@Override
	public CompletableFuture<List<SocketDescription>> fetchSockets(BroadcastOptions opts) {
		CompletableFuture<List<SocketDescription>> local = super.fetchSockets(opts);
		if (opts.local() || !isConnected()) {
			return local;
		}
		Duration timeout = (opts.timeout() != null) ? opts.timeout() : requestsTimeout;
		return local.thenCompose((localSockets) -> request(FETCH_SOCKETS, "fetchSockets", (requestId) -> {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("opts", Wire.options(opts, true));
			data.put("requestId", requestId);
			return data;
		}, localSockets, timeout));
	}

	@Override
	public CompletableFuture<List<Object>> serverSideEmit(List<Object> eventAndArgs, @Nullable Duration timeout) {
		if (!isConnected()) {
			return CompletableFuture.completedFuture(List.of());
		}
		if (timeout == null) {
			publish(SERVER_SIDE_EMIT, Map.of("packet", eventAndArgs));
			return CompletableFuture.completedFuture(List.of());
		}
		return request(SERVER_SIDE_EMIT, "serverSideEmit", (requestId) -> {
			// the presence of requestId asks for acknowledgements
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("requestId", requestId);
			data.put("packet", eventAndArgs);
			return data;
		}, List.of(), timeout);
	}

	/**
	 * Sends a request to the other nodes and gathers their answers: one from every server
	 * {@link #serverCount()} counts but this one (whose part, if any, is already in
	 * {@code results}).
	 */
	private <T> CompletableFuture<List<T>> request(int type, String operation,
			Function<String, Map<String, Object>> build, List<T> results, Duration timeout) {
		String requestId = randomId();
		// the timeout covers the whole request, the server count included
		PendingRequest pending = new PendingRequest(type, requestId, operation, requests, results, timeout,
				namespace().scheduler());
		serverCount().whenComplete((count, failure) -> {
			if (failure != null) {
				pending.fail(operation + " could not count the servers: " + failure.getMessage());
				return;
			}
			if (!pending.expect(count - 1)) {
				publish(type, build.apply(requestId));
			}
		});
		return pending.future();
	}

	// ---------------------------------------------------------------- incoming

	/**
	 * A message of another node (or an emitter).
	 * @param offset its offset in the transport (a stream entry id), or {@code null}
	 */
	protected void onMessage(JsonNode message, @Nullable String offset) {
		String sender = Wire.text(message, "uid");
		if (uid.equals(sender) || !namespace().name().equals(Wire.text(message, "nsp"))) {
			return;
		}
		int type = message.path("type").asInt(-1);
		JsonNode data = message.path("data");
		switch (type) {
			case BROADCAST -> onBroadcast(sender, data, offset);
			case SOCKETS_JOIN ->
				super.addSockets(Wire.localOptions(data.get("opts")), Wire.stringSet(data.get("rooms")));
			case SOCKETS_LEAVE ->
				super.delSockets(Wire.localOptions(data.get("opts")), Wire.stringSet(data.get("rooms")));
			case DISCONNECT_SOCKETS -> {
				BroadcastOptions opts = Wire.localOptions(data.get("opts"));
				boolean close = data.path("close").asBoolean(false);
				executor.execute(() -> super.disconnectSockets(opts, close));
			}
			case FETCH_SOCKETS -> {
				if (sender == null) {
					return;
				}
				List<Object> sockets = new ArrayList<>();
				super.fetchSockets(Wire.localOptions(data.get("opts"))).join()
					.forEach((socket) -> sockets.add(Wire.describe(socket)));
				Map<String, Object> answer = new LinkedHashMap<>();
				answer.put("requestId", Wire.text(data, "requestId"));
				answer.put("sockets", sockets);
				publishResponse(sender, FETCH_SOCKETS_RESPONSE, answer);
			}
			case SERVER_SIDE_EMIT -> onServerSideEmit(sender, data);
			case FETCH_SOCKETS_RESPONSE, SERVER_SIDE_EMIT_RESPONSE, BROADCAST_CLIENT_COUNT, BROADCAST_ACK ->
				onResponse(message);
			case INITIAL_HEARTBEAT, HEARTBEAT, ADAPTER_CLOSE -> {
				// the heartbeat variant's membership messages: this adapter counts
				// servers
				// by subscriptions
			}
			default -> logger.log(System.Logger.Level.DEBUG, "Ignoring cluster message type " + type);
		}
	}

	private void onBroadcast(@Nullable String sender, JsonNode data, @Nullable String offset) {
		BroadcastOptions opts = Wire.localOptions(data.get("opts"));
		String requestId = Wire.text(data, "requestId");
		if (requestId == null) {
			SocketPacket packet = Wire.localPacket(namespace().name(), data.path("packet"), SocketPacket.NO_ACK);
			super.broadcast(addOffsetIfNecessary(packet, opts, offset), opts);
			return;
		}
		if (sender == null) {
			return;
		}
		SocketPacket packet = Wire.localPacket(namespace().name(), data.path("packet"), Wire.nextRemoteAckId());
		super.broadcastWithAck(packet, opts, (count) -> {
			Map<String, Object> answer = new LinkedHashMap<>();
			answer.put("requestId", requestId);
			answer.put("clientCount", count);
			publishResponse(sender, BROADCAST_CLIENT_COUNT, answer);
		}, (args) -> {
			Map<String, Object> answer = new LinkedHashMap<>();
			answer.put("requestId", requestId);
			// the first argument only, as Node's adapter sends
			answer.put("packet", args.isEmpty() ? null : args.get(0));
			publishResponse(sender, BROADCAST_ACK, answer);
		});
	}

	private void onServerSideEmit(@Nullable String sender, JsonNode data) {
		JsonNode packet = data.get("packet");
		if (packet == null || !packet.isArray() || packet.isEmpty()) {
			return;
		}
		String event = packet.get(0).asString("");
		List<JsonNode> args = new ArrayList<>();
		for (int i = 1; i < packet.size(); i++) {
			args.add(packet.get(i));
		}
		String requestId = Wire.text(data, "requestId");
		Consumer<List<Object>> reply = null;
		if (requestId != null && sender != null) {
			reply = (answer) -> {
				Map<String, Object> response = new LinkedHashMap<>();
				response.put("requestId", requestId);
				// one value, as Node's adapter sends
				response.put("packet", answer.isEmpty() ? null : answer.get(0));
				publishResponse(sender, SERVER_SIDE_EMIT_RESPONSE, response);
			};
		}
		Consumer<List<Object>> finalReply = reply;
		executor.execute(() -> namespace().onServerSideEmit(event, args, finalReply));
	}

	/** An answer to a request of this node. */
	protected void onResponse(JsonNode response) {
		JsonNode data = response.path("data");
		String requestId = Wire.text(data, "requestId");
		if (requestId == null) {
			return;
		}
		switch (response.path("type").asInt(-1)) {
			case BROADCAST_CLIENT_COUNT -> {
				AckRequest request = ackRequests.get(requestId);
				if (request != null) {
					request.clientCount.accept(data.path("clientCount").asInt(0));
				}
			}
			case BROADCAST_ACK -> {
				AckRequest request = ackRequests.get(requestId);
				if (request != null) {
					request.ack.accept(List.of(data.has("packet") ? data.get("packet") : mapper.nullNode()));
				}
			}
			case FETCH_SOCKETS_RESPONSE -> {
				PendingRequest request = requests.get(requestId);
				if (request != null) {
					request.answer((results) -> data.path("sockets")
						.forEach((entry) -> results.add(Wire.fromWire(mapper, entry))));
				}
			}
			case SERVER_SIDE_EMIT_RESPONSE -> {
				PendingRequest request = requests.get(requestId);
				if (request != null) {
					JsonNode packet = data.get("packet");
					request.answer((results) -> results
						.add((packet == null || packet.isNull()) ? null : mapper.treeToValue(packet, Object.class)));
				}
			}
			default -> logger.log(System.Logger.Level.DEBUG, "Ignoring response type " + response.path("type"));
		}
	}

	private static String randomId() {
		byte[] bytes = new byte[8];
		ThreadLocalRandom.current().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	private record AckRequest(IntConsumer clientCount, Consumer<List<?>> ack) {
	}

}
