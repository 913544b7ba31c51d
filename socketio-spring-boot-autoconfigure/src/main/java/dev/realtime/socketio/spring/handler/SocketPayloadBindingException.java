package dev.realtime.socketio.spring.handler;

import org.jspecify.annotations.Nullable;

/**
 * An event argument does not convert to the declared type of its payload parameter (a
 * string where a number is expected, an unknown property…). The message says which
 * argument, where in it and what was expected, e.g.
 * {@code argument 1 (items) at [0].quantity: expected a number}; the cause is Jackson's
 * exception, for logs only.
 *
 * @see SocketPayloadException
 */
public class SocketPayloadBindingException extends SocketPayloadException {

	public SocketPayloadBindingException(int argumentIndex, @Nullable String parameterName, @Nullable String path,
			String problem, @Nullable Throwable cause) {
		super(argumentIndex, parameterName, path, problem, cause);
	}

}
