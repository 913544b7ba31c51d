package dev.realtime.socketio.spring.handler;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A {@code @Valid} (or {@code @Validated}) payload argument violates its constraints. The
 * message names the argument and lists each violation as property path and constraint
 * message, e.g. {@code argument 0 (message): text must not be blank}; the cause is the
 * Jakarta {@code ConstraintViolationException}, so an exception handler of that type
 * still matches.
 *
 * @see SocketPayloadException
 */
public class SocketPayloadValidationException extends SocketPayloadException {

	private final List<String> errors;

	/**
	 * @param errors one sentence per violation, in a stable order
	 */
	public SocketPayloadValidationException(int argumentIndex, @Nullable String parameterName, List<String> errors,
			@Nullable Throwable cause) {
		super(argumentIndex, parameterName, null, String.join("; ", errors), cause);
		this.errors = List.copyOf(errors);
	}

	/** One sentence per violation: the property path, then the constraint's message. */
	public List<String> getErrors() {
		return errors;
	}

}
