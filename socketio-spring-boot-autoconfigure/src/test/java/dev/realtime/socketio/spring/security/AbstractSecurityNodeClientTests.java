package dev.realtime.socketio.spring.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.session.SessionDestroyedEvent;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end tests of the Spring Security integration with the official JavaScript client
 * (socket.io-client from npm, run by Node) against {@link SecurityScenarioApplication}.
 * Subclasses pick the web stack and its security chain.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractSecurityNodeClientTests {

	private static final String FORBIDDEN_ACK = "{\"error\":\"forbidden\",\"message\":\"Access denied\"}";

	protected ConfigurableApplicationContext context;

	protected String baseUrl;

	protected final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	protected abstract WebApplicationType webApplicationType();

	/** The security chain of the web stack. */
	protected abstract Class<?> securityConfiguration();

	/** Name of the session cookie the form login sets. */
	protected abstract String sessionCookieName();

	@BeforeAll
	void startServer() {
		context = new SpringApplicationBuilder(SecurityScenarioApplication.class, securityConfiguration())
			.web(webApplicationType())
			.properties("server.port=0", "socketio.ping-interval=2s", "socketio.ping-timeout=2s",
					"socketio.security.disconnect-on-session-end.enabled=true")
			.run();
		baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@AfterAll
	void stopServer() {
		context.close();
	}

	@Test
	void aFormLoginSessionCookieAuthenticatesTheSocketOverPollingAndWebSocket() throws Exception {
		String cookie = formLogin("ann", "ann-pw");
		JsonNode result = SecurityNodeClient.run("emits", baseUrl,
				Map.of("namespace", "/chat", "awaitUpgrade", true, "extraHeaders", Map.of("cookie", cookie), "emits",
						List.of(List.of("whoami"), List.of("programmatic-whoami"))));
		assertThat(result.get("connected").asBoolean()).isTrue();
		assertThat(result.get("transport").asText()).isEqualTo("websocket");
		assertThat(result.get("acks").get(0).toString())
			.isEqualTo("{\"context\":\"ann\",\"principal\":\"User\",\"user\":\"ann\"}");
		assertThat(result.get("acks").get(1).get("connectedAs").asText()).isEqualTo("ann");
		assertThat(result.get("acks").get(1).get("now").asText()).isEqualTo("ann");
	}

	@Test
	void httpBasicAuthenticatesTheHandshakeRequests() throws Exception {
		JsonNode result = SecurityNodeClient.run("emits", baseUrl, Map.of("namespace", "/chat", "awaitUpgrade", true,
				"extraHeaders", Map.of("authorization", basic("bob", "bob-pw")), "emits", List.of(List.of("whoami"))));
		assertThat(result.get("transport").asText()).isEqualTo("websocket");
		assertThat(result.get("acks").get(0).toString())
			.isEqualTo("{\"context\":\"bob\",\"principal\":\"User\",\"user\":\"bob\"}");
	}

	@Test
	void aJwtInTheAuthPayloadAuthenticatesTheConnectWithItsScopes() throws Exception {
		String token = SecurityScenarioApplication.jwt("jwt-user", "chat:delete", false);
		JsonNode result = SecurityNodeClient.run("emits", baseUrl, Map.of("namespace", "/chat", "auth",
				Map.of("token", token), "emits", List.of(List.of("whoami"), List.of("delete-message", "m-7"))));
		assertThat(result.get("acks").get(0).toString())
			.isEqualTo("{\"context\":\"jwt-user\",\"principal\":\"Jwt\",\"user\":\"jwt-user\"}");
		assertThat(result.get("acks").get(1).asText()).isEqualTo("deleted m-7");
	}

	@Test
	void aRolesClaimGivesTheSocketTheRolesTheApplicationsJwtConverterMakes() throws Exception {
		String admin = SecurityScenarioApplication.jwt("jwt-admin", "chat:read", false, List.of("ADMIN"));
		JsonNode admitted = SecurityNodeClient.run("emits", baseUrl,
				Map.of("namespace", "/admin", "auth", Map.of("token", admin), "emits", List.of(List.of("ping"))));
		assertThat(admitted.get("connected").asBoolean()).isTrue();
		assertThat(admitted.get("acks").get(0).asText()).isEqualTo("pong");
		String user = SecurityScenarioApplication.jwt("jwt-user", "chat:read", false, List.of("USER"));
		JsonNode refused = SecurityNodeClient.run("emits", baseUrl,
				Map.of("namespace", "/admin", "auth", Map.of("token", user)));
		assertThat(refused.get("error").toString())
			.isEqualTo("{\"message\":\"forbidden\",\"data\":{\"code\":\"access_denied\"}}");
	}

	@Test
	void anExpiredOrForgedTokenIsRefusedAsInvalidTokenWithNoDetail() throws Exception {
		String expired = SecurityScenarioApplication.jwt("jwt-user", "chat:delete", true);
		long failedBefore = metrics().failedAuthentications();
		for (String token : List.of(expired, "not.a.jwt", "Bearer " + expired)) {
			JsonNode result = SecurityNodeClient.run("emits", baseUrl,
					Map.of("namespace", "/chat", "auth", Map.of("token", token)));
			assertThat(result.get("connected").asBoolean()).isFalse();
			assertThat(result.get("error").toString())
				.isEqualTo("{\"message\":\"unauthorized\",\"data\":{\"code\":\"invalid_token\"}}");
		}
		assertThat(metrics().failedAuthentications()).isEqualTo(failedBefore + 3);
	}

	@Test
	void anAnonymousSocketIsRefusedANamespaceThatRequiresAuthenticationButAdmittedToAnOpenOne() throws Exception {
		JsonNode refused = SecurityNodeClient.run("emits", baseUrl, Map.of("namespace", "/chat"));
		assertThat(refused.get("error").toString())
			.isEqualTo("{\"message\":\"unauthorized\",\"data\":{\"code\":\"authentication_required\"}}");
		JsonNode open = SecurityNodeClient.run("emits", baseUrl,
				Map.of("namespace", "/public", "emits", List.of(List.of("hello"))));
		assertThat(open.get("acks").get(0).asText()).isEqualTo("hello anonymousUser");
	}

	@Test
	void aNamespaceRuleRefusesAUserWithoutTheRoleAndAdmitsOneWithIt() throws Exception {
		long deniedBefore = metrics().deniedConnections();
		JsonNode refused = SecurityNodeClient.run("emits", baseUrl,
				Map.of("namespace", "/admin", "extraHeaders", Map.of("authorization", basic("bob", "bob-pw"))));
		assertThat(refused.get("error").toString())
			.isEqualTo("{\"message\":\"forbidden\",\"data\":{\"code\":\"access_denied\"}}");
		assertThat(metrics().deniedConnections()).isEqualTo(deniedBefore + 1);
		JsonNode admitted = SecurityNodeClient.run("emits", baseUrl, Map.of("namespace", "/admin", "extraHeaders",
				Map.of("authorization", basic("root", "root-pw")), "emits", List.of(List.of("ping"))));
		assertThat(admitted.get("acks").get(0).asText()).isEqualTo("pong");
	}

	@Test
	void eventRulesRefuseAnEventWithAnErrorAckWithoutDispatchingItAndCountIt() throws Exception {
		long deniedBefore = metrics().deniedEvents();
		JsonNode bob = SecurityNodeClient.run("emits", baseUrl,
				Map.of("namespace", "/chat", "extraHeaders", Map.of("authorization", basic("bob", "bob-pw")), "emits",
						List.of(List.of("delete-message", "m-1"), List.of("forbidden-thing"), List.of("whoami"))));
		assertThat(bob.get("acks").get(0).toString()).isEqualTo(FORBIDDEN_ACK);
		assertThat(bob.get("acks").get(1).toString()).isEqualTo(FORBIDDEN_ACK);
		assertThat(bob.get("acks").get(2).get("context").asText()).isEqualTo("bob");
		assertThat(metrics().deniedEvents()).isEqualTo(deniedBefore + 2);
		// the actuator on the classpath gives a meter registry: the counters are meters
		// too
		assertThat(context.getBean(io.micrometer.core.instrument.MeterRegistry.class)
			.get("socketio.security.refusals")
			.tag("kind", "event")
			.functionCounter()
			.count()).isEqualTo(deniedBefore + 2);
		JsonNode ann = SecurityNodeClient.run("emits", baseUrl, Map.of("namespace", "/chat", "extraHeaders",
				Map.of("authorization", basic("ann", "ann-pw")), "emits", List.of(List.of("delete-message", "m-1"))));
		assertThat(ann.get("acks").get(0).asText()).isEqualTo("deleted m-1");
	}

	@Test
	void preAuthorizeOnAHandlerMethodRefusesWithTheSameErrorAck() throws Exception {
		JsonNode bob = SecurityNodeClient.run("emits", baseUrl, Map.of("namespace", "/chat", "extraHeaders",
				Map.of("authorization", basic("bob", "bob-pw")), "emits", List.of(List.of("admin-report"))));
		assertThat(bob.get("acks").get(0).toString()).isEqualTo(FORBIDDEN_ACK);
		JsonNode root = SecurityNodeClient.run("emits", baseUrl, Map.of("namespace", "/chat", "extraHeaders",
				Map.of("authorization", basic("root", "root-pw")), "emits", List.of(List.of("admin-report"))));
		assertThat(root.get("acks").get(0).asText()).isEqualTo("report for root");
	}

	@Test
	void theAnswerOfAnAsynchronousResultAndALateExceptionHandlerSeeTheSocketsUser() throws Exception {
		JsonNode ann = SecurityNodeClient.run("emits", baseUrl,
				Map.of("namespace", "/chat", "extraHeaders", Map.of("authorization", basic("ann", "ann-pw")), "emits",
						List.of(List.of("async-whoami"), List.of("async-failure"))));
		assertThat(ann.get("acks").get(0).toString()).isEqualTo("{\"sentAs\":\"ann\"}");
		assertThat(ann.get("acks").get(1).asText()).isEqualTo("late failure handled as ann");
	}

	@Test
	void aRequestOfAnotherUserOnTheEngineSessionIsRefusedWith403() throws Exception {
		HttpResponse<String> handshake = http
			.send(HttpRequest.newBuilder(URI.create(baseUrl + "/socket.io/?EIO=4&transport=polling"))
				.header("Authorization", basic("ann", "ann-pw"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(handshake.statusCode()).isEqualTo(200);
		String sid = handshake.body().replaceFirst("^0\\{\"sid\":\"([^\"]+)\".*$", "$1");
		URI session = URI.create(baseUrl + "/socket.io/?EIO=4&transport=polling&sid=" + sid);
		HttpResponse<String> stolen = http.send(HttpRequest.newBuilder(session)
			.header("Authorization", basic("bob", "bob-pw"))
			.POST(HttpRequest.BodyPublishers.ofString("40"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(stolen.statusCode()).isEqualTo(403);
		HttpResponse<String> anonymous = http.send(
				HttpRequest.newBuilder(session).POST(HttpRequest.BodyPublishers.ofString("40")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).isEqualTo(403);
		HttpResponse<String> owner = http.send(HttpRequest.newBuilder(session)
			.header("Authorization", basic("ann", "ann-pw"))
			.POST(HttpRequest.BodyPublishers.ofString("40"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(owner.statusCode()).isEqualTo(200);
	}

	@Test
	void theEndOfAnHttpSessionDisconnectsTheSocketsOpenedWithItAndNoOther() throws Exception {
		String cookie = formLogin("ann", "ann-pw");
		String otherCookie = formLogin("ann", "ann-pw");
		// WebSocket only, and the event published here rather than by a real logout: a
		// polling session
		// would also end on its next request (the principal binding), and Tomcat closes
		// the WebSockets
		// of an authenticated HTTP session by itself; this isolates the disconnector
		Process ended = SecurityNodeClient.start("await-disconnect", baseUrl, Map.of("namespace", "/chat", "transports",
				List.of("websocket"), "extraHeaders", Map.of("cookie", cookie)));
		Process stillIn = SecurityNodeClient.start("await-disconnect", baseUrl, Map.of("namespace", "/chat",
				"transports", List.of("websocket"), "extraHeaders", Map.of("cookie", otherCookie)));
		try {
			SecurityNodeClient.awaitLine(ended, "CONNECTED");
			SecurityNodeClient.awaitLine(stillIn, "CONNECTED");
			context.publishEvent(new EndedSession(this, cookie.substring(cookie.indexOf('=') + 1)));
			JsonNode result = SecurityNodeClient.result(ended, "await-disconnect");
			assertThat(result.get("reason").asText()).isEqualTo("io server disconnect");
			assertThat(stillIn.isAlive()).isTrue();
		}
		finally {
			stillIn.destroy();
			ended.destroy();
		}
	}

	protected SocketSecurityCounters metrics() {
		return context.getBean(SocketSecurityCounters.class);
	}

	protected static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * What the servlet container's session listener or a session store publishes when a
	 * session ends.
	 */
	private static final class EndedSession extends SessionDestroyedEvent {

		private static final long serialVersionUID = 1L;

		private final String id;

		EndedSession(Object source, String id) {
			super(source);
			this.id = id;
		}

		@Override
		public List<SecurityContext> getSecurityContexts() {
			return List.of();
		}

		@Override
		public String getId() {
			return id;
		}

	}

	/**
	 * Logs in through the form login and returns the session cookie ({@code name=value}).
	 */
	protected String formLogin(String user, String password) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location").orElse("")).doesNotContain("error");
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.map((header) -> header.split(";", 2)[0])
			.filter((cookie) -> cookie.startsWith(sessionCookieName() + "="))
			.reduce((first, last) -> last)
			.orElseThrow(() -> new AssertionError("no " + sessionCookieName() + " cookie in " + response.headers()));
	}

}
