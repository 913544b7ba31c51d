package dev.realtime.socketio.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method called when a socket of the bean's namespace leaves it, with the
 * {@code DisconnectReason} among its injectable parameters.
 *
 * <pre>{@code
 * &#64;OnDisconnect
 * void left(Socket socket, DisconnectReason reason) {
 *     log.info("{} left: {}", socket.id(), reason.text());
 * }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnDisconnect {

}
