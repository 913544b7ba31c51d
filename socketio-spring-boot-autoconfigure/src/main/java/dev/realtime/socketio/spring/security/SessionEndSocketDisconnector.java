package dev.realtime.socketio.spring.security;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.realtime.socketio.server.Namespace;
import dev.realtime.socketio.server.Socket;
import dev.realtime.socketio.server.SocketIoServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.session.SessionDestroyedEvent;

/**
 * Disconnects the sockets of a user whose HTTP session ended (invalidated, expired,
 * logged out), so that a socket does not outlive the login it was opened with.
 *
 * <p>
 * {@link Match#SESSION}: on a {@link SessionDestroyedEvent} (servlet: published by
 * {@code HttpSessionEventPublisher}), the sockets whose handshake request carried that
 * session's cookie. {@link Match#PRINCIPAL}: on a {@code SessionDestroyedEvent} or a
 * {@link LogoutSuccessEvent}, every socket of the same principal name, on every device.
 */
public final class SessionEndSocketDisconnector implements SmartApplicationListener {

	private static final Log logger = LogFactory.getLog(SessionEndSocketDisconnector.class);

	/** Which sockets a session's end disconnects. */
	public enum Match {

		/** The sockets opened with the ended session's cookie. */
		SESSION,

		/** Every socket of the principal of the ended session, or of the logout. */
		PRINCIPAL

	}

	private final SocketIoServer server;

	private final Match match;

	public SessionEndSocketDisconnector(SocketIoServer server, Match match) {
		this.server = server;
		this.match = match;
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return SessionDestroyedEvent.class.isAssignableFrom(eventType)
				|| (match == Match.PRINCIPAL && LogoutSuccessEvent.class.isAssignableFrom(eventType));
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof SessionDestroyedEvent destroyed) {
			if (match == Match.SESSION) {
				disconnect((socket) -> carriesSession(socket, destroyed.getId()), "session " + destroyed.getId());
			}
			else {
				Set<String> names = new HashSet<>();
				for (SecurityContext context : destroyed.getSecurityContexts()) {
					if (context.getAuthentication() != null) {
						names.add(context.getAuthentication().getName());
					}
				}
				disconnect((socket) -> names.contains(name(socket)), "the principals of session " + destroyed.getId());
			}
		}
		else if (event instanceof LogoutSuccessEvent logout) {
			Authentication authentication = logout.getAuthentication();
			disconnect((socket) -> authentication.getName().equals(name(socket)), authentication.getName());
		}
	}

	private void disconnect(java.util.function.Predicate<Socket> which, String why) {
		int count = 0;
		for (Namespace namespace : server.namespaces()) {
			for (Socket socket : List.copyOf(namespace.sockets().values())) {
				if (which.test(socket)) {
					// a server disconnect: the client does not reconnect on its own (it
					// would after a
					// transport close), and leaves once its last namespace is gone
					socket.disconnect(false);
					count++;
				}
			}
		}
		if (count > 0 && logger.isDebugEnabled()) {
			logger.debug("Disconnected " + count + " socket(s) at the end of " + why);
		}
	}

	private static @Nullable String name(Socket socket) {
		Principal principal = socket.principal();
		return (principal != null) ? principal.getName() : null;
	}

	/**
	 * Whether a cookie of the handshake request holds the session id (as is, or base64 as
	 * Spring Session writes it).
	 */
	static boolean carriesSession(Socket socket, String sessionId) {
		List<String> headers = socket.handshake()
			.headers()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equalsIgnoreCase("cookie"))
			.flatMap((entry) -> entry.getValue().stream())
			.toList();
		for (String header : headers) {
			for (String cookie : header.split(";")) {
				int equals = cookie.indexOf('=');
				if (equals < 0) {
					continue;
				}
				String value = cookie.substring(equals + 1).strip();
				if (value.equals(sessionId) || sessionId.equals(decoded(value))) {
					return true;
				}
			}
		}
		return false;
	}

	private static @Nullable String decoded(String value) {
		try {
			return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
