package dev.realtime.socketio.spring.annotation.support;

import dev.realtime.socketio.spring.handler.SocketArgumentResolver;
import dev.realtime.socketio.spring.handler.SocketInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Resolves the exception parameter of {@code @SocketExceptionHandler} methods: the
 * exception being handled when it is of the declared type, else {@code null}.
 */
final class ExceptionArgumentResolver implements SocketArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return Throwable.class.isAssignableFrom(parameter.getParameterType());
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, SocketInvocation invocation) {
		Throwable exception = invocation.exception();
		return parameter.getParameterType().isInstance(exception) ? exception : null;
	}

}
