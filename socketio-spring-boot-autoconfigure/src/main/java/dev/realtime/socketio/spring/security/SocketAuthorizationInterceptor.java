package dev.realtime.socketio.spring.security;

import java.util.function.Supplier;

import dev.realtime.socketio.server.Ack;
import dev.realtime.socketio.server.EventArgs;
import dev.realtime.socketio.server.Socket;
import dev.realtime.socketio.server.SocketInterceptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authorization.AuthorizationEventPublisher;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;

/**
 * Authorizes every incoming event before its dispatch: a refused event reaches no
 * listener, is answered with {@link SocketSecurityErrors#FORBIDDEN_ACK} when the client
 * asked for an acknowledgement, logged at debug level and counted in
 * {@link SocketSecurityCounters}.
 */
public final class SocketAuthorizationInterceptor implements SocketInterceptor {

	private static final Log logger = LogFactory.getLog(SocketAuthorizationInterceptor.class);

	private final AuthorizationManager<SocketAuthorizationContext> authorizationManager;

	private final SocketSecurityCounters metrics;

	private final @Nullable AuthorizationEventPublisher eventPublisher;

	public SocketAuthorizationInterceptor(AuthorizationManager<SocketAuthorizationContext> authorizationManager,
			SocketSecurityCounters metrics, @Nullable AuthorizationEventPublisher eventPublisher) {
		this.authorizationManager = authorizationManager;
		this.metrics = metrics;
		this.eventPublisher = eventPublisher;
	}

	@Override
	public void aroundEvent(Socket socket, String event, EventArgs args, @Nullable Ack ack, Runnable dispatch) {
		Supplier<Authentication> authentication = () -> SocketAuthentications.of(socket);
		SocketAuthorizationContext context = SocketAuthorizationContext.event(socket, event, args);
		AuthorizationResult result = authorizationManager.authorize(authentication, context);
		if (eventPublisher != null && result != null) {
			eventPublisher.publishAuthorizationEvent(authentication, context, result);
		}
		if (result != null && result.isGranted()) {
			dispatch.run();
			return;
		}
		metrics.eventDenied();
		if (logger.isDebugEnabled()) {
			logger.debug("Refused " + authentication.get().getName() + " the event '" + event + "' in "
					+ context.namespace() + " (socket " + socket.id() + ")");
		}
		if (ack != null) {
			ack.send(SocketSecurityErrors.FORBIDDEN_ACK);
		}
	}

}
