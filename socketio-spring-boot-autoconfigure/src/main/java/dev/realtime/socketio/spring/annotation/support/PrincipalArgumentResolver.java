package dev.realtime.socketio.spring.annotation.support;

import java.security.Principal;

import dev.realtime.socketio.spring.handler.SocketArgumentResolver;
import dev.realtime.socketio.spring.handler.SocketInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Resolves {@link Principal} parameters (and subtypes such as Spring Security's
 * {@code Authentication}) to the socket's principal: the one authenticated from the
 * CONNECT payload, else the one the web stack authenticated for the handshake request;
 * {@code null} when there is none or it is not of the declared type.
 */
final class PrincipalArgumentResolver implements SocketArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return Principal.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, SocketInvocation invocation) {
		Principal principal = invocation.socket().principal();
		return parameter.getParameterType().isInstance(principal) ? principal : null;
	}

}
