/**
 * The Engine.IO transports, as Node's {@code engine.io} has them ({@code transport.ts},
 * {@code polling.ts}, {@code websocket.ts}): a
 * {@link dev.realtime.socketio.engine.transport.Transport} sends packets, says whether it
 * can take more and raises packets, drains and its close to its session through a
 * {@link dev.realtime.socketio.engine.transport.TransportListener}. Long-polling owns the
 * parked GET, the POST guard and its HTTP answers; WebSocket owns the connection and the
 * frame size rule. Depends on {@code engine.codec} and {@code engine.spi} only: the
 * session (in {@code engine}) drives the transports, never the other way round.
 *
 * <p>
 * Locking: a transport's state is guarded by its session's monitor, handed to it as
 * {@code lock}; no transport has a lock of its own. Methods named {@code …Locked} expect
 * the caller to hold it; the others take it themselves. HTTP answers and listener calls
 * happen outside it.
 */
@NullMarked
package dev.realtime.socketio.engine.transport;

import org.jspecify.annotations.NullMarked;
