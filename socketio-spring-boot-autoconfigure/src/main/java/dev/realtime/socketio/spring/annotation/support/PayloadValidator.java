package dev.realtime.socketio.spring.annotation.support;

import org.springframework.core.MethodParameter;

/** Validates a payload argument once it is converted; throws when it is invalid. */
@FunctionalInterface
interface PayloadValidator {

	/** Validates nothing, when no validator is available. */
	PayloadValidator NONE = (parameter, value) -> {
	};

	void validate(MethodParameter parameter, Object value);
}
