package dev.realtime.socketio.sample;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.realtime.socketio.redis.RedisServer;
import dev.realtime.socketio.server.SocketIoServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official Socket.IO Admin UI ({@code @socket.io/admin-ui} 0.5), served by the sample
 * itself with the {@code admin} profile, in a real browser (Debian's headless Chromium
 * driven by puppeteer-core, {@code src/test/js/browser-scenarios.js}): an operator fills
 * its connection form, sees the sockets of two chat pages and disconnects one, on Spring
 * MVC (Tomcat) and on WebFlux (Reactor Netty); and with two nodes on one Redis (one of
 * each stack), the UI served by one shows both servers and the sockets of both, and
 * disconnects the one on the other node. Screenshots land in
 * {@code target/browser-screenshots}.
 */
class AdminUiBrowserTests {

	private static final File SCRIPTS = new File(System.getProperty("sample.test.js.dir", "src/test/js"));

	private static final JsonMapper mapper = JsonMapper.builder().build();

	/** The login of the {@code admin} profile ({@code application-admin.yml}). */
	private static final Map<String, String> LOGIN = Map.of("uiPath", "/socket.io-admin/", "username", "admin",
			"password", "admin-pw", "path", "/socket.io", "namespace", "/admin");

	@Nested
	class OnSpringMvc extends SingleNode {

		OnSpringMvc() {
			super(WebApplicationType.SERVLET);
		}

	}

	@Nested
	class OnWebFlux extends SingleNode {

		OnWebFlux() {
			super(WebApplicationType.REACTIVE);
		}

	}

	abstract static class SingleNode {

		private final WebApplicationType type;

		SingleNode(WebApplicationType type) {
			this.type = type;
		}

		@Test
		void theUiListsTheSocketsOfTwoPagesAndDisconnectsOne() throws Exception {
			try (ConfigurableApplicationContext app = start(type, "admin")) {
				JsonNode result = run("adminUi", "single-" + type.name().toLowerCase(), url(app), LOGIN);

				String alice = result.get("alice").asText();
				String bob = result.get("bob").asText();
				assertThat(texts(result.get("listed"))).contains(alice, bob);
				assertThat(texts(result.get("remaining"))).contains(bob).doesNotContain(alice);
				// the page was told by the server; the UI saw why the server let it go
				assertThat(result.get("aliceReason").asText()).isEqualTo("io server disconnect");
				assertThat(result.get("aliceEvents").toString()).contains("server namespace disconnect");
				assertThat(result.get("bobConnected").asBoolean()).isTrue();
				SocketIoServer io = app.getBean(SocketIoServer.class);
				Awaitility.await().untilAsserted(() -> assertThat(io.of("/chat").sockets()).doesNotContainKey(alice));
			}
		}

	}

	@Nested
	class Cluster {

		@Test
		void theUiOfOneNodeShowsBothServersAndAllSocketsAndDisconnectsARemoteOne() throws Exception {
			try (RedisServer redis = RedisServer.start();
					ConfigurableApplicationContext mvc = start(WebApplicationType.SERVLET, "cluster,admin",
							"--socketio.admin-ui.server-id=mvc-node", "--spring.data.redis.host=127.0.0.1",
							"--spring.data.redis.port=" + redis.port());
					ConfigurableApplicationContext flux = start(WebApplicationType.REACTIVE, "cluster,admin",
							"--socketio.admin-ui.server-id=flux-node", "--spring.data.redis.host=127.0.0.1",
							"--spring.data.redis.port=" + redis.port())) {
				Map<String, Object> options = new java.util.HashMap<>(LOGIN);
				options.put("nodes", List.of(url(mvc), url(flux)));
				options.put("serverIds", List.of("flux-node", "mvc-node"));
				JsonNode result = run("adminCluster", "cluster", url(mvc), options);

				assertThat(texts(result.get("servers"))).contains("flux-node", "mvc-node");
				String alice = result.get("alice").asText();
				String bob = result.get("bob").asText();
				assertThat(texts(result.get("listed"))).contains(alice, bob);
				assertThat(result.get("bobReason").asText()).isEqualTo("io server disconnect");
				assertThat(result.get("aliceConnected").asBoolean()).isTrue();
				assertThat(flux.getBean(SocketIoServer.class).of("/chat").socket(bob)).isNull();
			}
		}

	}

	/** The sample on a random port with these profiles. */
	static ConfigurableApplicationContext start(WebApplicationType type, String profiles, String... more) {
		List<String> args = new ArrayList<>(
				List.of("--server.port=0", "--server.address=127.0.0.1", "--spring.profiles.active=" + profiles));
		args.addAll(List.of(more));
		return new SpringApplicationBuilder(SampleApplication.class).web(type)
			.properties("spring.main.banner-mode=off")
			.run(args.toArray(String[]::new));
	}

	static String url(ConfigurableApplicationContext app) {
		return "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
	}

	/** Runs a scenario of {@code browser-scenarios.js} and returns its result. */
	static JsonNode run(String scenario, String screenshotFolder, String baseUrl, Map<String, ?> options)
			throws IOException, InterruptedException {
		String screenshots = new File(
				"target/browser-screenshots/" + AdminUiBrowserTests.class.getSimpleName() + "/" + screenshotFolder)
			.getAbsolutePath();
		Process process = new ProcessBuilder("node", "browser-scenarios.js", scenario, baseUrl, screenshots,
				mapper.writeValueAsString(options))
			.directory(SCRIPTS)
			.redirectErrorStream(true)
			.start();
		return SampleBrowserTests.result(process, scenario);
	}

	static List<String> texts(JsonNode array) {
		return SampleBrowserTests.texts(array);
	}

}
