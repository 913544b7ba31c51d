package dev.realtime.socketio.spring.annotation.support;

import dev.realtime.socketio.spring.handler.SocketPayloadValidationException;
import org.springframework.core.MethodParameter;

/** Validates a payload argument once it is converted. */
@FunctionalInterface
interface PayloadValidator {

	/** Validates nothing, when no validator is available. */
	PayloadValidator NONE = (parameter, position, value) -> {
	};

	/**
	 * @param position the event argument's position, for the message
	 * @throws SocketPayloadValidationException when the value violates its constraints
	 */
	void validate(MethodParameter parameter, int position, Object value);

}
