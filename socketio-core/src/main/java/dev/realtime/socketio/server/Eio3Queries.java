package dev.realtime.socketio.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The query string a socket.io-client 2.x puts after a namespace's name in its CONNECT
 * ({@code 0/chat?token=abc,}), read as Node's {@code querystring} reads it: what a v5
 * client sends as its {@code auth} payload.
 */
final class Eio3Queries {

	/** Most parameters read from one query (as Node's {@code querystring}). */
	private static final int MAX_PARAMETERS = 1000;

	private Eio3Queries() {
	}

	/**
	 * The parameters as a JSON object of strings; a name given more than once holds an
	 * array of its values. A value that does not decode is kept as it came.
	 */
	static JsonNode parse(ObjectMapper mapper, String query) {
		ObjectNode parameters = mapper.createObjectNode();
		int count = 0;
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			if (++count > MAX_PARAMETERS) {
				break;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
			JsonNode existing = parameters.get(name);
			if (existing == null) {
				parameters.put(name, value);
			}
			else if (existing instanceof ArrayNode values) {
				values.add(value);
			}
			else {
				ArrayNode values = parameters.putArray(name);
				values.add(existing);
				values.add(value);
			}
		}
		return parameters;
	}

	private static String decode(String text) {
		try {
			return URLDecoder.decode(text, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return text;
		}
	}

}
