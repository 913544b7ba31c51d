package dev.realtime.socketio.spring.security;

import java.security.Principal;
import java.util.List;

import dev.realtime.socketio.server.Socket;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;

/**
 * The {@link Authentication} a socket acts with: its principal (authenticated from the
 * CONNECT payload, else the handshake request's) when it is one; a principal some other
 * mechanism authenticated, as an authenticated token without authorities; otherwise an
 * anonymous token, as Spring Security's messaging support does, so that
 * {@code authenticated()} and {@code isAnonymous()} answer as they do for HTTP.
 */
public final class SocketAuthentications {

	private static final AnonymousAuthenticationToken ANONYMOUS = new AnonymousAuthenticationToken("socketio",
			"anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

	private static final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private SocketAuthentications() {
	}

	/** The authentication of the socket's user, never {@code null}. */
	public static Authentication of(Socket socket) {
		Principal principal = socket.principal();
		if (principal instanceof Authentication authentication) {
			return authentication;
		}
		if (principal != null) {
			return UsernamePasswordAuthenticationToken.authenticated(principal, null, List.of());
		}
		return ANONYMOUS;
	}

	/** Whether the socket's user is anonymous (nobody authenticated it). */
	public static boolean isAnonymous(Socket socket) {
		Authentication authentication = of(socket);
		return trustResolver.isAnonymous(authentication) || !authentication.isAuthenticated();
	}

}
