/**
 * A load generator that speaks Engine.IO v4 / Socket.IO v5 over a bare Netty WebSocket
 * client, and measures the server process's CPU time per operation from {@code /proc}.
 */
@NullMarked
package dev.realtime.socketio.benchmarks.load;

import org.jspecify.annotations.NullMarked;
