/**
 * Auto-configuration of the Redis adapter and the emitter, on the application's Lettuce
 * connection ({@code spring.data.redis.*}).
 */
@NullMarked
package dev.realtime.socketio.spring.autoconfigure.redis;

import org.jspecify.annotations.NullMarked;
