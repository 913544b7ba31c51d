package dev.realtime.socketio.adapter;

/**
 * Room events of an adapter, like Node's {@code create-room}, {@code delete-room},
 * {@code join-room}, {@code leave-room}.
 */
public interface RoomListener {

	default void onCreateRoom(String room) {
	}

	default void onDeleteRoom(String room) {
	}

	default void onJoinRoom(String room, String socketId) {
	}

	default void onLeaveRoom(String room, String socketId) {
	}

}
