package dev.realtime.socketio.adapter;

import java.util.List;
import java.util.function.Consumer;

import dev.realtime.socketio.engine.Scheduler;
import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.protocol.SocketPacket;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link Adapter} needs of the namespace it serves, and nothing more: the server
 * implements it, so that the adapter package does not depend on the server package (no
 * cycle) and the user-facing {@code Namespace} and {@code Socket} keep only what users
 * call.
 *
 * <pre>{@code
 * SocketIoOptions.builder().adapterFactory(namespace -> new InMemoryAdapter(namespace))
 * }</pre>
 */
public interface AdapterNamespace {

	/** The namespace name, {@code "/"} for the main namespace. */
	String name();

	/**
	 * Encodes a packet into the Engine.IO packets that carry it: done once per broadcast,
	 * the same (immutable) frames then go to every target.
	 */
	List<EnginePacket> encode(SocketPacket packet);

	/** The connected socket of this server with this id, or {@code null}. */
	@Nullable AdapterSocket socket(String id);

	/** The server's timer service (millisecond precision, one shared thread). */
	Scheduler scheduler();

	/**
	 * Delivers an event another server sent with {@code serverSideEmit} to this server's
	 * listeners.
	 * @param event the event name
	 * @param args its arguments: JSON trees or any values Jackson can convert
	 * @param reply with acknowledgements, takes the listener's answer (the arguments it
	 * passed to its {@code Ack}; Node servers answer one value, the first); {@code null}
	 * without
	 */
	void onServerSideEmit(String event, List<?> args, @Nullable Consumer<List<Object>> reply);

}
