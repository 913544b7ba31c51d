package dev.realtime.socketio.spring.actuate.admin;

import java.util.List;

import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import dev.realtime.socketio.spring.testsupport.NodeScenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Admin UI's protocol ({@code @socket.io/admin-ui} 0.5), spoken by the official
 * JavaScript client the way the UI speaks it: login with a bcrypt-checked password, the
 * socket list, the statistics, the event feed, and the join and disconnect operations.
 * Subclasses pick the web stack.
 */
abstract class AbstractAdminUiTests {

	private ConfigurableApplicationContext context;

	protected abstract WebApplicationType webApplicationType();

	@AfterEach
	void stop() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void theUiListsTheSocketsSeesTheirEventsAndDisconnectsOne() throws Exception {
		String hash = new BCryptPasswordEncoder().encode("admin-pw");
		context = new SpringApplicationBuilder(AdminUiApplication.class).web(webApplicationType())
			.properties("server.port=0", "server.address=127.0.0.1", "socketio.admin-ui.enabled=true",
					"socketio.admin-ui.server-id=node-a", "socketio.admin-ui.auth.username=admin",
					"socketio.admin-ui.auth.password-hash=" + hash)
			.run();
		String baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();

		JsonNode result = NodeScenario.run("admin-ui-scenarios.js", "lifecycle", baseUrl, "admin-pw");

		assertThat(result.get("refused").asText()).isEqualTo("invalid credentials");
		assertThat(result.get("supportedFeatures").toString()).isEqualTo(
				"[\"EMIT\",\"JOIN\",\"LEAVE\",\"DISCONNECT\",\"MJOIN\",\"MLEAVE\",\"MDISCONNECT\",\"AGGREGATED_EVENTS\",\"ALL_EVENTS\"]");
		JsonNode listed = result.get("listed");
		assertThat(listed.get("nsp").asText()).isEqualTo("/");
		assertThat(listed.get("rooms").toString()).contains("lobby");
		assertThat(listed.get("transport").asText()).isEqualTo("websocket");
		assertThat(listed.get("hasAddress").asBoolean()).isTrue();
		assertThat(listed.get("clientIdLength").asInt()).isEqualTo(12);
		assertThat(result.at("/stats/serverId").asText()).isEqualTo("node-a");
		assertThat(result.at("/stats/namespaces").toString()).contains("\"/\"", "\"/admin\"");
		assertThat(result.at("/stats/aggregatedTypes").toString()).contains("rawConnection", "rawDisconnection",
				"packetsIn", "bytesIn", "packetsOut", "bytesOut");
		assertThat(result.at("/event/nsp").asText()).isEqualTo("/");
		assertThat(result.at("/event/args").toString()).isEqualTo("[\"chat\",\"hello admin\"]");
		assertThat(result.at("/joined/room").asText()).isEqualTo("vip");
		assertThat(result.get("userReason").asText()).isEqualTo("io server disconnect");
		assertThat(result.get("adminReason").asText()).isEqualTo("server namespace disconnect");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class AdminUiApplication {

		@Bean
		SocketIoServerCustomizer lobby() {
			return (io) -> io.on((socket) -> socket.join(List.of("lobby")));
		}

	}

}
