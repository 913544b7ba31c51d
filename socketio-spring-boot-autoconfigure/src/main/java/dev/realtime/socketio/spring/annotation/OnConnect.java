package dev.realtime.socketio.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method called for every socket that joins the bean's namespace, after the
 * middlewares accepted it and the client got its CONNECT answer. The bean's event methods
 * are already listening then. Parameters are the injectable types only (no payload).
 *
 * <pre>{@code
 * &#64;OnConnect
 * void joined(Socket socket, Principal user) {
 *     socket.join("user:" + user.getName());
 * }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnConnect {

}
