package dev.realtime.socketio.spring.annotation.support;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.realtime.socketio.server.EventArgs;
import dev.realtime.socketio.spring.handler.SocketInvocation;
import dev.realtime.socketio.spring.handler.SocketPayloadBindingException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.util.ClassUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;
import tools.jackson.databind.node.NullNode;

/**
 * A payload parameter: the event argument at its position, converted by Jackson to the
 * declared generic type ({@code List<Item>} included), then validated. Binary arguments
 * bind to {@code byte[]} and {@code ByteBuffer}; a missing argument is {@code null} (a
 * primitive's default is left to Jackson). An argument that does not convert is a
 * {@link SocketPayloadBindingException} whose message says where and what was expected,
 * without naming a class.
 */
final class PayloadArgument {

	private final MethodParameter parameter;

	private final int position;

	private final JavaType type;

	private final ObjectMapper mapper;

	private final PayloadValidator validator;

	PayloadArgument(MethodParameter parameter, int position, ObjectMapper mapper, PayloadValidator validator) {
		this.parameter = parameter;
		this.position = position;
		this.mapper = mapper;
		this.type = mapper.constructType(parameter.getGenericParameterType());
		this.validator = validator;
	}

	@Nullable Object resolve(SocketInvocation invocation) {
		EventArgs args = invocation.args();
		JsonNode node = (args != null && position < args.size()) ? args.get(position) : NullNode.getInstance();
		Object value;
		try {
			value = convert(node);
		}
		catch (JacksonException ex) {
			throw new SocketPayloadBindingException(position, parameter.getParameterName(), path(ex), problem(ex), ex);
		}
		if (value != null) {
			validator.validate(parameter, position, value);
		}
		return value;
	}

	private @Nullable Object convert(JsonNode node) {
		Class<?> raw = type.getRawClass();
		if (raw.isInstance(node)) {
			return node;
		}
		if (node.isNull() && !raw.isPrimitive()) {
			return null;
		}
		if (node.isBinary() && raw == byte[].class) {
			return node.binaryValue();
		}
		if (node.isBinary() && raw == ByteBuffer.class) {
			return ByteBuffer.wrap(node.binaryValue());
		}
		return mapper.treeToValue(node, type);
	}

	/** Where in the argument the problem is, in JSON terms: {@code items[0].quantity}. */
	private static String path(JacksonException ex) {
		List<JacksonException.Reference> references = ex.getPath();
		if (ex instanceof PropertyBindingException && !references.isEmpty()) {
			// the path ends with the unknown property itself, which the problem names
			references = references.subList(0, references.size() - 1);
		}
		return path(references);
	}

	/** What went wrong, in the client's terms (JSON, not Java). */
	private static String problem(JacksonException ex) {
		if (ex instanceof PropertyBindingException unknown) {
			return "unknown property \"" + unknown.getPropertyName() + "\"";
		}
		if (ex instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
			return "expected " + jsonKind(mismatch.getTargetType());
		}
		return "invalid value";
	}

	private static String path(List<JacksonException.Reference> references) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : references) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String jsonKind(Class<?> type) {
		Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(type);
		if (Number.class.isAssignableFrom(boxed)) {
			return "a number";
		}
		if (boxed == Boolean.class) {
			return "a boolean";
		}
		if (type.isEnum()) {
			return "one of "
					+ Arrays.stream(type.getEnumConstants()).map((constant) -> ((Enum<?>) constant).name()).toList();
		}
		if (CharSequence.class.isAssignableFrom(boxed) || boxed == Character.class) {
			return "a string";
		}
		if (type.isArray() || Collection.class.isAssignableFrom(type)) {
			return "an array";
		}
		if (Map.class.isAssignableFrom(type) || !ClassUtils.isSimpleValueType(type)) {
			return "an object";
		}
		return "a valid value";
	}

}
