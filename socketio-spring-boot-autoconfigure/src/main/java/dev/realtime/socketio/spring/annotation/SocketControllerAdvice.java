package dev.realtime.socketio.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.stereotype.Component;

/**
 * A component whose {@link SocketExceptionHandler} methods apply to every annotated
 * Socket.IO handler bean, after the bean's own. Several advice beans are tried in
 * {@code @Order}.
 *
 * <pre>{@code
 * &#64;SocketControllerAdvice
 * class SocketErrors {
 *

&#64;SocketExceptionHandler
 *     ErrorReply invalid(ConstraintViolationException ex) { return new ErrorReply("invalid", ex.getMessage()); }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface SocketControllerAdvice {

}
