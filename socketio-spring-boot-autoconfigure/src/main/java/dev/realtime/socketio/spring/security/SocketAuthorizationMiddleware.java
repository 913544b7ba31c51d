package dev.realtime.socketio.spring.security;

import java.util.function.Supplier;

import dev.realtime.socketio.server.Middleware;
import dev.realtime.socketio.server.Socket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authorization.AuthorizationEventPublisher;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;

/**
 * Authorizes a socket's CONNECT to its namespace, after its authentication: a refusal is
 * a CONNECT_ERROR ({@code unauthorized} for an anonymous user, {@code forbidden}
 * otherwise; see {@link SocketSecurityErrors}), logged at debug level and counted.
 */
public final class SocketAuthorizationMiddleware implements Middleware {

	private static final Log logger = LogFactory.getLog(SocketAuthorizationMiddleware.class);

	private final AuthorizationManager<SocketAuthorizationContext> authorizationManager;

	private final SocketSecurityCounters metrics;

	private final @Nullable AuthorizationEventPublisher eventPublisher;

	public SocketAuthorizationMiddleware(AuthorizationManager<SocketAuthorizationContext> authorizationManager,
			SocketSecurityCounters metrics, @Nullable AuthorizationEventPublisher eventPublisher) {
		this.authorizationManager = authorizationManager;
		this.metrics = metrics;
		this.eventPublisher = eventPublisher;
	}

	@Override
	public void handle(Socket socket) {
		Supplier<Authentication> authentication = () -> SocketAuthentications.of(socket);
		SocketAuthorizationContext context = SocketAuthorizationContext.connect(socket);
		AuthorizationResult result = authorizationManager.authorize(authentication, context);
		if (eventPublisher != null && result != null) {
			eventPublisher.publishAuthorizationEvent(authentication, context, result);
		}
		if (result == null || !result.isGranted()) {
			metrics.connectionDenied();
			if (logger.isDebugEnabled()) {
				logger.debug("Refused " + authentication.get().getName() + " the namespace " + context.namespace()
						+ " (socket " + socket.id() + ")");
			}
			throw SocketSecurityErrors.accessDenied(SocketAuthentications.isAnonymous(socket));
		}
	}

}
