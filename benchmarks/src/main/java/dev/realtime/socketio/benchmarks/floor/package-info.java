/**
 * The floor under our server: bare WebSocket echo servers on Spring MVC/Tomcat and on
 * WebFlux/Reactor Netty, with no Socket.IO at all.
 */
@NullMarked
package dev.realtime.socketio.benchmarks.floor;

import org.jspecify.annotations.NullMarked;
