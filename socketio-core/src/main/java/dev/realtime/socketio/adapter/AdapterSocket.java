package dev.realtime.socketio.adapter;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.protocol.SocketPacket;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link Adapter} needs of a socket connected to this server: deliver frames it
 * encoded once, register the acknowledgement a broadcast expects, change rooms,
 * disconnect, and describe the socket for {@code fetchSockets}. Implemented by the
 * server, beside the user-facing socket.
 */
public interface AdapterSocket extends SocketDescription {

	/**
	 * Writes an encoded packet to the client; outgoing catch-all listeners of the socket
	 * see it first.
	 * @param packet the packet, for listeners and for the socket's own bookkeeping
	 * @param frames its encoding, shared by every target of a broadcast
	 * @param volatilePacket whether it may be dropped when the client cannot take it now
	 * @return whether the packet was accepted
	 */
	boolean deliver(SocketPacket packet, List<EnginePacket> frames, boolean volatilePacket);

	/**
	 * Registers the handler of an acknowledgement id this socket is about to receive (a
	 * broadcast with acknowledgements). With a timeout the id is forgotten when it
	 * expires.
	 * @param onAck takes the client's answer: its arguments as JSON trees
	 */
	void expectAck(long ackId, Consumer<List<?>> onAck, @Nullable Duration timeout);

	/**
	 * Same, and {@code onGone} (when not null) runs if the socket disconnects before
	 * answering, so that a broadcast without a timeout does not wait for it forever (see
	 * {@link AckCollector}).
	 */
	void expectAck(long ackId, Consumer<List<?>> onAck, @Nullable Duration timeout, @Nullable Runnable onGone);

	/** Joins rooms. */
	void join(Set<String> rooms);

	/** Leaves a room. */
	void leave(String room);

	/**
	 * Disconnects the socket from its namespace; {@code close} closes the whole
	 * connection.
	 */
	void disconnect(boolean close);

}
