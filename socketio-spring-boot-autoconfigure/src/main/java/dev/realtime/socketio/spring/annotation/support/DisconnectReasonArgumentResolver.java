package dev.realtime.socketio.spring.annotation.support;

import dev.realtime.socketio.server.DisconnectReason;
import dev.realtime.socketio.spring.handler.SocketArgumentResolver;
import dev.realtime.socketio.spring.handler.SocketInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Resolves {@link DisconnectReason} parameters: why the socket left, {@code null} outside
 * {@code @OnDisconnect} methods.
 */
final class DisconnectReasonArgumentResolver implements SocketArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return DisconnectReason.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, SocketInvocation invocation) {
		return invocation.reason();
	}

}
