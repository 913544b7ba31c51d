package dev.realtime.socketio.spring.handler;

import org.jspecify.annotations.Nullable;

/**
 * A client sent an event payload that a handler method cannot take: the client's error,
 * not the server's. Unless a {@code @SocketExceptionHandler} method handles it, the
 * client's acknowledgement is answered with {@link ErrorAck#badRequest(String)} carrying
 * {@link #getMessage()}, and one line is logged at DEBUG, as Spring MVC does for a 400.
 *
 * <p>
 * The message is safe to send to the client: it names the argument (position and
 * parameter name) and says what is wrong with it, never a class name or a server-side
 * detail. The cause, if any, holds the details, for logs only.
 *
 * @see SocketPayloadBindingException
 * @see SocketPayloadValidationException
 */
public abstract class SocketPayloadException extends RuntimeException {

	private final int argumentIndex;

	private final @Nullable String parameterName;

	/**
	 * @param path where in the argument the problem is ({@code items[0].quantity}), or
	 * {@code null}
	 * @param problem what is wrong, in the client's terms
	 */
	protected SocketPayloadException(int argumentIndex, @Nullable String parameterName, @Nullable String path,
			String problem, @Nullable Throwable cause) {
		super(describe(argumentIndex, parameterName) + ((path != null && !path.isEmpty()) ? " at " + path : "") + ": "
				+ problem, cause);
		this.argumentIndex = argumentIndex;
		this.parameterName = parameterName;
	}

	/**
	 * The position of the event argument, {@code 0} for the first one after the event
	 * name.
	 */
	public int getArgumentIndex() {
		return argumentIndex;
	}

	/** The name of the method parameter, or {@code null} when it is not known. */
	public @Nullable String getParameterName() {
		return parameterName;
	}

	private static String describe(int argumentIndex, @Nullable String parameterName) {
		return (parameterName != null) ? "argument " + argumentIndex + " (" + parameterName + ")"
				: "argument " + argumentIndex;
	}

}
