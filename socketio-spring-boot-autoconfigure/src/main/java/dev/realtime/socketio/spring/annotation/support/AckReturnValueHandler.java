package dev.realtime.socketio.spring.annotation.support;

import dev.realtime.socketio.server.Ack;
import dev.realtime.socketio.spring.annotation.AckValues;
import dev.realtime.socketio.spring.handler.SocketInvocation;
import dev.realtime.socketio.spring.handler.SocketReturnValueHandler;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;

/**
 * The last return value handler, for any type: sends the value as the acknowledgement
 * when the client asked for one; {@link AckValues} and {@code Object[]} as several
 * arguments.
 */
final class AckReturnValueHandler implements SocketReturnValueHandler {

	@Override
	public boolean supportsReturnType(MethodParameter returnType) {
		return true;
	}

	@Override
	public void handleReturnValue(@Nullable Object returnValue, MethodParameter returnType,
			SocketInvocation invocation) {
		send(invocation.ack(), returnValue);
	}

	/** Sends a value as the answer, if the client asked for one. */
	static void send(@Nullable Ack ack, @Nullable Object value) {
		if (ack == null) {
			return;
		}
		if (value instanceof AckValues values) {
			ack.send(values.toArray());
		}
		else if (value instanceof Object[] values) {
			ack.send(values);
		}
		else {
			ack.send(value);
		}
	}

}
