package dev.realtime.socketio.adapter;

import java.time.Duration;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Who a broadcast (or a utility operation) targets and how: the union of {@code rooms}
 * (every socket when empty) minus the sockets in {@code except}.
 *
 * @param rooms rooms to reach; empty for the whole namespace
 * @param except rooms (socket ids included) to leave out
 * @param volatilePacket whether the packet may be dropped for clients that cannot take it
 * now
 * @param compress Node's compress flag, advisory: the server compresses per connection
 * (permessage-deflate) and per polling response, not per packet; forwarded as is by
 * distributed adapters
 * @param local whether only this server's sockets are targeted (no other cluster nodes)
 * @param timeout acknowledgement timeout, or {@code null}
 */
public record BroadcastOptions(Set<String> rooms, Set<String> except, boolean volatilePacket, boolean compress,
		boolean local, @Nullable Duration timeout) {

	public BroadcastOptions {
		rooms = Set.copyOf(rooms);
		except = Set.copyOf(except);
	}

	/** Whether a socket in {@code socketRooms} is a target (ignoring {@code except}). */
	public boolean targets(Set<String> socketRooms) {
		if (rooms.isEmpty()) {
			return true;
		}
		for (String room : rooms) {
			if (socketRooms.contains(room)) {
				return true;
			}
		}
		return false;
	}

	/** Whether a socket in {@code socketRooms} is excluded. */
	public boolean excludes(Set<String> socketRooms) {
		for (String room : except) {
			if (socketRooms.contains(room)) {
				return true;
			}
		}
		return false;
	}
}
