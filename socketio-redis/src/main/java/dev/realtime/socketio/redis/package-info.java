/**
 * Scale-out over Redis with Lettuce, wire-compatible with Node's adapters: the classic
 * {@code @socket.io/redis-adapter} ({@link dev.realtime.socketio.redis.RedisAdapter}) and
 * the {@code @socket.io/redis-emitter} format
 * ({@link dev.realtime.socketio.redis.SocketIoEmitter}).
 */
@NullMarked
package dev.realtime.socketio.redis;

import org.jspecify.annotations.NullMarked;
