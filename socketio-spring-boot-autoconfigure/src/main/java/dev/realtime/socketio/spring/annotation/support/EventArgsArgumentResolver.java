package dev.realtime.socketio.spring.annotation.support;

import dev.realtime.socketio.server.EventArgs;
import dev.realtime.socketio.spring.handler.SocketArgumentResolver;
import dev.realtime.socketio.spring.handler.SocketInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Resolves {@link EventArgs} parameters: all the event's arguments as received,
 * {@code null} outside event methods.
 */
final class EventArgsArgumentResolver implements SocketArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return EventArgs.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, SocketInvocation invocation) {
		return invocation.args();
	}

}
