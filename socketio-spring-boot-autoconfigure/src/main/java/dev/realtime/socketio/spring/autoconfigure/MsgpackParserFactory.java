package dev.realtime.socketio.spring.autoconfigure;

import dev.realtime.socketio.msgpack.MsgpackPacketParser;
import dev.realtime.socketio.protocol.PacketParser;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.ObjectMapper;

/**
 * Builds the parser {@code socketio.parser.format=msgpack} asks for; the only class that
 * touches the optional {@code socketio-msgpack} module, loaded only when that property is
 * set.
 */
final class MsgpackParserFactory {

	private static final String PARSER_CLASS = "dev.realtime.socketio.msgpack.MsgpackPacketParser";

	private MsgpackParserFactory() {
	}

	static PacketParser create(@Nullable ObjectMapper mapper) {
		if (!ClassUtils.isPresent(PARSER_CLASS, null)) {
			throw new IllegalStateException(
					"socketio.parser.format=msgpack needs the dev.realtime:socketio-msgpack module on the "
							+ "classpath: add it as a dependency, or remove the property to use the JSON parser");
		}
		return Msgpack.parser(mapper);
	}

	/**
	 * Kept apart so that its references to the module load only once the module is known
	 * to be there.
	 */
	private static final class Msgpack {

		static PacketParser parser(@Nullable ObjectMapper mapper) {
			return (mapper != null) ? new MsgpackPacketParser(mapper) : new MsgpackPacketParser();
		}

	}

}
