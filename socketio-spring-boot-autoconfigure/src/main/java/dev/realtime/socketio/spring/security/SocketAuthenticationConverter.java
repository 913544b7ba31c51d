package dev.realtime.socketio.spring.security;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;

/**
 * Turns the {@code auth} payload of a namespace CONNECT into an unauthenticated
 * {@link Authentication} request for the application's {@code AuthenticationManager},
 * like Spring Security's {@code AuthenticationConverter} does for an HTTP request.
 * Declared as a bean; when Spring Security's resource server is on the classpath and the
 * application declares none, {@link BearerTokenSocketAuthenticationConverter} reads
 * {@code auth.token}.
 *
 * <pre>{@code
 * &#64;Bean
 * SocketAuthenticationConverter apiKeys() {
 *     return auth -> (auth.get("apiKey") instanceof String key) ? new ApiKeyAuthentication(key) : null;
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SocketAuthenticationConverter {

	/**
	 * The credentials the payload carries, or {@code null} when it carries none: the
	 * socket then keeps the principal of its handshake request.
	 * @throws org.springframework.security.core.AuthenticationException when the payload
	 * carries malformed credentials (the CONNECT is refused)
	 */
	@Nullable Authentication convert(Map<String, Object> auth);

}
