/**
 * The implementation of the annotation programming model: discovery of the handler beans
 * ({@link SocketAnnotationConfigurer}), invocation of their methods, the built-in
 * argument resolvers and return value handlers, and exception handling. The extension
 * points live in {@code dev.realtime.socketio.spring.handler}.
 */
@NullMarked
package dev.realtime.socketio.spring.annotation.support;

import org.jspecify.annotations.NullMarked;
