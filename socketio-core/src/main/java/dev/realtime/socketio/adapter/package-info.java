/**
 * The adapter SPI (rooms, broadcasts, utility operations, session persistence) with
 * Node's contract, the in-memory adapter and the session-aware adapter behind connection
 * state recovery.
 */
@NullMarked
package dev.realtime.socketio.adapter;

import org.jspecify.annotations.NullMarked;
