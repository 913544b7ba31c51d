package dev.realtime.socketio.spring.annotation.support;

import java.nio.ByteBuffer;

import dev.realtime.socketio.server.EventArgs;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.NullNode;

/**
 * A payload parameter: the event argument at its position, converted by Jackson to the declared
 * generic type ({@code List<Item>} included), then validated. Binary arguments bind to
 * {@code byte[]} and {@code ByteBuffer}; a missing argument is {@code null} (a primitive's default
 * is left to Jackson).
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

	int position() {
		return position;
	}

	@Nullable Object resolve(SocketInvocation invocation) {
		EventArgs args = invocation.args();
		JsonNode node = (args != null && position < args.size()) ? args.get(position) : NullNode.getInstance();
		Object value = convert(node);
		if (value != null) {
			validator.validate(parameter, value);
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
}
