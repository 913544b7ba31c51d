package dev.realtime.socketio.spring.annotation.support;

import dev.realtime.socketio.server.Namespace;
import dev.realtime.socketio.spring.handler.SocketArgumentResolver;
import dev.realtime.socketio.spring.handler.SocketInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Resolves {@link Namespace} parameters: the socket's namespace (the child, for dynamic
 * namespaces).
 */
final class NamespaceArgumentResolver implements SocketArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return Namespace.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, SocketInvocation invocation) {
		return invocation.socket().namespace();
	}

}
