/**
 * The extension points of the annotation programming model, for applications to implement
 * or catch: {@link SocketArgumentResolver}, {@link SocketReturnValueHandler},
 * {@link SocketMiddleware}, what one call is about ({@link SocketInvocation}), the error
 * acknowledgement ({@link ErrorAck}) and the exceptions a client's bad payload raises
 * ({@link SocketPayloadException}).
 */
@NullMarked
package dev.realtime.socketio.spring.handler;

import org.jspecify.annotations.NullMarked;
