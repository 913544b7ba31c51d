package dev.realtime.socketio.spring.security;

import dev.realtime.socketio.spring.annotation.SocketControllerAdvice;
import dev.realtime.socketio.spring.annotation.SocketExceptionHandler;
import dev.realtime.socketio.spring.handler.ErrorAck;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;

/**
 * Answers a handler method that method security refused ({@code @PreAuthorize},
 * {@code @Secured}…) with {@link SocketSecurityErrors#FORBIDDEN_ACK}, like a refused
 * event, rather than as an internal error. Last in order, so that the application's
 * advice may answer otherwise.
 */
@SocketControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class AccessDeniedSocketExceptionHandler {

	private static final Log logger = LogFactory.getLog(AccessDeniedSocketExceptionHandler.class);

	@SocketExceptionHandler
	public ErrorAck accessDenied(AccessDeniedException ex) {
		logger.debug("A Socket.IO handler method refused access", ex);
		return SocketSecurityErrors.FORBIDDEN_ACK;
	}

}
