/**
 * A Socket.IO client for {@code @SpringBootTest} tests of an application's Socket.IO
 * handlers: {@link dev.realtime.socketio.test.SocketIoTestClient}, on the ecosystem's
 * Java client.
 */
@NullMarked
package dev.realtime.socketio.test;

import org.jspecify.annotations.NullMarked;
