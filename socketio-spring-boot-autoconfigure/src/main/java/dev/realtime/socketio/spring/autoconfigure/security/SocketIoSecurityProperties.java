package dev.realtime.socketio.spring.autoconfigure.security;

import java.time.Duration;

import dev.realtime.socketio.spring.security.SessionEndSocketDisconnector;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the Spring Security integration under {@code socketio.security.*}.
 */
@ConfigurationProperties("socketio.security")
public class SocketIoSecurityProperties {

	/**
	 * Whether to integrate Spring Security when it is on the classpath.
	 */
	private boolean enabled = true;

	/**
	 * Whether every request of an engine session must carry the principal of its
	 * handshake request (others get 403), so that a stolen session id is useless to
	 * another user.
	 */
	private boolean bindSessionPrincipal = true;

	/**
	 * How long the authentication of a CONNECT auth payload may take (reactive managers).
	 */
	private Duration authenticationTimeout = Duration.ofSeconds(30);

	private final DisconnectOnSessionEnd disconnectOnSessionEnd = new DisconnectOnSessionEnd();

	public boolean isEnabled() {
		return enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isBindSessionPrincipal() {
		return bindSessionPrincipal;
	}

	public void setBindSessionPrincipal(boolean bindSessionPrincipal) {
		this.bindSessionPrincipal = bindSessionPrincipal;
	}

	public Duration getAuthenticationTimeout() {
		return authenticationTimeout;
	}

	public void setAuthenticationTimeout(Duration authenticationTimeout) {
		this.authenticationTimeout = authenticationTimeout;
	}

	public DisconnectOnSessionEnd getDisconnectOnSessionEnd() {
		return disconnectOnSessionEnd;
	}

	/** Disconnecting a user's sockets when their HTTP session ends or they log out. */
	public static class DisconnectOnSessionEnd {

		/**
		 * Whether to disconnect a user's sockets when their HTTP session is invalidated
		 * or they log out (servlet: also registers an HttpSessionEventPublisher).
		 */
		private boolean enabled;

		/**
		 * Which sockets: those opened with the ended session's cookie (session), or every
		 * socket of the same principal name (principal).
		 */
		private SessionEndSocketDisconnector.Match match = SessionEndSocketDisconnector.Match.SESSION;

		public boolean isEnabled() {
			return enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public SessionEndSocketDisconnector.Match getMatch() {
			return match;
		}

		public void setMatch(SessionEndSocketDisconnector.Match match) {
			this.match = match;
		}

	}

}
