package dev.realtime.socketio.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.realtime.socketio.adapter.SocketDescription;

/**
 * A socket of another server of the cluster, as {@code fetchSockets} found it: its
 * operations go through the adapter, targeting the socket's own room, as Node's
 * {@code RemoteSocket} does.
 */
record ClusterRemoteSocket(Namespace namespace, String id, Handshake handshake, Set<String> rooms,
		Map<String, Object> data) implements RemoteSocket {

	static ClusterRemoteSocket of(Namespace namespace, SocketDescription description) {
		return new ClusterRemoteSocket(namespace, description.id(), Handshake.fromNodeShape(description.handshake()),
				description.rooms(), description.data());
	}

	private BroadcastOperator self() {
		return new BroadcastOperator(namespace).to(id);
	}

	@Override
	public void emit(String event, Object... args) {
		self().emit(event, args);
	}

	@Override
	public void join(String... rooms) {
		self().socketsJoin(rooms);
	}

	@Override
	public void leave(String room) {
		self().socketsLeave(room);
	}

	@Override
	public void disconnect(boolean close) {
		self().disconnectSockets(close);
	}

	@Override
	public AckEmitter timeout(Duration timeout) {
		return (event, args) -> self().timeout(timeout).emitWithAck(event, args).thenApply((answers) -> {
			if (answers.isEmpty()) {
				throw new AckDisconnectedException("socket " + id + " is not connected", List.of());
			}
			return answers.get(0);
		});
	}
}
