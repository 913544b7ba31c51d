package dev.realtime.socketio.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Maps an event of the bean's namespace to a method. The method runs on the socket's
 * ordered executor, never on an I/O thread.
 *
 * <p>
 * Parameters of the types {@code Socket}, {@code Namespace}, {@code SocketIoServer},
 * {@code Handshake}, {@code Principal}, {@code Ack} and {@code DisconnectReason} (and
 * those a {@code SocketArgumentResolver} bean supports) are injected; every other
 * parameter takes the event's next argument <em>by position</em>, converted by Jackson to
 * its declared type. The return value answers the client's acknowledgement callback, when
 * it asked for one.
 *
 * <pre>{@code
 * &#64;SocketEvent("message")
 * Receipt message(ChatMessage message, Socket socket) {
 *     socket.to(message.room()).emit("message", message);
 *     return new Receipt(message.id());
 * }
 * }</pre>
 *
 * @see SocketNamespace
 * @see dev.realtime.socketio.spring.annotation.support.SocketAnnotationConfigurer
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SocketEvent {

	/**
	 * The event name; the reserved names ({@code connect}, {@code disconnect}…) are
	 * refused.
	 */
	String value();

	/**
	 * A fixed namespace for this method, overriding the class's {@link SocketNamespace};
	 * empty for the class's namespace.
	 */
	String namespace() default "";

}
