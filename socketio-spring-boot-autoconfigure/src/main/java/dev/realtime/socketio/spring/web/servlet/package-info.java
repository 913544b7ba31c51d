/**
 * The Spring MVC binding of the Engine.IO server: a handler mapping ahead of the
 * application's handlers, long-polling over asynchronous servlet requests, and WebSocket
 * through spring-websocket.
 */
@NullMarked
package dev.realtime.socketio.spring.web.servlet;

import org.jspecify.annotations.NullMarked;
