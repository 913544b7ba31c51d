/**
 * The Spring WebFlux binding of the Engine.IO server: a handler mapping ahead of every
 * other one, long-polling as a {@code Mono} that holds no thread while a GET is parked,
 * and WebSocket upgraded by Reactor Netty itself, its frames read and written on the
 * Netty channel (or, with {@code socketio.webflux.native-websocket=false}, through
 * WebFlux's {@code WebSocketService}).
 */
@NullMarked
package dev.realtime.socketio.spring.web.reactive;

import org.jspecify.annotations.NullMarked;
