package dev.realtime.socketio.spring.annotation.support;

import java.util.List;
import java.util.Set;

import dev.realtime.socketio.spring.handler.SocketPayloadValidationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.validation.annotation.Validated;

/**
 * Validates payload arguments annotated with {@link Valid} (or Spring's
 * {@link Validated}, whose groups apply) with a Jakarta {@link Validator}: violations
 * throw a {@link SocketPayloadValidationException} (caused by the
 * {@link ConstraintViolationException}), which the exception handlers see like any other.
 * Only loaded when Jakarta Validation is on the classpath.
 */
final class JakartaPayloadValidator implements PayloadValidator {

	private final Validator validator;

	JakartaPayloadValidator(Validator validator) {
		this.validator = validator;
	}

	/** Whether the parameter asks for validation. */
	static boolean isValidated(MethodParameter parameter) {
		return parameter.hasParameterAnnotation(Valid.class)
				|| AnnotationUtils.findAnnotation(parameter.getParameter(), Validated.class) != null;
	}

	@Override
	public void validate(MethodParameter parameter, int position, Object value) {
		if (!isValidated(parameter)) {
			return;
		}
		Validated validated = AnnotationUtils.findAnnotation(parameter.getParameter(), Validated.class);
		Class<?>[] groups = (validated != null) ? validated.value() : new Class<?>[0];
		Set<ConstraintViolation<Object>> violations = validator.validate(value, groups);
		if (!violations.isEmpty()) {
			List<String> errors = violations.stream().map(JakartaPayloadValidator::describe).sorted().toList();
			throw new SocketPayloadValidationException(position, parameter.getParameterName(), errors,
					new ConstraintViolationException(violations));
		}
	}

	/**
	 * The property path and the constraint's message: user-facing text, no class name.
	 */
	private static String describe(ConstraintViolation<?> violation) {
		String path = violation.getPropertyPath().toString();
		return path.isEmpty() ? violation.getMessage() : path + " " + violation.getMessage();
	}

}
