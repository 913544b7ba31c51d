package dev.realtime.socketio.spring.security;

import java.util.Map;

import dev.realtime.socketio.server.Middleware;
import dev.realtime.socketio.server.Socket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Authenticates a namespace CONNECT from its {@code auth} payload: the converter reads
 * the credentials, the application's {@link AuthenticationManager} checks them, and the
 * result becomes the socket's principal. A payload without credentials leaves the
 * handshake's principal. A failure refuses the CONNECT with one of the
 * {@link SocketSecurityErrors} shapes; the exception itself is only logged.
 *
 * <p>
 * Middlewares run on the connection's ordered executor, so a blocking manager (or a
 * reactive one adapted by blocking) holds no I/O thread.
 */
public final class SocketAuthenticationMiddleware implements Middleware {

	private static final Log logger = LogFactory.getLog(SocketAuthenticationMiddleware.class);

	private final SocketAuthenticationConverter converter;

	private final AuthenticationManager authenticationManager;

	private final SocketSecurityCounters metrics;

	public SocketAuthenticationMiddleware(SocketAuthenticationConverter converter,
			AuthenticationManager authenticationManager, SocketSecurityCounters metrics) {
		this.converter = converter;
		this.authenticationManager = authenticationManager;
		this.metrics = metrics;
	}

	@Override
	public void handle(Socket socket) {
		Map<String, Object> auth = socket.handshake().auth();
		Authentication request = null;
		try {
			request = converter.convert(auth);
			if (request == null) {
				return;
			}
			Authentication result = authenticationManager.authenticate(request);
			if (result == null || !result.isAuthenticated()) {
				throw new BadCredentialsException("not authenticated");
			}
			socket.setPrincipal(result);
		}
		catch (AuthenticationException ex) {
			metrics.authenticationFailed();
			logger.debug("Refused the CONNECT of " + socket.id() + " to " + socket.namespace().name()
					+ ": authentication failed", ex);
			throw SocketSecurityErrors.authenticationFailed(ex, request);
		}
		catch (RuntimeException ex) {
			// a broken manager or a timeout: the client learns nothing of it
			metrics.authenticationFailed();
			logger.warn("Refused the CONNECT of " + socket.id() + " to " + socket.namespace().name()
					+ ": the authentication failed unexpectedly", ex);
			throw SocketSecurityErrors.authenticationUnavailable();
		}
	}

}
