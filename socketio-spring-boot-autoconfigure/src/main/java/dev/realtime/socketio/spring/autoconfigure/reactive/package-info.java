/**
 * Auto-configuration of the Socket.IO server on Spring WebFlux with Reactor Netty.
 */
@NullMarked
package dev.realtime.socketio.spring.autoconfigure.reactive;

import org.jspecify.annotations.NullMarked;
