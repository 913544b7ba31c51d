package dev.realtime.socketio.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

import dev.realtime.socketio.adapter.AdapterNamespace;
import dev.realtime.socketio.adapter.BroadcastOptions;
import dev.realtime.socketio.adapter.PersistedSession;
import dev.realtime.socketio.adapter.RecoveredSession;
import dev.realtime.socketio.msgpack.MsgpackCodec;
import dev.realtime.socketio.protocol.PacketType;
import dev.realtime.socketio.protocol.SocketPacket;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The adapter of Node's {@code @socket.io/redis-streams-adapter} 0.3, byte for byte, so
 * that Java and Node servers share one Redis, with connection state recovery across
 * nodes:
 * <ul>
 * <li>what must survive a short disconnection (broadcasts without acknowledgement,
 * socketsJoin/Leave, disconnectSockets) is appended to a stream:
 * {@code XADD <stream> MAXLEN ~ <maxLen> * uid <uid> nsp <nsp> type <n> data <json or
 * base64 msgpack>}, read by every node with {@code XREAD BLOCK} (see
 * {@link RedisStreamsAdapterFactory}); the entry id is the offset clients present when
 * they recover;</li>
 * <li>requests (broadcasts with acknowledgements, serverSideEmit, fetchSockets) are
 * published on {@code <prefix>#<nsp>#} and answers on {@code <prefix>#<nsp>#<uid>#}, as
 * msgpack of the whole message; the server count is {@code PUBSUB NUMSUB
 * <prefix>#<nsp>#};</li>
 * <li>the session of a socket that dropped is {@code SET <sessionKeyPrefix><pid> <base64
 * msgpack {sid, pid, rooms, data}> PX <maxDisconnectionDuration>}, and any node restores
 * it with the events of the stream after the client's offset.</li>
 * </ul>
 */
public class RedisStreamsAdapter extends ClusterAdapter {

	private static final Pattern OFFSET = Pattern.compile("^[0-9]+-[0-9]+$");

	/** Node's bound on the reads of one restoration. */
	private static final int RESTORE_MAX_XRANGE_CALLS = 100;

	private static final byte[] UID = bytes("uid");

	private static final byte[] NSP = bytes("nsp");

	private static final byte[] TYPE = bytes("type");

	private static final byte[] DATA = bytes("data");

	private final RedisPubSub redis;

	private final RedisStreamsAdapterOptions options;

	private final String streamName;

	private final byte[] stream;

	private final String publicChannel;

	private final String privateChannel;

	private final Runnable onClose;

	private final MsgpackCodec codec;

	private final ObjectMapper mapper;

	/** The connection state recovery window, or {@code null} when recovery is off. */
	private final @Nullable Duration recovery;

	/**
	 * Created by {@link RedisStreamsAdapterFactory}, which reads the stream and hands the
	 * entries to {@link #onEntry}.
	 */
	RedisStreamsAdapter(AdapterNamespace namespace, RedisPubSub redis, RedisStreamsAdapterOptions options,
			MsgpackCodec codec, Executor executor, Runnable onClose) {
		super(namespace, codec, executor, options.requestsTimeout());
		this.codec = codec;
		this.mapper = codec.mapper();
		this.recovery = options.maxDisconnectionDuration();
		this.redis = redis;
		this.options = options;
		this.streamName = options.streamName(namespace.name());
		this.stream = bytes(streamName);
		this.publicChannel = options.keyPrefix() + "#" + namespace.name() + "#";
		this.privateChannel = publicChannel + uid() + "#";
		this.onClose = onClose;
	}

	/** The stream of this namespace. */
	public String streamName() {
		return streamName;
	}

	@Override
	public void init() {
		redis.subscribe(this::onPubSubMessage, publicChannel, privateChannel);
	}

	@Override
	public void close() {
		redis.unsubscribe(publicChannel, privateChannel);
		super.close();
		onClose.run();
	}

	@Override
	protected boolean isConnected() {
		return redis.isStarted();
	}

	/**
	 * With recovery on, an event broadcast without acknowledgement and not volatile is
	 * delivered here once its {@code XADD} id is known, as Node's adapter does; not while
	 * the connection is down (Lettuce queues the command until Redis is back).
	 */
	@Override
	protected boolean awaitsOffset(SocketPacket packet, BroadcastOptions opts) {
		return takesOffset(packet, opts) && redis.isConnected();
	}

	/** The stream entry id appended as last argument (Node's addOffsetIfNecessary). */
	@Override
	protected SocketPacket addOffsetIfNecessary(SocketPacket packet, BroadcastOptions opts, @Nullable String offset) {
		if (offset == null || !takesOffset(packet, opts)) {
			return packet;
		}
		List<Object> data = new ArrayList<>((List<?>) packet.data());
		data.add(offset);
		return new SocketPacket(packet.type(), packet.namespace(), packet.ackId(), data);
	}

	private boolean takesOffset(SocketPacket packet, BroadcastOptions opts) {
		return recovery != null && packet.type() == PacketType.EVENT && !packet.hasAckId() && !opts.volatilePacket()
				&& packet.data() instanceof List;
	}

	@Override
	public CompletableFuture<Integer> serverCount() {
		if (!redis.isStarted()) {
			return CompletableFuture.completedFuture(1);
		}
		return redis.numsub(publicChannel).thenApply((count) -> (int) Math.max(1, count)).toCompletableFuture();
	}

	// ---------------------------------------------------------------- publishing

	@Override
	protected CompletableFuture<@Nullable String> doPublish(Map<String, Object> message) {
		int type = (Integer) message.get("type");
		Object data = message.get("data");
		boolean ephemeral = (type == BROADCAST && data instanceof Map<?, ?> map && map.containsKey("requestId"))
				|| type == SERVER_SIDE_EMIT || type == FETCH_SOCKETS;
		if (ephemeral) {
			return redis.publish(publicChannel, codec.encode(message))
				.thenApply((receivers) -> (String) null)
				.toCompletableFuture();
		}
		return append(redis, stream, options.maxLen(), entry(mapper, codec, uid(), namespace().name(), type, data));
	}

	/**
	 * A stream entry as Node's adapter (and its emitter) writes it: {@code uid},
	 * {@code nsp}, {@code type} as text and {@code data} as JSON, or base64 of msgpack
	 * when a message that may carry binary does.
	 */
	static Map<byte[], byte[]> entry(ObjectMapper mapper, MsgpackCodec codec, String uid, String nsp, int type,
			@Nullable Object data) {
		Map<byte[], byte[]> entry = new LinkedHashMap<>();
		entry.put(UID, bytes(uid));
		entry.put(NSP, bytes(nsp));
		entry.put(TYPE, bytes(Integer.toString(type)));
		if (data != null) {
			JsonNode tree = mapper.valueToTree(data);
			boolean mayContainBinary = type == BROADCAST || type == FETCH_SOCKETS_RESPONSE || type == SERVER_SIDE_EMIT
					|| type == SERVER_SIDE_EMIT_RESPONSE || type == BROADCAST_ACK;
			entry.put(DATA, bytes((mayContainBinary && Wire.hasBinary(tree, mapper))
					? Base64.getEncoder().encodeToString(codec.encode(tree)) : mapper.writeValueAsString(tree)));
		}
		return entry;
	}

	/** {@code XADD <stream> MAXLEN ~ <maxLen> * <entry>}: completes with the entry id. */
	static CompletableFuture<@Nullable String> append(RedisPubSub redis, byte[] stream, long maxLen,
			Map<byte[], byte[]> entry) {
		return redis.commands()
			.xadd(stream, XAddArgs.Builder.maxlen(maxLen).approximateTrimming(), entry)
			.toCompletableFuture()
			.thenApply((id) -> id);
	}

	@Override
	protected CompletableFuture<?> doPublishResponse(String requesterUid, Map<String, Object> response) {
		return redis
			.publish(options.keyPrefix() + "#" + namespace().name() + "#" + requesterUid + "#", codec.encode(response))
			.toCompletableFuture();
	}

	// ---------------------------------------------------------------- receiving

	/** A request or an answer: msgpack of the whole message, as Node's adapter sends. */
	private void onPubSubMessage(String channel, byte[] payload) {
		JsonNode message = codec.decodeTree(payload);
		if (message.isObject()) {
			onMessage(message, null);
		}
	}

	/** An entry of this namespace's stream, read by the factory's reader. */
	void onEntry(Map<String, String> fields, String id) {
		ObjectNode message = decodeEntry(fields);
		if (message != null) {
			onMessage(message, id);
		}
	}

	/**
	 * The message of a stream entry ({@code uid}, {@code nsp}, {@code type} as text,
	 * {@code data} as JSON or base64 msgpack), or {@code null} when it is not one.
	 */
	private @Nullable ObjectNode decodeEntry(Map<String, String> fields) {
		int type;
		try {
			type = Integer.parseInt(fields.getOrDefault("type", ""));
		}
		catch (NumberFormatException ex) {
			return null;
		}
		ObjectNode message = mapper.createObjectNode();
		message.put("uid", fields.getOrDefault("uid", ""));
		message.put("nsp", fields.getOrDefault("nsp", ""));
		message.put("type", type);
		String data = fields.get("data");
		if (data != null && !data.isEmpty()) {
			message.set("data",
					data.startsWith("{") ? mapper.readTree(data) : codec.decodeTree(Base64.getDecoder().decode(data)));
		}
		return message;
	}

	// ---------------------------------------------------------------- recovery

	@Override
	public void persistSession(PersistedSession session) {
		Duration window = recovery;
		if (window == null || !redis.isStarted()) {
			return;
		}
		Map<String, Object> stored = new LinkedHashMap<>();
		stored.put("sid", session.sid());
		stored.put("pid", session.pid());
		stored.put("rooms", List.copyOf(session.rooms()));
		stored.put("data", session.data());
		byte[] value = bytes(Base64.getEncoder().encodeToString(codec.encode(stored)));
		redis.commands().set(bytes(options.sessionKeyPrefix() + session.pid()), value, SetArgs.Builder.px(window));
	}

	@Override
	public CompletableFuture<@Nullable RecoveredSession> restoreSession(String pid, String offset) {
		if (!OFFSET.matcher(offset).matches() || !redis.isStarted()) {
			return CompletableFuture.completedFuture(null);
		}
		RedisClusterAsyncCommands<byte[], byte[]> commands = redis.commands();
		CompletableFuture<byte[]> session = commands.getdel(bytes(options.sessionKeyPrefix() + pid))
			.toCompletableFuture();
		CompletableFuture<List<StreamMessage<byte[], byte[]>>> known = commands
			.xrange(stream, Range.create(offset, offset))
			.toCompletableFuture();
		return session.thenCombine(known, (raw, entries) -> (raw == null || entries.isEmpty()) ? null : raw)
			.thenCompose((raw) -> {
				if (raw == null) {
					return CompletableFuture.<@Nullable RecoveredSession>completedFuture(null);
				}
				JsonNode stored = codec.decodeTree(Base64.getDecoder().decode(raw));
				@SuppressWarnings("unchecked")
				Map<String, Object> data = stored.path("data").isObject()
						? mapper.treeToValue(stored.path("data"), LinkedHashMap.class) : Map.of();
				PersistedSession persisted = new PersistedSession(stored.path("sid").asString(""),
						stored.path("pid").asString(pid), Wire.stringSet(stored.get("rooms")), data);
				return missedPackets(commands, persisted.rooms(), offset, new ArrayList<>(), 0)
					.<@Nullable RecoveredSession>thenApply((missed) -> new RecoveredSession(persisted, missed));
			});
	}

	/**
	 * The events of this namespace after {@code offset} that the session's rooms get,
	 * each with its entry id as last argument.
	 */
	private CompletableFuture<List<SocketPacket>> missedPackets(RedisClusterAsyncCommands<byte[], byte[]> commands,
			Set<String> rooms, String offset, List<SocketPacket> missed, int calls) {
		if (calls >= RESTORE_MAX_XRANGE_CALLS) {
			return CompletableFuture.completedFuture(missed);
		}
		Range<String> after = Range.from(Range.Boundary.including(nextOffset(offset)), Range.Boundary.unbounded());
		return commands.xrange(stream, after, Limit.from(Math.max(100, options.readCount())))
			.toCompletableFuture()
			.thenCompose((entries) -> {
				if (entries.isEmpty()) {
					return CompletableFuture.completedFuture(missed);
				}
				String last = offset;
				for (StreamMessage<byte[], byte[]> entry : entries) {
					last = entry.getId();
					Map<String, String> fields = fields(entry);
					if (!namespace().name().equals(fields.get("nsp")) || !"3".equals(fields.get("type"))) {
						continue;
					}
					ObjectNode message = decodeEntry(fields);
					JsonNode data = (message != null) ? message.path("data") : null;
					if (data == null || !data.isObject() || data.has("requestId")) {
						continue;
					}
					BroadcastOptions opts = Wire.localOptions(data.get("opts"));
					if (opts.targets(rooms) && !opts.excludes(rooms)) {
						SocketPacket packet = Wire.localPacket(namespace().name(), data.path("packet"),
								SocketPacket.NO_ACK);
						List<Object> args = new ArrayList<>((List<?>) packet.data());
						args.add(entry.getId());
						missed.add(new SocketPacket(PacketType.EVENT, namespace().name(), SocketPacket.NO_ACK, args));
					}
				}
				return missedPackets(commands, rooms, last, missed, calls + 1);
			});
	}

	/**
	 * The id right after {@code offset} (exclusive ranges came with Redis 6.2; Node does
	 * the same).
	 */
	private static String nextOffset(String offset) {
		int dash = offset.indexOf('-');
		return offset.substring(0, dash + 1) + (Long.parseLong(offset.substring(dash + 1)) + 1);
	}

	static Map<String, String> fields(StreamMessage<byte[], byte[]> entry) {
		Map<String, String> fields = new LinkedHashMap<>();
		entry.getBody()
			.forEach((key, value) -> fields.put(new String(key, StandardCharsets.UTF_8),
					new String(value, StandardCharsets.UTF_8)));
		return fields;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
