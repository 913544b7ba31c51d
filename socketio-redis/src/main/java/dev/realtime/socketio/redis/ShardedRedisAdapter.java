package dev.realtime.socketio.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import dev.realtime.socketio.adapter.AdapterNamespace;
import dev.realtime.socketio.adapter.RoomListener;
import dev.realtime.socketio.msgpack.MsgpackCodec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The adapter of Node's {@code createShardedAdapter} ({@code @socket.io/redis-adapter}
 * 8.3, {@code lib/sharded-adapter.ts}), byte for byte: Redis 7 sharded pub/sub
 * ({@code SSUBSCRIBE}/{@code SPUBLISH}, so that in a Redis Cluster each channel lives on
 * one shard instead of being copied to every node) carrying the cluster messages of
 * {@link ClusterAdapter}.
 * <ul>
 * <li>every node subscribes to {@code <prefix>#<nsp>#} (messages for everyone) and
 * {@code <prefix>#<nsp>#<uid>#} (answers to its own requests);</li>
 * <li>in the dynamic modes a node also subscribes to {@code <prefix>#<nsp>#<room>#} while
 * it has members of that room, and a broadcast to exactly one such room (without
 * acknowledgements) goes there, so that only the nodes that have the room receive it. In
 * {@link SubscriptionMode#DYNAMIC} a socket's own room (a room named after a local
 * socket) gets no channel, and a broadcast to a room whose name is 20 characters long (a
 * socket id) goes to the namespace channel; in {@link SubscriptionMode#DYNAMIC_PRIVATE}
 * every room has its channel;</li>
 * <li>the server count is {@code PUBSUB SHARDNUMSUB <prefix>#<nsp>#} (summed over the
 * masters of a cluster).</li>
 * </ul>
 * Every node of the cluster must use the same prefix and subscription mode.
 */
public class ShardedRedisAdapter extends ClusterAdapter {

	/** Which rooms get a channel of their own (Node's {@code subscriptionMode}). */
	public enum SubscriptionMode {

		/**
		 * Two channels per namespace, whatever the rooms: simple, but every node receives
		 * every broadcast.
		 */
		STATIC,

		/**
		 * Also one channel per public room (Node's default): a broadcast to one room
		 * reaches only the nodes that have members in it.
		 */
		DYNAMIC,

		/**
		 * Also one channel per private room (socket id): best when most messages go to
		 * single sockets, at the price of one subscription per connected socket.
		 */
		DYNAMIC_PRIVATE

	}

	/** How a room named after a socket looks (Node's {@code looksLikeASocketId}). */
	private static final int SOCKET_ID_LENGTH = 20;

	private final RedisPubSub redis;

	private final SubscriptionMode mode;

	private final String channel;

	private final String responseChannel;

	/** The room channels this node subscribed to. */
	private final Set<String> roomChannels = ConcurrentHashMap.newKeySet();

	private final RedisPubSub.Listener listener = this::onRawMessage;

	/**
	 * @param options the key prefix (Node's {@code channelPrefix}) and the requests
	 * timeout ({@code publishOnSpecificResponseChannel} does not apply: answers always go
	 * to the requester's channel)
	 */
	public ShardedRedisAdapter(AdapterNamespace namespace, RedisPubSub redis, RedisAdapterOptions options,
			SubscriptionMode mode, MsgpackCodec codec, Executor executor) {
		super(namespace, codec, executor, options.requestsTimeout());
		this.redis = redis;
		this.mode = mode;
		this.channel = options.keyPrefix() + "#" + namespace.name() + "#";
		this.responseChannel = channel + uid() + "#";
	}

	/** Which rooms get a channel of their own. */
	public SubscriptionMode mode() {
		return mode;
	}

	@Override
	public void init() {
		redis.ssubscribe(listener, channel, responseChannel);
		if (mode != SubscriptionMode.STATIC) {
			addRoomListener(new RoomListener() {

				@Override
				public void onCreateRoom(String room) {
					if (hasOwnChannel(room)) {
						String name = roomChannel(room);
						if (roomChannels.add(name)) {
							redis.ssubscribe(listener, name);
						}
					}
				}

				@Override
				public void onDeleteRoom(String room) {
					String name = roomChannel(room);
					if (roomChannels.remove(name)) {
						redis.sunsubscribe(name);
					}
				}
			});
		}
	}

	@Override
	public void close() {
		super.close();
		List<String> channels = new ArrayList<>(List.of(channel, responseChannel));
		channels.addAll(roomChannels);
		roomChannels.clear();
		redis.sunsubscribe(channels.toArray(String[]::new));
	}

	/**
	 * Whether a room has a channel of its own: any room in dynamic-private mode, a room
	 * that is not a local socket's own in dynamic mode (checked when the room is created,
	 * as Node does).
	 */
	private boolean hasOwnChannel(String room) {
		return switch (mode) {
			case STATIC -> false;
			case DYNAMIC -> socketRooms(room) == null;
			case DYNAMIC_PRIVATE -> true;
		};
	}

	private String roomChannel(String room) {
		return channel + room + "#";
	}

	@Override
	protected boolean isConnected() {
		return redis.isStarted();
	}

	@Override
	public CompletableFuture<Integer> serverCount() {
		if (!redis.isStarted()) {
			return CompletableFuture.completedFuture(1);
		}
		return redis.shardNumsub(channel).thenApply((count) -> (int) Math.max(1, count)).toCompletableFuture();
	}

	@Override
	protected CompletableFuture<@Nullable String> doPublish(Map<String, Object> message) {
		return redis.spublish(computeChannel(message), encode(message))
			.<@Nullable String>thenApply((receivers) -> null)
			.toCompletableFuture();
	}

	/**
	 * A broadcast to exactly one room without acknowledgements goes to the room's channel
	 * when it has one (a broadcast with acknowledgements cannot: every server must answer
	 * with its client count); everything else to the namespace channel.
	 */
	private String computeChannel(Map<String, Object> message) {
		if (mode == SubscriptionMode.STATIC || !Integer.valueOf(BROADCAST).equals(message.get("type"))
				|| !(message.get("data") instanceof Map<?, ?> data) || data.containsKey("requestId")
				|| !(data.get("opts") instanceof Map<?, ?> opts) || !(opts.get("rooms") instanceof List<?> rooms)
				|| rooms.size() != 1) {
			return channel;
		}
		String room = String.valueOf(rooms.get(0));
		if (mode == SubscriptionMode.DYNAMIC && room.length() == SOCKET_ID_LENGTH) {
			return channel;
		}
		return roomChannel(room);
	}

	@Override
	protected CompletableFuture<?> doPublishResponse(String requesterUid, Map<String, Object> response) {
		return redis.spublish(channel + requesterUid + "#", encode(response)).toCompletableFuture();
	}

	private void onRawMessage(String channelName, byte[] raw) {
		JsonNode message = decode(raw);
		if (message == null) {
			return;
		}
		if (channelName.equals(responseChannel)) {
			onResponse(message);
		}
		else {
			onMessage(message, null);
		}
	}

}
