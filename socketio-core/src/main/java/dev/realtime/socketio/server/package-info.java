/**
 * The Socket.IO v5 server: {@link dev.realtime.socketio.server.SocketIoServer},
 * namespaces (static and dynamic), sockets, rooms, broadcasts, acknowledgements,
 * middlewares and connection state recovery, with Node's API where Java allows.
 */
@NullMarked
package dev.realtime.socketio.server;

import org.jspecify.annotations.NullMarked;
