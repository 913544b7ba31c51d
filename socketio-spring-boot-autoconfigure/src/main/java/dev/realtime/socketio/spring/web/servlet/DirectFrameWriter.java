package dev.realtime.socketio.spring.web.servlet;

import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;

/**
 * Writes complete WebSocket frames (header and payload, built by the binding) to a
 * container's connection, bypassing its message-at-a-time API. One write at a time: the
 * caller takes the lock with {@link #tryLock()}, and the write gives it back before its
 * completion runs. A container-specific class (see {@link TomcatFrameWriter}); the
 * interface keeps the container's classes out of {@link EngineWebSocketConnection}.
 */
interface DirectFrameWriter {

	/**
	 * Takes the connection's write lock if no other frame (the container's own control
	 * frames among them) is being written.
	 * @return whether the lock was taken: then {@link #write} must follow
	 */
	boolean tryLock();

	/** Gives back a lock taken by {@link #tryLock()} without writing. */
	void unlock();

	/**
	 * Writes the buffers in order, then releases the lock and calls the handler once: on
	 * this thread when the connection took everything at once, later on a container
	 * thread otherwise. Never throws. Caller holds the lock.
	 */
	<A> void write(ByteBuffer[] buffers, A attachment, CompletionHandler<Long, ? super A> handler);

}
