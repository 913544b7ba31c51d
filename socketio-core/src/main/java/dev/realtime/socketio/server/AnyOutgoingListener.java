package dev.realtime.socketio.server;

import java.util.List;

/** Listens to every event sent to a socket, broadcasts included, before it is written. */
@FunctionalInterface
public interface AnyOutgoingListener {

	void onEvent(String event, List<Object> args);

}
