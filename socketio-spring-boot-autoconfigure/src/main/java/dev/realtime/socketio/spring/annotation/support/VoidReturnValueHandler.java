package dev.realtime.socketio.spring.annotation.support;

import dev.realtime.socketio.spring.handler.SocketInvocation;
import dev.realtime.socketio.spring.handler.SocketReturnValueHandler;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * Methods that declare no value ({@code void}, {@code Void}, {@code Mono<Void>},
 * {@code CompletableFuture<Void>}) send no answer: an {@code Ack} parameter answers if
 * need be.
 */
final class VoidReturnValueHandler implements SocketReturnValueHandler {

	@Override
	public boolean supportsReturnType(MethodParameter returnType) {
		Class<?> type = returnType.getNestedParameterType();
		return type == void.class || type == Void.class;
	}

	@Override
	public void handleReturnValue(@Nullable Object returnValue, MethodParameter returnType,
			SocketInvocation invocation) {
	}

}
