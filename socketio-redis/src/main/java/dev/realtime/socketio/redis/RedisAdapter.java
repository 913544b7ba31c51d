package dev.realtime.socketio.redis;

import java.time.Duration;
import java.util.ArrayList;
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
import dev.realtime.socketio.adapter.AdapterSocket;
import dev.realtime.socketio.adapter.BroadcastOptions;
import dev.realtime.socketio.adapter.InMemoryAdapter;
import dev.realtime.socketio.adapter.SocketDescription;
import dev.realtime.socketio.engine.Scheduler;
import dev.realtime.socketio.msgpack.MsgpackCodec;
import dev.realtime.socketio.protocol.SocketPacket;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The adapter of Node's {@code @socket.io/redis-adapter} 8.3 (the classic one), byte for
 * byte, so that Java and Node servers share one Redis:
 * <ul>
 * <li>broadcasts: notepack {@code [uid, packet, opts]} published on
 * {@code <prefix>#<nsp>#} (or {@code <prefix>#<nsp>#<room>#} for exactly one room), every
 * node subscribed with {@code PSUBSCRIBE <prefix>#<nsp>#*};</li>
 * <li>requests on {@code <prefix>-request#<nsp>#} and answers on
 * {@code <prefix>-response#<nsp>#} (request types 0 to 9): JSON, except broadcasts with
 * acknowledgements and their answers (notepack);</li>
 * <li>the server count: {@code PUBSUB NUMSUB <prefix>-request#<nsp>#}.</li>
 * </ul>
 * Local delivery is the in-memory adapter's (a packet is encoded once per node). Messages
 * are handled on Lettuce's thread; what runs application code (server-side event
 * listeners, disconnections asked by other nodes) goes to the server's listener executor.
 */
public class RedisAdapter extends InMemoryAdapter {

	private static final System.Logger logger = System.getLogger(RedisAdapter.class.getName());

	static final int SOCKETS = 0;

	static final int ALL_ROOMS = 1;

	static final int REMOTE_JOIN = 2;

	static final int REMOTE_LEAVE = 3;

	static final int REMOTE_DISCONNECT = 4;

	static final int REMOTE_FETCH = 5;

	static final int SERVER_SIDE_EMIT = 6;

	static final int BROADCAST = 7;

	static final int BROADCAST_CLIENT_COUNT = 8;

	static final int BROADCAST_ACK = 9;

	private static final String UID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private final RedisPubSub redis;

	private final RedisAdapterOptions options;

	private final MsgpackCodec codec;

	private final ObjectMapper mapper;

	private final Executor executor;

	private final String uid = randomId();

	private final String channel;

	private final String requestChannel;

	private final String responseChannel;

	private final String specificResponseChannel;

	private final Map<String, PendingRequest> requests = new ConcurrentHashMap<>();

	private final Map<String, AckRequest> ackRequests = new ConcurrentHashMap<>();

	/**
	 * @param codec writes and reads msgpack, and its mapper JSON (the server's mapper, so
	 * that payloads serialize as they do for clients)
	 * @param executor runs what reaches application code (server-side event listeners,
	 * disconnect listeners of sockets other nodes disconnect), off Lettuce's threads
	 */
	public RedisAdapter(AdapterNamespace namespace, RedisPubSub redis, RedisAdapterOptions options, MsgpackCodec codec,
			Executor executor) {
		super(namespace);
		this.redis = redis;
		this.options = options;
		this.codec = codec;
		this.mapper = codec.mapper();
		this.executor = executor;
		String prefix = options.keyPrefix();
		this.channel = prefix + "#" + namespace.name() + "#";
		this.requestChannel = prefix + "-request#" + namespace.name() + "#";
		this.responseChannel = prefix + "-response#" + namespace.name() + "#";
		this.specificResponseChannel = responseChannel + uid + "#";
	}

	/** This node's id in the cluster (6 characters, as Node's). */
	public String uid() {
		return uid;
	}

	@Override
	public void init() {
		redis.psubscribe(channel + "*", this::onBroadcastMessage);
		redis.subscribe(this::onRequestChannelMessage, requestChannel, responseChannel, specificResponseChannel);
	}

	@Override
	public void close() {
		redis.punsubscribe(channel + "*");
		redis.unsubscribe(requestChannel, responseChannel, specificResponseChannel);
		for (PendingRequest request : List.copyOf(requests.values())) {
			request.fail("the adapter of namespace " + namespace().name() + " closed");
		}
		ackRequests.clear();
	}

	// ---------------------------------------------------------------- outgoing

	@Override
	public CompletableFuture<Integer> serverCount() {
		if (!redis.isStarted()) {
			return CompletableFuture.completedFuture(1);
		}
		return redis.numsub(requestChannel).thenApply((count) -> (int) Math.max(1, count)).toCompletableFuture();
	}

	@Override
	public void broadcast(SocketPacket packet, BroadcastOptions opts) {
		if (!opts.local() && redis.isStarted()) {
			byte[] message = codec
				.encode(List.of(uid, Wire.packet(packet, namespace().name()), Wire.options(opts, true)));
			String target = (opts.rooms().size() == 1) ? channel + opts.rooms().iterator().next() + "#" : channel;
			publish(target, message);
		}
		super.broadcast(packet, opts);
	}

	@Override
	public void broadcastWithAck(SocketPacket packet, BroadcastOptions opts, IntConsumer clientCount,
			Consumer<List<?>> ack) {
		if (!opts.local() && redis.isStarted()) {
			String requestId = randomId();
			Map<String, Object> request = new LinkedHashMap<>();
			request.put("uid", uid);
			request.put("requestId", requestId);
			request.put("type", BROADCAST);
			request.put("packet", Wire.packet(packet, namespace().name()));
			request.put("opts", Wire.options(opts, true));
			ackRequests.put(requestId, new AckRequest(clientCount, ack));
			Duration timeout = (opts.timeout() != null) ? opts.timeout() : options.requestsTimeout();
			// no way to know when every remote client answered: forget the request at the
			// timeout
			scheduler().schedule(() -> ackRequests.remove(requestId), timeout.toMillis());
			publish(requestChannel, codec.encode(request));
		}
		super.broadcastWithAck(packet, opts, clientCount, ack);
	}

	@Override
	public CompletableFuture<List<SocketDescription>> fetchSockets(BroadcastOptions opts) {
		CompletableFuture<List<SocketDescription>> local = super.fetchSockets(opts);
		if (opts.local() || !redis.isStarted()) {
			return local;
		}
		return local.thenCompose((localSockets) -> request(REMOTE_FETCH, "fetchSockets", (requestId) -> {
			Map<String, Object> request = new LinkedHashMap<>();
			request.put("uid", uid);
			request.put("requestId", requestId);
			request.put("type", REMOTE_FETCH);
			request.put("opts", Wire.options(opts, false));
			return request;
		}, new ArrayList<>(localSockets), options.requestsTimeout()));
	}

	@Override
	public void addSockets(BroadcastOptions opts, Set<String> rooms) {
		super.addSockets(opts, rooms);
		if (!opts.local()) {
			publishRoomRequest(REMOTE_JOIN, opts, rooms);
		}
	}

	@Override
	public void delSockets(BroadcastOptions opts, Set<String> rooms) {
		super.delSockets(opts, rooms);
		if (!opts.local()) {
			publishRoomRequest(REMOTE_LEAVE, opts, rooms);
		}
	}

	private void publishRoomRequest(int type, BroadcastOptions opts, Set<String> rooms) {
		if (!redis.isStarted()) {
			return;
		}
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("uid", uid);
		request.put("type", type);
		request.put("opts", Wire.options(opts, false));
		request.put("rooms", List.copyOf(rooms));
		publish(requestChannel, json(request));
	}

	@Override
	public void disconnectSockets(BroadcastOptions opts, boolean close) {
		super.disconnectSockets(opts, close);
		if (!opts.local() && redis.isStarted()) {
			Map<String, Object> request = new LinkedHashMap<>();
			request.put("uid", uid);
			request.put("type", REMOTE_DISCONNECT);
			request.put("opts", Wire.options(opts, false));
			request.put("close", close);
			publish(requestChannel, json(request));
		}
	}

	@Override
	public CompletableFuture<List<Object>> serverSideEmit(List<Object> eventAndArgs, @Nullable Duration timeout) {
		if (!redis.isStarted()) {
			return CompletableFuture.completedFuture(List.of());
		}
		if (timeout == null) {
			Map<String, Object> request = new LinkedHashMap<>();
			request.put("uid", uid);
			request.put("type", SERVER_SIDE_EMIT);
			request.put("data", eventAndArgs);
			// binary arguments go as msgpack binary (a Buffer in Node), not base64 text
			publish(requestChannel, Wire.hasBinary(eventAndArgs, mapper) ? codec.encode(request) : json(request));
			return CompletableFuture.completedFuture(List.of());
		}
		return request(SERVER_SIDE_EMIT, "serverSideEmit", (requestId) -> {
			Map<String, Object> request = new LinkedHashMap<>();
			request.put("uid", uid);
			request.put("requestId", requestId);
			request.put("type", SERVER_SIDE_EMIT);
			request.put("data", eventAndArgs);
			return request;
		}, new ArrayList<>(), timeout);
	}

	/**
	 * Sends a request to the other nodes and gathers their answers: one from every
	 * subscriber that {@code PUBSUB NUMSUB} counts but this node (whose part, if any, is
	 * already in {@code results}).
	 */
	private <T> CompletableFuture<List<T>> request(int type, String operation,
			Function<String, Map<String, Object>> build, List<T> results, Duration timeout) {
		String requestId = randomId();
		// the timeout covers the whole request, NUMSUB included (Lettuce queues commands
		// while reconnecting)
		PendingRequest pending = new PendingRequest(type, requestId, operation, requests, results, timeout,
				scheduler());
		redis.numsub(requestChannel).whenComplete((count, failure) -> {
			if (failure != null) {
				pending.fail(operation + " could not count the servers: " + failure.getMessage());
				return;
			}
			if (pending.expect((int) (count - 1))) {
				return;
			}
			Map<String, Object> request = build.apply(requestId);
			// binary arguments of serverSideEmit go as msgpack binary (a Buffer in Node)
			publish(requestChannel,
					Wire.hasBinary(request.get("data"), mapper) ? codec.encode(request) : json(request));
		});
		return pending.future();
	}

	private void publish(String target, byte[] message) {
		redis.publish(target, message).whenComplete((receivers, failure) -> {
			if (failure != null) {
				logger.log(System.Logger.Level.DEBUG, "Publishing on " + target + " failed: " + failure.getMessage());
			}
		});
	}

	private void publishResponse(JsonNode request, byte[] response) {
		String target = options.publishOnSpecificResponseChannel() ? responseChannel + Wire.text(request, "uid") + "#"
				: responseChannel;
		publish(target, response);
	}

	// ---------------------------------------------------------------- incoming

	/** A broadcast of another node (or of an emitter). */
	private void onBroadcastMessage(String channelName, byte[] message) {
		if (!channelName.startsWith(channel)) {
			return;
		}
		// socket.io#<nsp># for everyone or several rooms, socket.io#<nsp>#<room># for one
		String room = (channelName.length() > channel.length())
				? channelName.substring(channel.length(), channelName.length() - 1) : "";
		if (!room.isEmpty() && !hasRoom(room)) {
			// the room has no member here: not even worth decoding
			return;
		}
		JsonNode decoded = codec.decodeTree(message);
		if (!decoded.isArray() || decoded.size() < 3) {
			logger.log(System.Logger.Level.DEBUG, "Ignoring a malformed broadcast on " + channelName);
			return;
		}
		if (uid.equals(decoded.get(0).asString(null))) {
			return;
		}
		JsonNode packet = decoded.get(1);
		String nsp = packet.has("nsp") ? packet.get("nsp").asString("/") : "/";
		if (!nsp.equals(namespace().name())) {
			return;
		}
		super.broadcast(Wire.localPacket(namespace().name(), packet, SocketPacket.NO_ACK),
				Wire.localOptions(decoded.get(2)));
	}

	private void onRequestChannelMessage(String channelName, byte[] message) {
		JsonNode payload;
		try {
			payload = (message.length > 0 && message[0] == '{') ? mapper.readTree(message) : codec.decodeTree(message);
		}
		catch (RuntimeException ex) {
			logger.log(System.Logger.Level.DEBUG, "Ignoring a malformed message on " + channelName);
			return;
		}
		if (!payload.isObject()) {
			return;
		}
		if (channelName.equals(requestChannel)) {
			onRequest(payload);
		}
		else {
			onResponse(payload);
		}
	}

	private void onRequest(JsonNode request) {
		int type = request.path("type").asInt(-1);
		String requestId = Wire.text(request, "requestId");
		boolean own = uid.equals(Wire.text(request, "uid"));
		switch (type) {
			case SOCKETS -> {
				if (own) {
					return;
				}
				Set<String> ids = sockets(Wire.stringSet(request.get("rooms")));
				publishResponse(request, json(Map.of("requestId", requestId, "sockets", ids)));
			}
			case ALL_ROOMS -> {
				if (own) {
					return;
				}
				publishResponse(request, json(Map.of("requestId", requestId, "rooms", rooms())));
			}
			case REMOTE_JOIN, REMOTE_LEAVE, REMOTE_DISCONNECT -> onRoomRequest(type, request, own);
			case REMOTE_FETCH -> {
				if (own) {
					return;
				}
				List<Object> entries = new ArrayList<>();
				super.fetchSockets(Wire.localOptions(request.get("opts"))).join()
					.forEach((socket) -> entries.add(Wire.describe(socket)));
				Map<String, Object> response = new LinkedHashMap<>();
				response.put("requestId", requestId);
				response.put("sockets", entries);
				publishResponse(request, json(response));
			}
			case SERVER_SIDE_EMIT -> onServerSideEmit(request, own);
			case BROADCAST -> {
				if (own || ackRequests.containsKey(requestId)) {
					return;
				}
				SocketPacket packet = Wire.localPacket(namespace().name(), request.get("packet"),
						Wire.nextRemoteAckId());
				BroadcastOptions opts = Wire.localOptions(request.get("opts"));
				super.broadcastWithAck(packet, opts, (count) -> {
					Map<String, Object> response = new LinkedHashMap<>();
					response.put("type", BROADCAST_CLIENT_COUNT);
					response.put("requestId", requestId);
					response.put("clientCount", count);
					publishResponse(request, json(response));
				}, (answer) -> {
					Map<String, Object> response = new LinkedHashMap<>();
					response.put("type", BROADCAST_ACK);
					response.put("requestId", requestId);
					// Node's adapter carries the first argument only
					response.put("packet", answer.isEmpty() ? null : answer.get(0));
					publishResponse(request, codec.encode(response));
				});
			}
			default -> logger.log(System.Logger.Level.DEBUG, "Ignoring request type " + type);
		}
	}

	private void onRoomRequest(int type, JsonNode request, boolean own) {
		if (own) {
			// already applied here when it was sent
			return;
		}
		JsonNode optsNode = request.get("opts");
		if (optsNode != null && optsNode.isObject()) {
			BroadcastOptions opts = Wire.localOptions(optsNode);
			switch (type) {
				case REMOTE_JOIN -> super.addSockets(opts, Wire.stringSet(request.get("rooms")));
				case REMOTE_LEAVE -> super.delSockets(opts, Wire.stringSet(request.get("rooms")));
				default -> {
					boolean close = request.path("close").asBoolean(false);
					executor.execute(() -> super.disconnectSockets(opts, close));
				}
			}
			return;
		}
		// the single-socket form of older versions, answered with the request id
		String sid = Wire.text(request, "sid");
		AdapterSocket socket = (sid != null) ? namespace().socket(sid) : null;
		String room = Wire.text(request, "room");
		if (socket == null) {
			return;
		}
		switch (type) {
			case REMOTE_JOIN -> {
				if (room != null) {
					socket.join(Set.of(room));
				}
			}
			case REMOTE_LEAVE -> {
				if (room != null) {
					socket.leave(room);
				}
			}
			default -> {
				boolean close = request.path("close").asBoolean(false);
				executor.execute(() -> socket.disconnect(close));
			}
		}
		publishResponse(request, json(Map.of("requestId", Wire.text(request, "requestId"))));
	}

	private void onServerSideEmit(JsonNode request, boolean own) {
		if (own) {
			return;
		}
		JsonNode data = request.get("data");
		if (data == null || !data.isArray() || data.isEmpty()) {
			return;
		}
		String event = data.get(0).asString("");
		List<JsonNode> args = new ArrayList<>();
		for (int i = 1; i < data.size(); i++) {
			args.add(data.get(i));
		}
		JsonNode requestId = request.get("requestId");
		Consumer<List<Object>> reply = null;
		if (requestId != null && !requestId.isNull()) {
			reply = (answer) -> {
				Map<String, Object> response = new LinkedHashMap<>();
				response.put("type", SERVER_SIDE_EMIT);
				response.put("requestId", requestId.asString());
				// one value, as Node's adapter sends
				response.put("data", answer.isEmpty() ? null : answer.get(0));
				// always the shared response channel, as Node's adapter does
				publish(responseChannel,
						Wire.hasBinary(response.get("data"), mapper) ? codec.encode(response) : json(response));
			};
		}
		Consumer<List<Object>> finalReply = reply;
		executor.execute(() -> namespace().onServerSideEmit(event, args, finalReply));
	}

	private void onResponse(JsonNode response) {
		String requestId = Wire.text(response, "requestId");
		AckRequest ackRequest = ackRequests.get(requestId);
		if (ackRequest != null) {
			switch (response.path("type").asInt(-1)) {
				case BROADCAST_CLIENT_COUNT -> ackRequest.clientCount.accept(response.path("clientCount").asInt(0));
				case BROADCAST_ACK ->
					ackRequest.ack.accept(List.of(response.has("packet") ? response.get("packet") : mapper.nullNode()));
				default -> {
				}
			}
			return;
		}
		PendingRequest request = requests.get(requestId);
		if (request == null) {
			return;
		}
		request.answer((results) -> {
			if (request.type() == REMOTE_FETCH) {
				JsonNode sockets = response.get("sockets");
				if (sockets != null && sockets.isArray()) {
					sockets.forEach((entry) -> results.add(Wire.fromWire(mapper, entry)));
				}
			}
			else {
				JsonNode data = response.get("data");
				results.add((data == null || data.isNull()) ? null : mapper.treeToValue(data, Object.class));
			}
		});
	}

	private byte[] json(Object value) {
		return mapper.writeValueAsBytes(value);
	}

	private Scheduler scheduler() {
		return namespace().scheduler();
	}

	private static String randomId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		char[] chars = new char[6];
		for (int i = 0; i < chars.length; i++) {
			chars[i] = UID_CHARS.charAt(random.nextInt(UID_CHARS.length()));
		}
		return new String(chars);
	}

	// ---------------------------------------------------------------- bookkeeping

	private record AckRequest(IntConsumer clientCount, Consumer<List<?>> ack) {
	}

}
