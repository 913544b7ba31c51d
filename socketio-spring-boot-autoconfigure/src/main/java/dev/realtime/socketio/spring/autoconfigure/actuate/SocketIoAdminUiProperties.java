package dev.realtime.socketio.spring.autoconfigure.actuate;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The official Socket.IO Admin UI ({@code socketio.admin-ui.*}): off unless enabled.
 */
@ConfigurationProperties("socketio.admin-ui")
public class SocketIoAdminUiProperties {

	/**
	 * Whether to serve the Admin UI's protocol on its namespace.
	 */
	private boolean enabled = false;

	/**
	 * The admin namespace.
	 */
	private String namespace = "/admin";

	/**
	 * Whether the UI may only look (no emit, join, leave or disconnect).
	 */
	private boolean readonly = false;

	/**
	 * "development" (every socket and event, as it happens) or "production" (aggregated
	 * statistics only).
	 */
	private String mode = "development";

	/**
	 * This server's name in the UI; the host name when not set.
	 */
	private @Nullable String serverId;

	/**
	 * Whether to serve the official UI itself (built files of @socket.io/admin-ui,
	 * packaged in the starter) under ui-path; off: use https://admin.socket.io or host
	 * the UI elsewhere.
	 */
	private boolean serveUi = false;

	/**
	 * The path the UI is served under, outside socketio.path.
	 */
	private String uiPath = "/socket.io-admin/";

	private final Auth auth = new Auth();

	public boolean isEnabled() {
		return enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getNamespace() {
		return namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	public boolean isReadonly() {
		return readonly;
	}

	public void setReadonly(boolean readonly) {
		this.readonly = readonly;
	}

	public String getMode() {
		return mode;
	}

	public void setMode(String mode) {
		this.mode = mode;
	}

	public @Nullable String getServerId() {
		return serverId;
	}

	public void setServerId(@Nullable String serverId) {
		this.serverId = serverId;
	}

	public boolean isServeUi() {
		return serveUi;
	}

	public void setServeUi(boolean serveUi) {
		this.serveUi = serveUi;
	}

	public String getUiPath() {
		return uiPath;
	}

	public void setUiPath(String uiPath) {
		this.uiPath = uiPath;
	}

	public Auth getAuth() {
		return auth;
	}

	/**
	 * How the UI authenticates: a username and a bcrypt hash of the password (as Node's
	 * {@code auth: {type: "basic"}}), or nothing here and a Spring Security namespace
	 * rule on the admin namespace ({@code enabled=false} says so explicitly).
	 */
	public static class Auth {

		/**
		 * Whether the UI must log in with the username and password below; false to rely
		 * on the application's Spring Security rules for the admin namespace (or on
		 * nothing).
		 */
		private boolean enabled = true;

		/**
		 * The username the UI logs in with.
		 */
		private @Nullable String username;

		/**
		 * The bcrypt hash of the password ({@code $2a$…}, {@code $2b$…}, {@code $2y$…}).
		 */
		private @Nullable String passwordHash;

		public boolean isEnabled() {
			return enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getUsername() {
			return username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPasswordHash() {
			return passwordHash;
		}

		public void setPasswordHash(@Nullable String passwordHash) {
			this.passwordHash = passwordHash;
		}

	}

}
