/**
 * The Spring WebFlux binding of the Engine.IO server: a handler mapping ahead of every
 * other one, long-polling as a {@code Mono} that holds no thread while a GET is parked,
 * and WebSocket through WebFlux's {@code WebSocketService} on Reactor Netty.
 */
@NullMarked
package dev.realtime.socketio.spring.web.reactive;

import org.jspecify.annotations.NullMarked;
