package dev.realtime.socketio.engine.spi;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The server's answer before a WebSocket handshake: accept it (the binding completes the
 * 101 and calls {@code EngineServer.onWebSocketOpen}) or reject it with a plain HTTP
 * response before any upgrade happens.
 *
 * @param rejection the response to write instead of upgrading, or {@code null} to accept
 * @param responseHeaders headers to add to the 101 response when accepted (for example
 * the {@code io} cookie)
 */
public record UpgradeDecision(@Nullable HttpResponse rejection, Map<String, String> responseHeaders) {

	public static UpgradeDecision accept(Map<String, String> responseHeaders) {
		return new UpgradeDecision(null, responseHeaders);
	}

	public static UpgradeDecision reject(HttpResponse response) {
		return new UpgradeDecision(response, Map.of());
	}

	public boolean accepted() {
		return rejection == null;
	}
}
