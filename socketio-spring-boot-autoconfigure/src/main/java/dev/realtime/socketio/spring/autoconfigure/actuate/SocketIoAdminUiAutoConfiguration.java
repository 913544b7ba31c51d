package dev.realtime.socketio.spring.autoconfigure.actuate;

import java.util.function.BiPredicate;
import java.util.regex.Pattern;

import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.actuate.admin.AdminUiOptions;
import dev.realtime.socketio.spring.actuate.admin.SocketIoAdminUi;
import dev.realtime.socketio.spring.autoconfigure.SocketIoAutoConfiguration;
import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import dev.realtime.socketio.spring.web.AdminUiBundle;
import dev.realtime.socketio.spring.web.StaticFiles;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * The server side of the official Socket.IO Admin UI, with
 * {@code socketio.admin-ui.enabled=true}, and with
 * {@code socketio.admin-ui.serve-ui=true} the UI itself under
 * {@code socketio.admin-ui.ui-path}. Startup fails with a clear message when the settings
 * are incomplete or wrong.
 */
@AutoConfiguration(after = SocketIoAutoConfiguration.class)
@ConditionalOnBean(SocketIoServer.class)
@ConditionalOnProperty(prefix = "socketio.admin-ui", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(SocketIoAdminUiProperties.class)
public final class SocketIoAdminUiAutoConfiguration {

	private static final Pattern BCRYPT = Pattern.compile("^\\$2[abxy]?\\$\\d{2}\\$[./A-Za-z0-9]{53}$");

	private static final String ENCODER = "org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder";

	@Bean
	SocketIoServerCustomizer socketIoAdminUi(SocketIoAdminUiProperties properties) {
		AdminUiOptions options = options(properties);
		return (io) -> SocketIoAdminUi.instrument(io, options);
	}

	/**
	 * The official UI's files, served by the web bindings under
	 * {@code socketio.admin-ui.ui-path}.
	 */
	@Bean
	@ConditionalOnProperty(prefix = "socketio.admin-ui", name = "serve-ui", havingValue = "true")
	StaticFiles socketIoAdminUiFiles(SocketIoAdminUiProperties properties, SocketIoServer server) {
		return AdminUiBundle.load(uiPath(properties.getUiPath(), server.options().engine().path()));
	}

	static String uiPath(@Nullable String configured, String socketIoPath) {
		if (configured == null || !configured.startsWith("/") || configured.contains("..")
				|| configured.contains("*")) {
			throw new IllegalArgumentException(
					"socketio.admin-ui.ui-path must be a path starting with /, was " + configured);
		}
		String path = configured.endsWith("/") ? configured : configured + "/";
		String engine = socketIoPath.endsWith("/") ? socketIoPath : socketIoPath + "/";
		if (path.startsWith(engine) || engine.startsWith(path)) {
			throw new IllegalArgumentException("socketio.admin-ui.ui-path (" + configured
					+ ") must not contain socketio.path (" + socketIoPath + ") nor lie under it");
		}
		return path;
	}

	static AdminUiOptions options(SocketIoAdminUiProperties properties) {
		String mode = properties.getMode();
		if (!"development".equals(mode) && !"production".equals(mode)) {
			throw new IllegalArgumentException(
					"socketio.admin-ui.mode must be \"development\" or \"production\", was \"" + mode + "\"");
		}
		String namespace = properties.getNamespace();
		if (namespace == null || !namespace.startsWith("/")) {
			throw new IllegalArgumentException("socketio.admin-ui.namespace must start with /, was " + namespace);
		}
		String serverId = (properties.getServerId() != null) ? properties.getServerId() : SocketIoAdminUi.hostname();
		return new AdminUiOptions(namespace, properties.isReadonly(), "production".equals(mode), serverId,
				credentials(properties.getAuth()));
	}

	private static @Nullable BiPredicate<String, String> credentials(SocketIoAdminUiProperties.Auth auth) {
		if (!auth.isEnabled()) {
			return null;
		}
		String username = auth.getUsername();
		String hash = auth.getPasswordHash();
		if (username == null || username.isEmpty() || hash == null) {
			throw new IllegalArgumentException(
					"socketio.admin-ui.auth.username and socketio.admin-ui.auth.password-hash "
							+ "must be set (or socketio.admin-ui.auth.enabled=false to rely on Spring Security namespace rules)");
		}
		if (!BCRYPT.matcher(hash).matches()) {
			throw new IllegalArgumentException("socketio.admin-ui.auth.password-hash must be a bcrypt hash ($2a$10$…)");
		}
		if (!ClassUtils.isPresent(ENCODER, SocketIoAdminUiAutoConfiguration.class.getClassLoader())) {
			throw new IllegalStateException(
					"socketio.admin-ui.auth needs spring-security-crypto on the classpath for bcrypt");
		}
		return BcryptCheck.of(username, hash);
	}

	/**
	 * Kept apart so that spring-security-crypto is loaded only when the credentials are
	 * used.
	 */
	private static final class BcryptCheck {

		static BiPredicate<String, String> of(String username, String hash) {
			org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder encoder = new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder();
			return (user, password) -> username.equals(user) && encoder.matches(password, hash);
		}

	}

}
