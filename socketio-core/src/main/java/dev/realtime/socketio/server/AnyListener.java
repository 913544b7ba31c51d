package dev.realtime.socketio.server;

/** Listens to every event a socket receives, before the event's own listeners. */
@FunctionalInterface
public interface AnyListener {

	void onEvent(String event, EventArgs args);

}
