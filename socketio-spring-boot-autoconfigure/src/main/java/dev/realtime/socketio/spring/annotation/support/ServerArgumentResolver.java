package dev.realtime.socketio.spring.annotation.support;

import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.handler.SocketArgumentResolver;
import dev.realtime.socketio.spring.handler.SocketInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/** Resolves {@link SocketIoServer} parameters. */
final class ServerArgumentResolver implements SocketArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return SocketIoServer.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, SocketInvocation invocation) {
		return invocation.socket().server();
	}

}
