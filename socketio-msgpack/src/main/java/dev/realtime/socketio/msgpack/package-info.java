/**
 * MessagePack as notepack.io writes it
 * ({@link dev.realtime.socketio.msgpack.MsgpackCodec}), shared by the Redis adapters, and
 * the Socket.IO parser compatible with {@code socket.io-msgpack-parser}.
 */
@NullMarked
package dev.realtime.socketio.msgpack;

import org.jspecify.annotations.NullMarked;
