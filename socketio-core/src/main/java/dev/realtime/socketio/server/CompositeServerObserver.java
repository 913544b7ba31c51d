package dev.realtime.socketio.server;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The Socket.IO-level calls of several observers, in registration order (their
 * engine-level calls reach each of them through the engine's own registration).
 */
record CompositeServerObserver(List<ServerObserver> observers) implements ServerObserver {

	@Override
	public void socketConnecting(Socket socket) {
		observers.forEach((o) -> o.socketConnecting(socket));
	}

	@Override
	public void socketConnected(Socket socket) {
		observers.forEach((o) -> o.socketConnected(socket));
	}

	@Override
	public void connectError(String namespace, @Nullable Socket socket, String message, @Nullable Object data,
			@Nullable Throwable error) {
		observers.forEach((o) -> o.connectError(namespace, socket, message, data, error));
	}

	@Override
	public void socketDisconnected(Socket socket, DisconnectReason reason) {
		observers.forEach((o) -> o.socketDisconnected(socket, reason));
	}

	@Override
	public void eventHandled(Socket socket, String event, boolean declared, EventOutcome outcome, long durationNanos,
			@Nullable Throwable error) {
		observers.forEach((o) -> o.eventHandled(socket, event, declared, outcome, durationNanos, error));
	}

	@Override
	public void ackCompleted(Socket socket, AckOutcome outcome, long durationNanos) {
		observers.forEach((o) -> o.ackCompleted(socket, outcome, durationNanos));
	}

	@Override
	public void adapterMessagePublished(String namespace, String type) {
		observers.forEach((o) -> o.adapterMessagePublished(namespace, type));
	}

	@Override
	public void adapterMessageReceived(String namespace, String type) {
		observers.forEach((o) -> o.adapterMessageReceived(namespace, type));
	}

	@Override
	public void adapterRequestTimedOut(String namespace, String type) {
		observers.forEach((o) -> o.adapterRequestTimedOut(namespace, type));
	}
}
