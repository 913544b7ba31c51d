package dev.realtime.socketio.adapter;

import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code ack} consumer that {@link Adapter#broadcastWithAck} receives from the
 * server: besides each answer, it wants to hear of a target that disconnects without
 * answering, so that a broadcast without a timeout never waits forever. Adapters pass it
 * on unchanged to the local sockets'
 * {@link AdapterSocket#expectAck(long, Consumer, java.time.Duration, Runnable)}, as
 * {@link InMemoryAdapter} does; a target on another server leaving is not reported (use a
 * timeout across servers).
 */
public interface AckCollector extends Consumer<List<?>> {

	/** A target disconnected before answering. */
	void clientGone();

}
