package dev.realtime.socketio.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.realtime.socketio.msgpack.MsgpackCodec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * Sends to the clients of a Socket.IO cluster from a process that runs no Socket.IO
 * server (a batch job, another service), in the format of Node's
 * {@code @socket.io/redis-emitter}: every server on the classic Redis adapter, Java or
 * Node, delivers what it publishes.
 *
 * <pre>{@code
 * emitter.to("room").emit("event", payload);
 * emitter.of("/admin").except("banned").emit("notice", text);
 * }</pre>
 *
 * {@link #streams} makes one for a cluster on the Redis streams adapter instead.
 * Immutable: each call returns a new emitter. Publishing is asynchronous (the future
 * completes when Redis took the message).
 */
public final class SocketIoEmitter {

	/** The uid Node's emitter uses, so that no server mistakes a message for its own. */
	static final String EMITTER_UID = "emitter";

	private final RedisPubSub redis;

	private final String keyPrefix;

	private final MsgpackCodec codec;

	private final ObjectMapper mapper;

	private final String namespace;

	private final Set<String> rooms;

	private final Set<String> except;

	private final boolean volatilePacket;

	private final boolean compress;

	/** The streams adapter's settings when this emitter writes its stream, else null. */
	private final @Nullable RedisStreamsAdapterOptions streams;

	/**
	 * @param redis the connection to publish on (started)
	 * @param keyPrefix the channel prefix of the servers' adapters ({@code socket.io} by
	 * default)
	 * @param mapper turns event arguments into trees, as the servers' mappers do
	 */
	public SocketIoEmitter(RedisPubSub redis, String keyPrefix, ObjectMapper mapper) {
		this(redis, keyPrefix, new MsgpackCodec(mapper), mapper, "/", Set.of(), Set.of(), false, true, null);
	}

	/**
	 * An emitter for a cluster on the Redis streams adapter, in the format of Node's
	 * {@code @socket.io/redis-streams-emitter}: every message is an entry of the
	 * namespace's stream ({@code XADD}, uid {@code emitter}), so clients that recover get
	 * what it sent too.
	 * @param options the adapters' settings (key prefix, stream count, length)
	 */
	public static SocketIoEmitter streams(RedisPubSub redis, RedisStreamsAdapterOptions options, ObjectMapper mapper) {
		return new SocketIoEmitter(redis, options.keyPrefix(), new MsgpackCodec(mapper), mapper, "/", Set.of(),
				Set.of(), false, true, Objects.requireNonNull(options, "options"));
	}

	private SocketIoEmitter(RedisPubSub redis, String keyPrefix, MsgpackCodec codec, ObjectMapper mapper,
			String namespace, Set<String> rooms, Set<String> except, boolean volatilePacket, boolean compress,
			@Nullable RedisStreamsAdapterOptions streams) {
		this.redis = Objects.requireNonNull(redis, "redis");
		this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
		this.codec = codec;
		this.mapper = mapper;
		this.namespace = namespace;
		this.rooms = rooms;
		this.except = except;
		this.volatilePacket = volatilePacket;
		this.compress = compress;
		this.streams = streams;
	}

	/**
	 * The emitter of another namespace ({@code "/chat"}; a leading slash is added when
	 * missing).
	 */
	public SocketIoEmitter of(String nsp) {
		String name = nsp.startsWith("/") ? nsp : "/" + nsp;
		return new SocketIoEmitter(redis, keyPrefix, codec, mapper, name, Set.of(), Set.of(), false, true, streams);
	}

	/** Targets these rooms too. */
	public SocketIoEmitter to(String... moreRooms) {
		return new SocketIoEmitter(redis, keyPrefix, codec, mapper, namespace, plus(rooms, moreRooms), except,
				volatilePacket, compress, streams);
	}

	/** Same as {@link #to(String...)}. */
	public SocketIoEmitter in(String... moreRooms) {
		return to(moreRooms);
	}

	/** Leaves out the sockets of these rooms. */
	public SocketIoEmitter except(String... moreRooms) {
		return new SocketIoEmitter(redis, keyPrefix, codec, mapper, namespace, rooms, plus(except, moreRooms),
				volatilePacket, compress, streams);
	}

	/** The packet may be dropped for clients that cannot take it now. */
	public SocketIoEmitter volatile_() {
		return new SocketIoEmitter(redis, keyPrefix, codec, mapper, namespace, rooms, except, true, compress, streams);
	}

	/** Node's compress flag, forwarded to the servers. */
	public SocketIoEmitter compress(boolean value) {
		return new SocketIoEmitter(redis, keyPrefix, codec, mapper, namespace, rooms, except, volatilePacket, value,
				streams);
	}

	/**
	 * Emits an event to the targeted clients of every server.
	 * @throws IllegalArgumentException for a reserved event name
	 */
	public CompletableFuture<Void> emit(String event, Object... args) {
		if (RESERVED.contains(event)) {
			throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
		}
		List<Object> data = new ArrayList<>(args.length + 1);
		data.add(event);
		Collections.addAll(data, args);
		Map<String, Object> packet = new LinkedHashMap<>();
		packet.put("type", 2);
		packet.put("data", data);
		packet.put("nsp", namespace);
		Map<String, Object> flags = new LinkedHashMap<>();
		if (volatilePacket) {
			flags.put("volatile", true);
		}
		if (!compress) {
			flags.put("compress", false);
		}
		Map<String, Object> opts = new LinkedHashMap<>();
		opts.put("rooms", List.copyOf(rooms));
		opts.put("except", List.copyOf(except));
		opts.put("flags", flags);
		if (streams != null) {
			Map<String, Object> message = new LinkedHashMap<>();
			message.put("packet", packet);
			message.put("opts", opts);
			return append(ClusterAdapter.BROADCAST, message);
		}
		String channel = keyPrefix + "#" + namespace + "#" + ((rooms.size() == 1) ? rooms.iterator().next() + "#" : "");
		return publish(channel, codec.encode(List.of(EMITTER_UID, packet, opts)));
	}

	/** Makes the targeted sockets of every server join rooms. */
	public CompletableFuture<Void> socketsJoin(String... roomsToJoin) {
		return roomRequest(RedisAdapter.REMOTE_JOIN, roomsToJoin);
	}

	/** Makes the targeted sockets of every server leave rooms. */
	public CompletableFuture<Void> socketsLeave(String... roomsToLeave) {
		return roomRequest(RedisAdapter.REMOTE_LEAVE, roomsToLeave);
	}

	/**
	 * Disconnects the targeted sockets of every server; {@code close} closes their
	 * connections.
	 */
	public CompletableFuture<Void> disconnectSockets(boolean close) {
		if (streams != null) {
			Map<String, Object> message = new LinkedHashMap<>();
			message.put("opts", streamOptions());
			message.put("close", close);
			return append(ClusterAdapter.DISCONNECT_SOCKETS, message);
		}
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("type", RedisAdapter.REMOTE_DISCONNECT);
		request.put("opts", targetOptions());
		request.put("close", close);
		return publish(requestChannel(), mapper.writeValueAsBytes(request));
	}

	/**
	 * Sends an event to every server's {@code onServerSideEmit} listeners (no
	 * acknowledgement).
	 */
	public CompletableFuture<Void> serverSideEmit(String event, Object... args) {
		List<Object> data = new ArrayList<>(args.length + 1);
		data.add(event);
		Collections.addAll(data, args);
		if (streams != null) {
			return append(ClusterAdapter.SERVER_SIDE_EMIT, Map.of("packet", data));
		}
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("uid", EMITTER_UID);
		request.put("type", RedisAdapter.SERVER_SIDE_EMIT);
		request.put("data", data);
		return publish(requestChannel(), mapper.writeValueAsBytes(request));
	}

	private CompletableFuture<Void> roomRequest(int type, String... roomNames) {
		if (streams != null) {
			Map<String, Object> message = new LinkedHashMap<>();
			message.put("opts", streamOptions());
			message.put("rooms", List.of(roomNames));
			return append(
					(type == RedisAdapter.REMOTE_JOIN) ? ClusterAdapter.SOCKETS_JOIN : ClusterAdapter.SOCKETS_LEAVE,
					message);
		}
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("type", type);
		request.put("opts", targetOptions());
		request.put("rooms", List.of(roomNames));
		return publish(requestChannel(), mapper.writeValueAsBytes(request));
	}

	private Map<String, Object> targetOptions() {
		Map<String, Object> opts = new LinkedHashMap<>();
		opts.put("rooms", List.copyOf(rooms));
		opts.put("except", List.copyOf(except));
		return opts;
	}

	private Map<String, Object> streamOptions() {
		Map<String, Object> opts = targetOptions();
		opts.put("flags", Map.of());
		return opts;
	}

	/** An entry of the namespace's stream, as Node's streams emitter writes it. */
	private CompletableFuture<Void> append(int type, Map<String, Object> data) {
		RedisStreamsAdapterOptions options = Objects.requireNonNull(streams);
		Map<byte[], byte[]> entry = RedisStreamsAdapter.entry(mapper, codec, EMITTER_UID, namespace, type, data);
		try {
			return RedisStreamsAdapter
				.append(redis, options.streamName(namespace).getBytes(StandardCharsets.UTF_8), options.maxLen(), entry)
				.thenApply((id) -> (Void) null);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private String requestChannel() {
		return keyPrefix + "-request#" + namespace + "#";
	}

	private CompletableFuture<Void> publish(String channel, byte[] message) {
		return redis.publish(channel, message).thenApply((receivers) -> (Void) null).toCompletableFuture();
	}

	private static Set<String> plus(Set<String> set, String... more) {
		Set<String> result = new LinkedHashSet<>(set);
		Collections.addAll(result, more);
		return Collections.unmodifiableSet(result);
	}

	private static final Set<String> RESERVED = Set.of("connect", "connect_error", "disconnect", "disconnecting",
			"newListener", "removeListener");

}
