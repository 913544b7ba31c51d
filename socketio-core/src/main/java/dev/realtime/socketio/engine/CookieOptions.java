package dev.realtime.socketio.engine;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The optional sticky-session cookie set on the handshake, like Node's {@code cookie}
 * option: {@code Set-Cookie: io=<sid>; Path=/; HttpOnly; SameSite=Lax} by default.
 *
 * @param name cookie name
 * @param path cookie path
 * @param httpOnly whether the cookie is hidden from scripts
 * @param sameSite SameSite attribute, or {@code null} to leave it out
 * @param secure whether the cookie is only sent over TLS
 * @param maxAge lifetime, or {@code null} for a session cookie
 */
public record CookieOptions(String name, String path, boolean httpOnly, @Nullable String sameSite, boolean secure,
		@Nullable Duration maxAge) {

	/** Node's defaults: {@code io}, path {@code /}, HttpOnly, SameSite=Lax. */
	public static CookieOptions defaults() {
		return new CookieOptions("io", "/", true, "Lax", false, null);
	}

	/** The {@code Set-Cookie} header value for a session id. */
	public String headerValue(String sessionId) {
		StringBuilder value = new StringBuilder(name).append('=').append(sessionId).append("; Path=").append(path);
		if (maxAge != null) {
			value.append("; Max-Age=").append(maxAge.toSeconds());
		}
		if (httpOnly) {
			value.append("; HttpOnly");
		}
		if (secure) {
			value.append("; Secure");
		}
		if (sameSite != null) {
			value.append("; SameSite=").append(sameSite);
		}
		return value.toString();
	}
}
