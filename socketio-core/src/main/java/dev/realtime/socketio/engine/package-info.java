/**
 * The Engine.IO v4 server: sessions, the polling and WebSocket transports and the upgrade
 * between them, heartbeats, the error table and the options. Free of any web framework:
 * web stacks plug in through {@code engine.spi}.
 */
@NullMarked
package dev.realtime.socketio.engine;

import org.jspecify.annotations.NullMarked;
