package dev.realtime.socketio.spring.client;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests with the official JavaScript client (socket.io-client from npm, run by
 * Node) against a real server. Subclasses pick the web stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractNodeClientTests {

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private String baseUrl;

	protected abstract WebApplicationType webApplicationType();

	private String start(String... properties) {
		List<String> all = new ArrayList<>(
				List.of("server.port=0", "socketio.ping-interval=2s", "socketio.ping-timeout=2s"));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ClientTestHandlers.class)
			.web(webApplicationType())
			.properties(all.toArray(String[]::new))
			.run();
		contexts.add(context);
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return "http://127.0.0.1:" + port;
	}

	@BeforeAll
	void startServer() {
		baseUrl = start();
	}

	@AfterAll
	void stopServers() {
		contexts.forEach(ConfigurableApplicationContext::close);
	}

	/** What the echo scenario of {@code harness.js} reports, over a transport. */
	static void assertEchoOver(JsonNode result, String transport) {
		assertThat(result.get("welcomeIsSocketId").asBoolean()).isTrue();
		assertThat(result.get("transport").asText()).isEqualTo(transport);
		assertThat(result.get("echoed").toString()).isEqualTo(
				"[\"text\",42,{\"nested\":[true,null]},{\"binary\":[1,2,3]},{\"deep\":{\"bytes\":{\"binary\":[9]}}}]");
	}

	@Test
	void officialClientEchoesTextAndBinaryOverWebSocketOnly() throws Exception {
		assertEchoOver(NodeClient.run("websocket", baseUrl), "websocket");
	}

	@Test
	void officialClientEchoesTextAndBinaryOverPollingOnly() throws Exception {
		assertEchoOver(NodeClient.run("polling", baseUrl), "polling");
	}

	@Test
	void officialClientUpgradesFromPollingToWebSocket() throws Exception {
		assertEchoOver(NodeClient.run("upgrade", baseUrl), "websocket");
	}

	@Test
	void acknowledgementsWorkBothWaysWithTimeouts() throws Exception {
		JsonNode result = NodeClient.run("acks", baseUrl);
		assertThat(result.get("clientAck").asText()).isEqualTo("a");
		assertThat(result.get("serverGot").asText()).isEqualTo("answer to life +2 bytes");
		assertThat(result.get("timedOut").asText()).isEqualTo("timed out");
		assertThat(result.get("clientTimeout").asText()).isEqualTo("operation has timed out");
	}

	@Test
	void middlewareErrorReachesConnectErrorAndDynamicNamespacesConnect() throws Exception {
		JsonNode result = NodeClient.run("namespaces", baseUrl);
		assertThat(result.get("refusal").toString())
			.isEqualTo("{\"message\":\"not authorized\",\"data\":{\"reason\":\"bad token\"}}");
		assertThat(result.get("adminWelcome").asText()).isEqualTo("hello admin");
		assertThat(result.get("dynamicName").asText()).isEqualTo("/dyn-42");
		assertThat(result.get("invalid").asText()).isEqualTo("Invalid namespace");
	}

	@Test
	void broadcastsReachTheRoomAndLeaveTheSenderOut() throws Exception {
		JsonNode result = NodeClient.run("rooms", baseUrl);
		assertThat(result.get("received").toString()).isEqualTo("[[\"hello all\"],[\"hello blue\",\"hello all\"],[]]");
	}

	@Test
	void clientReconnectsByItselfAfterADroppedConnectionButNotAfterServerDisconnect() throws Exception {
		JsonNode result = NodeClient.run("reconnection", baseUrl);
		assertThat(result.get("serverReason").asText()).isEqualTo("io server disconnect");
		assertThat(result.get("dropReason").asText()).isEqualTo("transport close");
		assertThat(result.get("reconnected").asBoolean()).isTrue();
		assertThat(result.get("newIds").asBoolean()).isTrue();
	}

	@Test
	void socketIoV2ClientIsRefusedWithoutAllowEio3() throws Exception {
		JsonNode result = dev.realtime.socketio.spring.testsupport.NodeScenario.run("v2-scenarios.js", "refused",
				baseUrl);
		assertThat(result.get("polling").asText()).isEqualTo("xhr poll error");
		assertThat(result.get("pollingCode").asInt()).isEqualTo(400);
		assertThat(result.get("websocket").asText()).isEqualTo("websocket error");
	}

	@Test
	void connectionStateRecoveryRestoresIdRoomsAndMissedEvents() throws Exception {
		String recoveringServer = start("socketio.connection-state-recovery.enabled=true");
		JsonNode result = NodeClient.run("recovery", recoveringServer);
		assertThat(result.get("recovered").asBoolean()).isTrue();
		assertThat(result.get("sameId").asBoolean()).isTrue();
		assertThat(result.get("missed").toString()).isEqualTo("[\"while you were away\"]");
	}

}
