package dev.realtime.socketio.sample;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import dev.realtime.socketio.engine.CloseReason;
import dev.realtime.socketio.engine.EngineSocket;
import dev.realtime.socketio.server.Socket;
import dev.realtime.socketio.server.SocketIoServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample chat page in a real browser (Debian's headless Chromium, driven by
 * puppeteer-core from {@code src/test/js/browser-scenarios.js}), against the sample
 * application on a random port, on Spring MVC (Tomcat) and on WebFlux (Reactor Netty).
 * Screenshots land in {@code target/browser-screenshots}.
 */
class SampleBrowserTests {

	private static final File SCRIPTS = new File(System.getProperty("sample.test.js.dir", "src/test/js"));

	private static final JsonMapper mapper = JsonMapper.builder().build();

	@Nested
	class OnSpringMvc extends Chat {

		OnSpringMvc() {
			super(WebApplicationType.SERVLET);
		}

	}

	@Nested
	class OnWebFlux extends Chat {

		OnWebFlux() {
			super(WebApplicationType.REACTIVE);
		}

	}

	@Nested
	class SecureOnSpringMvc extends Secure {

		SecureOnSpringMvc() {
			super(WebApplicationType.SERVLET);
		}

	}

	@Nested
	class SecureOnWebFlux extends Secure {

		SecureOnWebFlux() {
			super(WebApplicationType.REACTIVE);
		}

	}

	/** The default profile: anyone picks a name and chats. */
	abstract static class Chat extends Running {

		Chat(WebApplicationType type) {
			super(type);
		}

		@Test
		void twoPagesChatInRoomsWithTypingAcknowledgementsAndPrivateMessages() throws Exception {
			JsonNode result = run("chat");

			assertThat(result.get("typing").asText()).isEqualTo("alice is typing…");
			assertThat(messages(result.get("aliceLobby"))).containsSubsequence("alice: hello bob [sent]",
					"bob: hi alice [received]");
			assertThat(texts(result.get("bobsPrivates"))).containsExactly("@alice 1");
			assertThat(texts(result.get("aliceRooms"))).containsExactly("#lobby", "#dev");
			assertThat(texts(result.get("aliceRoomsAfter"))).containsExactly("#lobby");
			assertThat(result.get("refused").asText()).isEqualTo("✗ text size must be between 0 and 2000");
		}

		@Test
		void aPollingOnlyPageTalksWithAWebSocketPage() throws Exception {
			JsonNode result = run("transports");

			assertThat(result.at("/polling/transport").asText()).isEqualTo("polling");
			assertThat(result.at("/polling/status").asText()).isEqualTo("connected over polling");
			assertThat(result.at("/websocket/transport").asText()).isEqualTo("websocket");
			assertThat(messages(result.at("/polling/messages"))).containsExactly("poller: from polling [sent]",
					"websocketer: from websocket [received]");
			assertThat(messages(result.at("/websocket/messages"))).containsExactly("poller: from polling [received]",
					"websocketer: from websocket [sent]");
		}

		@Test
		void aPageRecoversTheMessagesItMissedWhenTheServersTransportDrops() throws Exception {
			Process process = start("recovery");
			String socketId = awaitLine(process, "DROP ").substring("DROP ".length());
			Socket socket = io().of("/chat").socket(socketId);
			assertThat(socket).as("the page's socket " + socketId).isNotNull();
			EngineSocket connection = io().engine().session(socket.connectionId());
			assertThat(connection).isNotNull();
			connection.close(CloseReason.TRANSPORT_CLOSE);
			try (Writer input = process.outputWriter(StandardCharsets.UTF_8)) {
				input.write("dropped\n");
			}
			JsonNode result = result(process, "recovery");

			// "transport error" when the page was still polling, "transport close" over
			// WebSocket
			assertThat(result.get("disconnectReason").asText()).isIn("transport close", "transport error");
			assertThat(result.get("recovered").asBoolean()).isTrue();
			assertThat(result.get("sameId").asBoolean()).isTrue();
			assertThat(messages(result.get("messages"))).containsExactly("bob: before the drop [received]",
					"bob: missed 1 [received]", "bob: missed 2 [received]",
					"(Reconnected: connection state recovered, missed messages delivered.)");
		}

	}

	/** The {@code secure} profile: the chat needs a login. */
	abstract static class Secure extends Running {

		Secure(WebApplicationType type) {
			super(type, "--spring.profiles.active=secure");
		}

		@Test
		void anAnonymousPageIsRefusedAndChatsOnceSignedIn() throws Exception {
			JsonNode result = run("secure");

			assertThat(result.at("/anonymous/status").asText()).isEqualTo("sign in required");
			assertThat(result.at("/anonymous/loginVisible").asBoolean()).isTrue();
			assertThat(result.at("/signedIn/user").asText()).isEqualTo("alice");
			assertThat(result.at("/signedIn/nameInputHidden").asBoolean()).isTrue();
			assertThat(texts(result.at("/signedIn/members"))).containsExactly("alice (you)");
			assertThat(messages(result.at("/signedIn/messages"))).containsExactly("alice: signed in [sent]");
		}

	}

	/** The sample application, started once for the class on a random port. */
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	abstract static class Running {

		private final WebApplicationType type;

		private final String[] arguments;

		private ConfigurableApplicationContext context;

		private String baseUrl;

		Running(WebApplicationType type, String... arguments) {
			this.type = type;
			this.arguments = arguments;
		}

		@BeforeAll
		void start() {
			List<String> args = new ArrayList<>(List.of(this.arguments));
			args.add("--server.port=0");
			args.add("--server.address=127.0.0.1");
			// Tomcat notices a page that went away during a parked polling GET only at
			// the next
			// heartbeat (README, "Known differences from Node"): a short one lets each
			// scenario start
			// without the pages of the one before
			args.add("--socketio.ping-interval=1s");
			args.add("--socketio.ping-timeout=2s");
			this.context = new SpringApplicationBuilder(SampleApplication.class).web(this.type)
				.properties("spring.main.banner-mode=off")
				.run(args.toArray(String[]::new));
			int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
			this.baseUrl = "http://127.0.0.1:" + port;
		}

		@AfterAll
		void stop() {
			if (this.context != null) {
				this.context.close();
			}
		}

		SocketIoServer io() {
			return this.context.getBean(SocketIoServer.class);
		}

		Process start(String scenario) throws IOException {
			// every scenario starts in an empty chat: the pages of the scenario before
			// have gone
			Awaitility.await("no page of an earlier scenario left on /chat")
				.atMost(Duration.ofSeconds(30))
				.until(() -> io().of("/chat").sockets().isEmpty());
			String screenshots = new File("target/browser-screenshots/" + getClass().getSimpleName()).getAbsolutePath();
			return new ProcessBuilder("node", "browser-scenarios.js", scenario, this.baseUrl, screenshots)
				.directory(SCRIPTS)
				.redirectErrorStream(true)
				.start();
		}

		JsonNode run(String scenario) throws IOException, InterruptedException {
			return result(start(scenario), scenario);
		}

	}

	/**
	 * Reads the scenario's output until a line starting with {@code prefix}; fails if it
	 * ends first.
	 */
	static String awaitLine(Process process, String prefix) throws IOException {
		BufferedReader reader = process.inputReader(StandardCharsets.UTF_8);
		StringBuilder seen = new StringBuilder();
		String line;
		while ((line = reader.readLine()) != null) {
			if (line.startsWith(prefix)) {
				return line;
			}
			seen.append(line).append('\n');
		}
		throw new AssertionError("scenario ended before printing " + prefix + ":\n" + seen);
	}

	/**
	 * Waits for the scenario and returns the JSON of its RESULT line; anything else fails
	 * with its output.
	 */
	static JsonNode result(Process process, String scenario) throws IOException, InterruptedException {
		// the same reader as awaitLine's, so that nothing it buffered is lost
		BufferedReader reader = process.inputReader(StandardCharsets.UTF_8);
		CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
			StringBuilder printed = new StringBuilder();
			try {
				String line;
				while ((line = reader.readLine()) != null) {
					printed.append(line).append('\n');
				}
			}
			catch (IOException ex) {
				printed.append("(output unreadable: ").append(ex).append(')');
			}
			return printed.toString();
		});
		if (!process.waitFor(90, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("browser scenario " + scenario + " did not finish in 90 s");
		}
		String printed = output.join();
		for (String line : printed.split("\n")) {
			if (line.startsWith("RESULT ")) {
				return mapper.readTree(line.substring("RESULT ".length()));
			}
		}
		throw new AssertionError(
				"browser scenario " + scenario + " failed (exit " + process.exitValue() + "):\n" + printed);
	}

	/** Messages as "from: text [state]", system lines as "(text)". */
	static List<String> messages(JsonNode messages) {
		return StreamSupport.stream(messages.spliterator(), false)
			.map((m) -> m.has("system") ? "(" + m.get("system").asText() + ")"
					: m.get("from").asText() + ": " + m.get("text").asText() + " [" + m.get("state").asText() + "]")
			.toList();
	}

	static List<String> texts(JsonNode array) {
		return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
	}

}
