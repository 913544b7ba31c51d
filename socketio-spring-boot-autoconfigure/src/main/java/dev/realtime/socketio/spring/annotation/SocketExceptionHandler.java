package dev.realtime.socketio.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that handles exceptions thrown by the handler methods of its bean or, on
 * a {@link SocketControllerAdvice} bean, of every bean. The bean's own handlers are tried
 * first, then the advice beans in order; among the methods of one bean, the one declaring
 * the closest superclass of the exception wins.
 *
 * <p>
 * Parameters: the exception, and the injectable types ({@code Socket}, {@code Ack}…). The
 * return value answers the client's acknowledgement callback, like an event method's.
 *
 * <pre>{@code
 * &#64;SocketExceptionHandler
 * ErrorReply rejected(IllegalArgumentException ex) {
 *     return new ErrorReply("bad_request", ex.getMessage());
 * }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SocketExceptionHandler {

	/**
	 * The exception types handled; empty for the types of the method's exception
	 * parameters.
	 */
	Class<? extends Throwable>[] value() default {};

}
