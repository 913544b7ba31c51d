package dev.realtime.socketio.spring.annotation.support;

import dev.realtime.socketio.server.Socket;
import dev.realtime.socketio.spring.handler.SocketArgumentResolver;
import dev.realtime.socketio.spring.handler.SocketInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/** Resolves {@link Socket} parameters: the socket the call concerns. */
final class CurrentSocketArgumentResolver implements SocketArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return Socket.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, SocketInvocation invocation) {
		return invocation.socket();
	}

}
