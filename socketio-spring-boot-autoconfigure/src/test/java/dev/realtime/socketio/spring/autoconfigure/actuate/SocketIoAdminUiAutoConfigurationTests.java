package dev.realtime.socketio.spring.autoconfigure.actuate;

import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.autoconfigure.SocketIoAutoConfiguration;
import dev.realtime.socketio.spring.web.StaticFiles;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Admin UI is off by default, serves its files only when asked, and refuses
 * incomplete or wrong settings at startup.
 */
class SocketIoAdminUiAutoConfigurationTests {

	private static final String HASH = new BCryptPasswordEncoder(4).encode("pw");

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(SocketIoAutoConfiguration.class, SocketIoAdminUiAutoConfiguration.class));

	@Test
	void offByDefault() {
		runner.run((context) -> {
			assertThat(context).doesNotHaveBean(SocketIoAdminUiProperties.class);
			assertThat(context.getBean(SocketIoServer.class).namespaces())
				.noneMatch((namespace) -> namespace.name().equals("/admin"));
		});
	}

	@Test
	void enabledItServesTheAdminNamespace() {
		runner
			.withPropertyValues("socketio.admin-ui.enabled=true", "socketio.admin-ui.auth.username=admin",
					"socketio.admin-ui.auth.password-hash=" + HASH, "socketio.admin-ui.namespace=/ops")
			.run((context) -> assertThat(context.getBean(SocketIoServer.class).namespaces())
				.anyMatch((namespace) -> namespace.name().equals("/ops")));
	}

	@Test
	void credentialsAreRequiredUnlessAuthIsExplicitlyOff() {
		runner.withPropertyValues("socketio.admin-ui.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("socketio.admin-ui.auth.username and socketio.admin-ui.auth.password-hash"));
		runner.withPropertyValues("socketio.admin-ui.enabled=true", "socketio.admin-ui.auth.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void badValuesFailStartupWithTheirName() {
		runner
			.withPropertyValues("socketio.admin-ui.enabled=true", "socketio.admin-ui.auth.username=admin",
					"socketio.admin-ui.auth.password-hash=plain-text")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("bcrypt hash"));
		runner
			.withPropertyValues("socketio.admin-ui.enabled=true", "socketio.admin-ui.auth.enabled=false",
					"socketio.admin-ui.mode=staging")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("socketio.admin-ui.mode must be \"development\" or \"production\""));
	}

	@Test
	void theUiFilesAreServedOnlyWithServeUi() {
		ApplicationContextRunner enabled = runner.withPropertyValues("socketio.admin-ui.enabled=true",
				"socketio.admin-ui.auth.enabled=false");
		enabled.run((context) -> assertThat(context).doesNotHaveBean(StaticFiles.class));
		enabled.withPropertyValues("socketio.admin-ui.serve-ui=true").run((context) -> {
			StaticFiles files = context.getBean(StaticFiles.class);
			assertThat(files.path()).isEqualTo("/socket.io-admin/");
			assertThat(files.names()).contains("index.html", "favicon.png")
				.anyMatch((name) -> name.matches("js/app\\.[0-9a-f]{8}\\.js"))
				.noneMatch((name) -> name.endsWith(".map"));
		});
		enabled.withPropertyValues("socketio.admin-ui.serve-ui=true", "socketio.admin-ui.ui-path=/ops/ui")
			.run((context) -> assertThat(context.getBean(StaticFiles.class).path()).isEqualTo("/ops/ui/"));
		runner.withPropertyValues("socketio.admin-ui.serve-ui=true")
			.run((context) -> assertThat(context).doesNotHaveBean(StaticFiles.class));
	}

	@Test
	void aUiPathOverlappingTheSocketIoPathFailsStartup() {
		ApplicationContextRunner serving = runner.withPropertyValues("socketio.admin-ui.enabled=true",
				"socketio.admin-ui.auth.enabled=false", "socketio.admin-ui.serve-ui=true");
		for (String uiPath : new String[] { "/socket.io/admin/", "/", "/socket.io" }) {
			serving.withPropertyValues("socketio.admin-ui.ui-path=" + uiPath)
				.run((context) -> assertThat(context).getFailure()
					.rootCause()
					.hasMessageContaining("socketio.admin-ui.ui-path (" + uiPath + ") must not contain socketio.path"));
		}
		serving.withPropertyValues("socketio.admin-ui.ui-path=admin")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("socketio.admin-ui.ui-path must be a path starting with /"));
	}

}
