package dev.realtime.socketio.test;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When the auto-configuration gives a client, and where it points it. */
class SocketIoTestClientAutoConfigurationTests {

	private final WebApplicationContextRunner web = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketIoTestClientAutoConfiguration.class));

	@Test
	void aWebApplicationGetsAClient() {
		this.web.run((context) -> assertThat(context).hasSingleBean(SocketIoTestClient.class));
	}

	@Test
	void aNonWebApplicationGetsNone() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SocketIoTestClientAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SocketIoTestClient.class));
	}

	@Test
	void withoutARunningServerConnectingSaysWhatToDo() {
		this.web.run((context) -> assertThatThrownBy(() -> context.getBean(SocketIoTestClient.class).connect("/"))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)"));
	}

	@Test
	void anApplicationsOwnClientWins() {
		this.web
			.withBean("mine", SocketIoTestClient.class,
					() -> new SocketIoTestClient(() -> java.net.URI.create("http://127.0.0.1:1"), "/io/",
							tools.jackson.databind.json.JsonMapper.builder().build()))
			.run((context) -> assertThat(context).hasSingleBean(SocketIoTestClient.class).hasBean("mine"));
	}

}
