/**
 * Annotations for writing Socket.IO handlers as Spring beans: {@link SocketEvent},
 * {@link SocketNamespace}, {@link OnConnect}, {@link OnDisconnect},
 * {@link SocketExceptionHandler} and {@link SocketControllerAdvice}.
 */
@NullMarked
package dev.realtime.socketio.spring.annotation;

import org.jspecify.annotations.NullMarked;
