package dev.realtime.socketio.engine;

import java.util.List;

import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.engine.spi.EngineRequest;

/**
 * Observes an Engine.IO server for metrics and operations: sessions opened and closed,
 * upgrades, messages in and out, outbound buffering. Every method has a no-op default;
 * implement the ones you need and register the observer with
 * {@link EngineServer#addObserver(EngineObserver)} (the Socket.IO layer registers its
 * {@code ServerObserver}s there too).
 *
 * <p>
 * The server calls observers only when one is registered: without an observer the hot
 * path costs one null check and allocates nothing. Observers are called on I/O threads,
 * the scheduler thread or listener threads: they must be thread-safe, fast, and must not
 * block or throw (an exception is logged and ignored).
 *
 * <p>
 * {@link #messageReceived} and {@link #messagesSent} are called for every message (every
 * delivery of a broadcast), and only on observers that implement one of them. An observer
 * that needs totals only reads {@link EngineServer#traffic(Traffic)} instead (after
 * {@link EngineServer#countTraffic()}), which costs a message no call.
 *
 * <p>
 * Sizes are the ones the outbound buffer uses ({@link EnginePacket#weight()}): bytes for
 * binary messages, characters plus one for text messages.
 */
public interface EngineObserver {

	/** A session was opened (handshake answered) on {@code session.transport()}. */
	default void sessionOpened(EngineSocket session) {
	}

	/**
	 * A session closed.
	 * @param transport the transport it was on when it closed
	 * @param reason why; {@link CloseReason#BUFFER_OVERFLOW} for a client that read too
	 * slowly
	 */
	default void sessionClosed(EngineSocket session, String transport, CloseReason reason) {
	}

	/**
	 * A handshake was refused with 503: {@code "max_connections"} (over
	 * {@link EngineServer#setMaxConnections(int)}) or {@code "shutting_down"}.
	 */
	default void handshakeRefused(EngineRequest request, String reason) {
	}

	/** A polling session moved to WebSocket. */
	default void upgraded(EngineSocket session) {
	}

	/**
	 * An upgrade attempt failed: {@code "upgrade timeout"},
	 * {@code "unexpected packet during upgrade"} or {@code "closed"} (the candidate
	 * WebSocket closed before the upgrade completed).
	 */
	default void upgradeFailed(EngineSocket session, String why) {
	}

	/** A message arrived: a {@code String} or a {@code byte[]}. */
	default void messageReceived(EngineSocket session, Object data) {
	}

	/** Messages were accepted for sending (written now or buffered). */
	default void messagesSent(EngineSocket session, List<EnginePacket> packets) {
	}

	/** Volatile messages were dropped because the transport could not take them. */
	default void volatileDropped(EngineSocket session, List<EnginePacket> packets) {
	}

}
