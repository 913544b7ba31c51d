package dev.realtime.socketio.spring.security;

import java.util.Map;

import dev.realtime.socketio.server.ConnectionRefusedException;
import dev.realtime.socketio.spring.handler.ErrorAck;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.util.ClassUtils;

/**
 * What clients see when security refuses them: stable codes, never an exception's
 * message.
 *
 * <table>
 * <caption>Refusals</caption>
 * <tr>
 * <th>When</th>
 * <th>The client gets</th>
 * </tr>
 * <tr>
 * <td>the {@code auth} payload's token is rejected</td>
 * <td>CONNECT_ERROR
 * {@code {"message":"unauthorized","data":{"code":"invalid_token"}}}</td>
 * </tr>
 * <tr>
 * <td>other credentials of the payload are rejected</td>
 * <td>CONNECT_ERROR
 * {@code {"message":"unauthorized","data":{"code":"bad_credentials"}}}</td>
 * </tr>
 * <tr>
 * <td>the authentication service failed (token issuer unreachable…)</td>
 * <td>CONNECT_ERROR
 * {@code {"message":"unauthorized","data":{"code":"authentication_unavailable"}}}</td>
 * </tr>
 * <tr>
 * <td>the rules refuse the namespace to an anonymous user</td>
 * <td>CONNECT_ERROR
 * {@code {"message":"unauthorized","data":{"code":"authentication_required"}}}</td>
 * </tr>
 * <tr>
 * <td>the rules refuse the namespace to an authenticated user</td>
 * <td>CONNECT_ERROR {@code {"message":"forbidden","data":{"code":"access_denied"}}}</td>
 * </tr>
 * <tr>
 * <td>the rules (or {@code @PreAuthorize}) refuse an event</td>
 * <td>the acknowledgement, when the client asked for one:
 * {@code {"error":"forbidden","message":"Access denied"}}; nothing otherwise</td>
 * </tr>
 * <tr>
 * <td>another user's request on an engine session</td>
 * <td>HTTP 403</td>
 * </tr>
 * </table>
 */
public final class SocketSecurityErrors {

	/** {@code message} of a CONNECT_ERROR for missing or rejected credentials. */
	public static final String UNAUTHORIZED = "unauthorized";

	/** {@code message} of a CONNECT_ERROR for an authenticated user the rules refuse. */
	public static final String FORBIDDEN = "forbidden";

	/** The acknowledgement of a refused event. */
	public static final ErrorAck FORBIDDEN_ACK = new ErrorAck("forbidden", "Access denied");

	private SocketSecurityErrors() {
	}

	/** The refusal of a CONNECT whose credentials failed to authenticate. */
	public static ConnectionRefusedException authenticationFailed(AuthenticationException failure,
			@Nullable Authentication request) {
		String code;
		if (failure instanceof AuthenticationServiceException) {
			code = "authentication_unavailable";
		}
		else if (OAuth2.isToken(failure, request)) {
			code = "invalid_token";
		}
		else {
			code = "bad_credentials";
		}
		return unauthorized(code);
	}

	/** The refusal of a CONNECT the authentication service could not decide. */
	public static ConnectionRefusedException authenticationUnavailable() {
		return unauthorized("authentication_unavailable");
	}

	/**
	 * The refusal of a CONNECT the rules deny, depending on whether the user is
	 * authenticated.
	 */
	public static ConnectionRefusedException accessDenied(boolean anonymous) {
		return anonymous ? unauthorized("authentication_required")
				: new ConnectionRefusedException(FORBIDDEN, Map.of("code", "access_denied"));
	}

	private static ConnectionRefusedException unauthorized(String code) {
		return new ConnectionRefusedException(UNAUTHORIZED, Map.of("code", code));
	}

	/**
	 * Kept apart so that the OAuth2 classes are only loaded when they are on the
	 * classpath.
	 */
	private static final class OAuth2 {

		private static final boolean corePresent = ClassUtils.isPresent(
				"org.springframework.security.oauth2.core.OAuth2AuthenticationException",
				OAuth2.class.getClassLoader());

		private static final boolean resourceServerPresent = ClassUtils.isPresent(
				"org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken",
				OAuth2.class.getClassLoader());

		static boolean isToken(AuthenticationException failure, @Nullable Authentication request) {
			return (corePresent && Types.isOAuth2(failure)) || (resourceServerPresent && Types.isBearerToken(request));
		}

	}

	private static final class Types {

		static boolean isOAuth2(AuthenticationException failure) {
			return failure instanceof OAuth2AuthenticationException;
		}

		static boolean isBearerToken(@Nullable Authentication request) {
			return request instanceof BearerTokenAuthenticationToken;
		}

	}

}
