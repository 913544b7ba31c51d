package dev.realtime.socketio.engine.transport;

/** The Engine.IO request error table: Node's codes, messages and HTTP statuses. */
public enum EngineError {

	TRANSPORT_UNKNOWN(0, "Transport unknown", 400), UNKNOWN_SID(1, "Session ID unknown", 400),
	BAD_HANDSHAKE_METHOD(2, "Bad handshake method", 400), BAD_REQUEST(3, "Bad request", 400),
	FORBIDDEN(4, "Forbidden", 403), UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version", 400);

	private final int code;

	private final String message;

	private final int status;

	EngineError(int code, String message, int status) {
		this.code = code;
		this.message = message;
		this.status = status;
	}

	public int code() {
		return code;
	}

	public String message() {
		return message;
	}

	public int status() {
		return status;
	}

	/** The JSON body of a polling error response. */
	public String json() {
		return json(message);
	}

	/**
	 * The JSON body of a polling error response with another message (a request gate's
	 * own, as Node answers a refused {@code allowRequest}).
	 */
	public String json(String message) {
		StringBuilder json = new StringBuilder(message.length() + 32).append("{\"code\":")
			.append(code)
			.append(",\"message\":\"");
		for (int i = 0; i < message.length(); i++) {
			char c = message.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append("\"}").toString();
	}

}
