package dev.realtime.socketio.spring.annotation.support;

import dev.realtime.socketio.server.Ack;
import dev.realtime.socketio.spring.handler.SocketArgumentResolver;
import dev.realtime.socketio.spring.handler.SocketInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Resolves {@link Ack} parameters: the client's callback, {@code null} when it asked for
 * none, for answering later (only the first answer is sent).
 */
final class AckArgumentResolver implements SocketArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return Ack.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, SocketInvocation invocation) {
		return invocation.ack();
	}

}
