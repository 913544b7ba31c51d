package dev.realtime.socketio.server;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import dev.realtime.socketio.adapter.AdapterNamespace;
import dev.realtime.socketio.adapter.AdapterSocket;
import dev.realtime.socketio.engine.Scheduler;
import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.protocol.SocketPacket;
import org.jspecify.annotations.Nullable;

/**
 * The adapter's view of one {@link Namespace}: what {@code Adapter}s need, nothing users
 * call.
 */
final class AdapterNamespaceView implements AdapterNamespace {

	private final Namespace namespace;

	AdapterNamespaceView(Namespace namespace) {
		this.namespace = namespace;
	}

	@Override
	public String name() {
		return namespace.name();
	}

	@Override
	public List<EnginePacket> encode(SocketPacket packet) {
		return namespace.server().encode(packet);
	}

	@Override
	public @Nullable AdapterSocket socket(String id) {
		Socket socket = namespace.socket(id);
		return (socket != null) ? socket.adapterView() : null;
	}

	@Override
	public Scheduler scheduler() {
		return namespace.server().engine().scheduler();
	}

	@Override
	public void onServerSideEmit(String event, List<?> args, @Nullable Consumer<List<Object>> reply) {
		EventArgs eventArgs = EventArgs.ofValues(args, namespace.server().mapper());
		Ack ack = null;
		if (reply != null) {
			AtomicBoolean sent = new AtomicBoolean();
			ack = (answer) -> {
				if (sent.compareAndSet(false, true)) {
					reply.accept(Arrays.asList(answer.clone()));
				}
			};
		}
		namespace.onServerSideEvent(event, eventArgs, ack);
	}

	@Override
	public String toString() {
		return "AdapterNamespaceView[" + namespace.name() + "]";
	}

}
