package dev.realtime.socketio.spring.annotation;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Several acknowledgement arguments returned by a handler method: the client's callback
 * gets them as separate arguments ({@code callback(a, b)}). Returning an {@code Object[]}
 * does the same.
 *
 * <pre>{@code
 * &#64;SocketEvent("divide")
 * AckValues divide(int a, int b) {
 *     return AckValues.of(a / b, a % b);
 * }
 * }</pre>
 *
 * @param values the arguments, in order
 */
public record AckValues(List<@Nullable Object> values) {

	public AckValues {
		values = Collections.unmodifiableList(Arrays.asList(values.toArray()));
	}

	/** The given arguments, in order ({@code null} allowed). */
	public static AckValues of(@Nullable Object... values) {
		return new AckValues(Arrays.asList(values));
	}

	/** The arguments as an array, ready for {@code Ack.send}. */
	public Object[] toArray() {
		return values.toArray();
	}
}
