package dev.realtime.socketio.spring.handler;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Resolves a parameter of annotated handler methods. Beans of this type (or resolvers
 * added with {@code SocketAnnotationConfigurer.addArgumentResolver}) are asked after the
 * built-in resolvers, in {@code @Order}, and before the payload arguments are bound by
 * position: a parameter a resolver supports takes no position. The whole order is in the
 * Javadoc of
 * {@code dev.realtime.socketio.spring.annotation.support.SocketAnnotationConfigurer},
 * which applies it.
 *
 * <pre>{@code
 * &#64;Component
 * class TenantResolver implements SocketArgumentResolver {
 *     public boolean supportsParameter(MethodParameter parameter) {
 *         return parameter.getParameterType() == Tenant.class;
 *     }
 *     public Object resolveArgument(MethodParameter parameter, SocketInvocation invocation) {
 *         return Tenant.of(invocation.socket().handshake().header("X-Tenant"));
 *     }
 * }
 * }</pre>
 */
public interface SocketArgumentResolver {

	/**
	 * Whether this resolver supplies the parameter; asked once per parameter at startup.
	 */
	boolean supportsParameter(MethodParameter parameter);

	/**
	 * The value for the parameter in this call; an exception goes to the exception
	 * handlers.
	 */
	@Nullable Object resolveArgument(MethodParameter parameter, SocketInvocation invocation) throws Exception;

}
