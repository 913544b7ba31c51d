/**
 * The ports a web stack implements to serve Engine.IO: an HTTP exchange with asynchronous
 * completion and an abort notice, and a WebSocket connection with send-with-completion,
 * close and writability.
 */
@NullMarked
package dev.realtime.socketio.engine.spi;

import org.jspecify.annotations.NullMarked;
