package dev.realtime.socketio.test;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;

/**
 * Why the server refused a connection: the {@code message} of its CONNECT_ERROR and the
 * {@code data} a middleware attached, or the transport's error.
 *
 * @param message the error message
 * @param data the error's data, {@code null} when it has none
 */
public record ConnectError(String message, @Nullable JsonNode data) {

	@Override
	public String toString() {
		return "\"" + this.message + "\"" + ((this.data != null) ? " with data " + JsonBridge.brief(this.data) : "");
	}
}
