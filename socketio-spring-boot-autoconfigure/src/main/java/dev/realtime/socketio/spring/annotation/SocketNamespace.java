package dev.realtime.socketio.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The namespace of a handler bean's {@link SocketEvent}, {@link OnConnect} and
 * {@link OnDisconnect} methods: a fixed name, or a regular expression for dynamic
 * namespaces (every matching name becomes a namespace on first connection). Without it,
 * the main namespace {@code "/"}.
 *
 * <p>
 * Also qualifies a {@code Middleware} bean (on its class or {@code @Bean} method): the
 * middleware then guards this namespace instead of the main one.
 *
 * <pre>{@code
 * &#64;SocketNamespace("/chat")

 * &#64;Component
 * class ChatHandler { … }
 *
 * &#64;SocketNamespace(pattern = "^/workspace-\\d+$")
 *
&#64;Component
 * class WorkspaceHandler { … }
 * }</pre>
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface SocketNamespace {

	/**
	 * A fixed namespace name such as {@code "/chat"} (the leading slash may be left out).
	 */
	String value() default "";

	/**
	 * A regular expression the whole namespace name must match (e.g.
	 * {@code "^/workspace-\\d+$"}); exclusive with {@link #value()}.
	 */
	String pattern() default "";

}
