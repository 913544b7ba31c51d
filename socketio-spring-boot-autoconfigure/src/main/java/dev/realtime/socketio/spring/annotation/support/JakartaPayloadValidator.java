package dev.realtime.socketio.spring.annotation.support;

import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.validation.annotation.Validated;

/**
 * Validates payload arguments annotated with {@link Valid} (or Spring's {@link Validated}, whose
 * groups apply) with a Jakarta {@link Validator}: violations throw a
 * {@link ConstraintViolationException}, which the exception handlers see like any other. Only loaded
 * when Jakarta Validation is on the classpath.
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
	public void validate(MethodParameter parameter, Object value) {
		if (!isValidated(parameter)) {
			return;
		}
		Validated validated = AnnotationUtils.findAnnotation(parameter.getParameter(), Validated.class);
		Class<?>[] groups = (validated != null) ? validated.value() : new Class<?>[0];
		Set<ConstraintViolation<Object>> violations = validator.validate(value, groups);
		if (!violations.isEmpty()) {
			throw new ConstraintViolationException(violations);
		}
	}
}
