package dev.realtime.socketio.adapter;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import dev.realtime.socketio.protocol.SocketPacket;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the rooms of one namespace and delivers broadcasts, with Node's adapter contract
 * so that a distributed adapter (Redis) can extend the in-memory one and forward each
 * operation to the other servers. Operations with {@link BroadcastOptions#local()} set
 * stay on this server.
 *
 * <p>
 * An adapter sees its namespace through {@link AdapterNamespace} and the local sockets
 * through {@link AdapterSocket}: it depends on this package, {@code protocol} and
 * {@code engine} only.
 */
public interface Adapter {

	/** Starts the adapter (subscriptions of a distributed adapter). */
	default void init() {
	}

	/** Stops the adapter. */
	default void close() {
	}

	/** Number of servers in the cluster. */
	CompletableFuture<Integer> serverCount();

	/** Adds a socket to rooms. */
	void addAll(String socketId, Set<String> rooms);

	/** Removes a socket from a room. */
	void del(String socketId, String room);

	/** Removes a socket from all its rooms. */
	void delAll(String socketId);

	/** Sends a packet to the targeted sockets, encoding it once. */
	void broadcast(SocketPacket packet, BroadcastOptions options);

	/**
	 * Sends a packet that expects an acknowledgement from every target:
	 * {@code clientCount} is told how many targets there are (once per server, this one
	 * included), {@code ack} gets each answer as the list of its arguments (JSON trees
	 * from local clients, any values Jackson can convert from other servers).
	 */
	void broadcastWithAck(SocketPacket packet, BroadcastOptions options, IntConsumer clientCount,
			Consumer<List<?>> ack);

	/** Ids of the local sockets in any of the rooms (all local sockets when empty). */
	Set<String> sockets(Set<String> rooms);

	/** Rooms of a local socket, or {@code null} when unknown. */
	@Nullable Set<String> socketRooms(String socketId);

	/** Names of the rooms that have local members. */
	Set<String> rooms();

	/**
	 * The targeted sockets, on every server unless local: this server's as their
	 * {@link AdapterSocket}, other servers' as {@link SocketDescription#of received}.
	 */
	CompletableFuture<List<SocketDescription>> fetchSockets(BroadcastOptions options);

	/** Makes the targeted sockets join rooms. */
	void addSockets(BroadcastOptions options, Set<String> rooms);

	/** Makes the targeted sockets leave rooms. */
	void delSockets(BroadcastOptions options, Set<String> rooms);

	/** Disconnects the targeted sockets; {@code close} also closes their connections. */
	void disconnectSockets(BroadcastOptions options, boolean close);

	/**
	 * Sends an event to the other servers of the cluster (not to this one).
	 * @param timeout with a non-null timeout, answers are gathered until all servers
	 * answered or the time is up
	 * @return the answers of the other servers (empty for a single server)
	 */
	CompletableFuture<List<Object>> serverSideEmit(List<Object> eventAndArgs, @Nullable Duration timeout);

	/**
	 * Keeps a disconnected socket's session for connection state recovery. No-op by
	 * default.
	 */
	default void persistSession(PersistedSession session) {
	}

	/**
	 * Gives back a persisted session and the packets sent after {@code offset}, or
	 * completes with {@code null} when recovery is impossible.
	 */
	default CompletableFuture<@Nullable RecoveredSession> restoreSession(String pid, String offset) {
		return CompletableFuture.completedFuture(null);
	}

	/** Listens to room events. */
	void addRoomListener(RoomListener listener);

}
