package dev.realtime.socketio.spring.security;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Reads a bearer token from {@code auth.token} (a {@code "Bearer "} prefix is accepted
 * and removed), for the JWT or opaque token support of Spring Security's resource server.
 *
 * <pre>{@code
 * const socket = io("/chat", { auth: { token: accessToken } });
 * }</pre>
 */
public final class BearerTokenSocketAuthenticationConverter implements SocketAuthenticationConverter {

	/** Key of the token in the {@code auth} payload. */
	public static final String TOKEN_KEY = "token";

	private static final String BEARER_PREFIX = "bearer ";

	@Override
	public @Nullable Authentication convert(Map<String, Object> auth) {
		Object value = auth.get(TOKEN_KEY);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text)) {
			throw invalid("the token is not a string");
		}
		String token = text.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())
				? text.substring(BEARER_PREFIX.length()) : text;
		if (token.isBlank()) {
			throw invalid("the token is empty");
		}
		return new BearerTokenAuthenticationToken(token.strip());
	}

	private static OAuth2AuthenticationException invalid(String description) {
		BearerTokenError error = BearerTokenErrors.invalidToken(description);
		return new OAuth2AuthenticationException(error);
	}

}
