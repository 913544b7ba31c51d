package dev.realtime.socketio.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import dev.realtime.socketio.adapter.AdapterSocket;
import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.protocol.SocketPacket;
import org.jspecify.annotations.Nullable;

/**
 * The adapter's view of one {@link Socket}: delivery of pre-encoded frames and expected
 * acknowledgements stay off the user-facing type. One per socket, created with it, so a
 * broadcast allocates nothing per target to reach it.
 */
final class AdapterSocketView implements AdapterSocket {

	private final Socket socket;

	AdapterSocketView(Socket socket) {
		this.socket = socket;
	}

	/** The socket this view stands for. */
	Socket socket() {
		return socket;
	}

	@Override
	public String id() {
		return socket.id();
	}

	@Override
	public Map<String, Object> handshake() {
		return socket.handshake().toNodeShape();
	}

	@Override
	public Set<String> rooms() {
		return socket.rooms();
	}

	@Override
	public Map<String, Object> data() {
		return socket.data();
	}

	@Override
	public boolean deliver(SocketPacket packet, List<EnginePacket> frames, boolean volatilePacket) {
		return socket.deliver(packet, frames, volatilePacket);
	}

	@Override
	public void expectAck(long ackId, Consumer<List<?>> onAck, @Nullable Duration timeout) {
		socket.expectAck(ackId, (args) -> onAck.accept(args.nodes()), timeout, null);
	}

	@Override
	public void expectAck(long ackId, Consumer<List<?>> onAck, @Nullable Duration timeout, @Nullable Runnable onGone) {
		socket.expectAck(ackId, (args) -> onAck.accept(args.nodes()), timeout, onGone);
	}

	@Override
	public void join(Set<String> rooms) {
		socket.join(rooms);
	}

	@Override
	public void leave(String room) {
		socket.leave(room);
	}

	@Override
	public void disconnect(boolean close) {
		socket.disconnect(close);
	}

	@Override
	public String toString() {
		return "AdapterSocketView[" + socket + "]";
	}

}
