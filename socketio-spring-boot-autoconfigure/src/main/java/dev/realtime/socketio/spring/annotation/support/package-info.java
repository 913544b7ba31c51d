/**
 * Discovery, invocation and argument resolution of the annotated Socket.IO handler methods, their
 * acknowledgement replies and exception handling; {@link SocketArgumentResolver} and
 * {@link SocketMiddleware} are the extension points.
 */
@NullMarked
package dev.realtime.socketio.spring.annotation.support;

import org.jspecify.annotations.NullMarked;
