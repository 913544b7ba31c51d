package dev.realtime.socketio.spring.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the starter serves besides the protocol, the same tests for every web stack: the
 * startup line saying where Socket.IO is served, the client bundle
 * ({@code socketio.serve-client}), the Admin UI's files
 * ({@code socketio.admin-ui.serve-ui}) and the {@code socketio.per-message-deflate}
 * negotiation, over real HTTP connections to a real application built from the
 * auto-configuration.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
public abstract class AbstractSocketIoServingTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(TIMEOUT)
		.build();

	/** The application with the defaults, shared by the tests that need nothing else. */
	private ConfigurableApplicationContext defaults;

	/** The web stack under test. */
	protected abstract WebApplicationType webApplicationType();

	/** How the startup line names the stack, e.g. {@code Spring MVC on Tomcat}. */
	protected abstract String stackName();

	@BeforeAll
	void startDefaults() {
		defaults = start();
	}

	@AfterAll
	void stopDefaults() {
		if (defaults != null) {
			defaults.close();
		}
	}

	// ------------------------------------------------------------------ startup line

	@Test
	void oneInfoLineSaysWherePathStackTransportsNamespacesAndAdapter(CapturedOutput output) {
		try (ConfigurableApplicationContext app = start("socketio.path=/rt/", "socketio.transports=websocket")) {
			String line = output.getAll()
				.lines()
				.filter((candidate) -> candidate.contains("Socket.IO served on"))
				.reduce((first, last) -> last)
				.orElseThrow(() -> new AssertionError("no startup line in the output"));
			assertThat(line).contains("INFO")
				.contains("Socket.IO served on /rt/ (port " + port(app) + ", " + stackName() + ")")
				.contains("transports websocket;")
				.contains("namespaces /, /chat, ^/workspace-\\d+$;")
				.contains("adapter InMemoryAdapter");
		}
	}

	// ------------------------------------------------------------------ client bundle

	@ParameterizedTest
	@ValueSource(strings = { "socket.io.js", "socket.io.min.js", "socket.io.esm.min.js", "socket.io.msgpack.min.js" })
	void theClientBundleIsServedWithItsSourceMap(String file) throws Exception {
		HttpResponse<byte[]> script = get(defaults, "/socket.io/" + file, Map.of());
		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(contentType(script)).isEqualTo("application/javascript;charset=utf-8");
		assertThat(script.headers().firstValue("Cache-Control")).hasValue("public, max-age=0");
		assertThat(script.headers().firstValue("ETag"))
			.hasValueSatisfying((etag) -> assertThat(etag).matches("\"[0-9a-f]{32}\""));
		assertThat(new String(script.body(), StandardCharsets.UTF_8)).contains("Socket.IO v4.8");

		HttpResponse<byte[]> map = get(defaults, "/socket.io/" + file + ".map", Map.of());
		assertThat(map.statusCode()).isEqualTo(200);
		assertThat(contentType(map)).isEqualTo("application/json;charset=utf-8");
		assertThat(new String(map.body(), StandardCharsets.UTF_8)).startsWith("{").contains("\"mappings\"");
		assertThat(map.headers().firstValue("ETag")).isNotEqualTo(script.headers().firstValue("ETag"));
	}

	@Test
	void aMatchingIfNoneMatchGets304WithoutABody() throws Exception {
		String etag = get(defaults, "/socket.io/socket.io.min.js", Map.of()).headers().firstValue("ETag").orElseThrow();
		for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"other\", " + etag)) {
			HttpResponse<byte[]> revalidated = get(defaults, "/socket.io/socket.io.min.js",
					Map.of("If-None-Match", ifNoneMatch));
			assertThat(revalidated.statusCode()).as(ifNoneMatch).isEqualTo(304);
			assertThat(revalidated.headers().firstValue("ETag")).hasValue(etag);
			assertThat(revalidated.body()).isEmpty();
		}
		HttpResponse<byte[]> changed = get(defaults, "/socket.io/socket.io.min.js",
				Map.of("If-None-Match", "\"other\""));
		assertThat(changed.statusCode()).isEqualTo(200);
		assertThat(changed.body()).isNotEmpty();
	}

	@Test
	void aClientThatAcceptsGzipGetsTheBundleCompressed() throws Exception {
		byte[] plain = get(defaults, "/socket.io/socket.io.js", Map.of()).body();
		HttpResponse<byte[]> compressed = get(defaults, "/socket.io/socket.io.js",
				Map.of("Accept-Encoding", "gzip, deflate"));
		assertThat(compressed.statusCode()).isEqualTo(200);
		assertThat(compressed.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(compressed.body().length).isLessThan(plain.length / 2);
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed.body()))) {
			assertThat(in.readAllBytes()).isEqualTo(plain);
		}
	}

	@Test
	void otherPathsUnderThePathStillGoToTheServer() throws Exception {
		HttpResponse<byte[]> unknown = get(defaults, "/socket.io/socket.io.slim.js", Map.of());
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(new String(unknown.body(), StandardCharsets.UTF_8)).contains("Transport unknown");
		HttpResponse<byte[]> handshake = get(defaults, "/socket.io/?EIO=4&transport=polling", Map.of());
		assertThat(new String(handshake.body(), StandardCharsets.UTF_8)).startsWith("0{\"sid\":");
	}

	@Test
	void serveClientFalseLeavesTheBundlePathsToTheServer() throws Exception {
		try (ConfigurableApplicationContext app = start("socketio.serve-client=false")) {
			HttpResponse<byte[]> response = get(app, "/socket.io/socket.io.min.js", Map.of());
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).doesNotContain("javascript"));
		}
	}

	// ------------------------------------------------------------------ Admin UI

	@Test
	void theAdminUiIsServedUnderItsOwnPathWithContentTypesAndCaching() throws Exception {
		try (ConfigurableApplicationContext app = start("socketio.admin-ui.enabled=true",
				"socketio.admin-ui.auth.enabled=false", "socketio.admin-ui.serve-ui=true",
				"socketio.admin-ui.ui-path=/ops/admin")) {
			// the path without its slash redirects, so that the page's relative links
			// resolve
			HttpResponse<byte[]> redirect = get(app, "/ops/admin", Map.of());
			assertThat(redirect.statusCode()).isEqualTo(301);
			assertThat(redirect.headers().firstValue("Location")).hasValue("admin/");

			HttpResponse<byte[]> page = get(app, "/ops/admin/", Map.of());
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(contentType(page)).isEqualTo("text/html;charset=utf-8");
			assertThat(page.headers().firstValue("Cache-Control")).hasValue("public, max-age=0");
			String html = new String(page.body(), StandardCharsets.UTF_8);
			assertThat(html).contains("<title>Socket.IO Admin UI</title>");
			assertThat(get(app, "/ops/admin/index.html", Map.of()).body()).isEqualTo(page.body());

			// every script and style sheet the page links, named by their content:
			// cached for a year
			List<String> linked = Pattern.compile("(?:src|href)=\"?((?:js|css)/[^\" >]+)")
				.matcher(html)
				.results()
				.map((match) -> match.group(1))
				.distinct()
				.toList();
			assertThat(linked).anyMatch((file) -> file.endsWith(".js")).anyMatch((file) -> file.endsWith(".css"));
			for (String file : linked) {
				HttpResponse<byte[]> asset = get(app, "/ops/admin/" + file, Map.of("Accept-Encoding", "gzip"));
				assertThat(asset.statusCode()).as(file).isEqualTo(200);
				assertThat(contentType(asset)).as(file)
					.isEqualTo(
							file.endsWith(".js") ? "application/javascript;charset=utf-8" : "text/css;charset=utf-8");
				assertThat(asset.headers().firstValue("Cache-Control")).as(file)
					.hasValue("public, max-age=31536000, immutable");
				assertThat(asset.headers().firstValue("Content-Encoding")).as(file).hasValue("gzip");
			}

			// an image: revalidated, never gzipped again
			HttpResponse<byte[]> icon = get(app, "/ops/admin/favicon.png", Map.of("Accept-Encoding", "gzip"));
			assertThat(icon.statusCode()).isEqualTo(200);
			assertThat(contentType(icon)).isEqualTo("image/png");
			assertThat(icon.headers().firstValue("Content-Encoding")).isEmpty();
			String etag = icon.headers().firstValue("ETag").orElseThrow();
			assertThat(get(app, "/ops/admin/favicon.png", Map.of("If-None-Match", etag)).statusCode()).isEqualTo(304);

			assertThat(get(app, "/ops/admin/js/missing.js", Map.of()).statusCode()).isEqualTo(404);
		}
		// not served unless asked
		assertThat(get(defaults, "/socket.io-admin/", Map.of()).statusCode()).isEqualTo(404);
	}

	// ------------------------------------------------------------------
	// permessage-deflate

	@Test
	void permessageDeflateIsNotNegotiatedByDefaultThoughTheClientOffersIt() throws Exception {
		Map<String, String> answer = upgradeOfferingDeflate(defaults);
		assertThat(answer.get(":status")).isEqualTo("101");
		assertThat(answer).doesNotContainKey("sec-websocket-extensions");
	}

	@Test
	void permessageDeflateIsNegotiatedWhenEnabled() throws Exception {
		try (ConfigurableApplicationContext app = start("socketio.per-message-deflate=true")) {
			Map<String, String> answer = upgradeOfferingDeflate(app);
			assertThat(answer.get(":status")).isEqualTo("101");
			assertThat(answer.get("sec-websocket-extensions")).startsWith("permessage-deflate");
		}
	}

	/**
	 * A WebSocket handshake offering permessage-deflate, as browsers send it; the 101's
	 * headers.
	 */
	private Map<String, String> upgradeOfferingDeflate(ConfigurableApplicationContext app) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port(app))) {
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n" + "Host: 127.0.0.1:" + port(app)
					+ "\r\n" + "Upgrade: websocket\r\n" + "Connection: Upgrade\r\n"
					+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + "Sec-WebSocket-Version: 13\r\n"
					+ "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return readHead(socket.getInputStream());
		}
	}

	/**
	 * The status (as {@code :status}) and headers (lower-case names) of an HTTP response
	 * head.
	 */
	private static Map<String, String> readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < end.length && head.size() < 16_384) {
			int next = in.read();
			if (next < 0) {
				break;
			}
			head.write(next);
			matched = (next == end[matched]) ? matched + 1 : ((next == '\r') ? 1 : 0);
		}
		List<String> lines = new ArrayList<>(head.toString(StandardCharsets.ISO_8859_1).lines().toList());
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(":status", lines.get(0).split(" ")[1]);
		for (String line : lines.subList(1, lines.size())) {
			int colon = line.indexOf(':');
			if (colon > 0) {
				headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
			}
		}
		return headers;
	}

	// ------------------------------------------------------------------ support

	private ConfigurableApplicationContext start(String... properties) {
		return start(serverConfigurations(), properties);
	}

	/**
	 * Starts the test application on a random port with these configurations and
	 * properties.
	 */
	protected ConfigurableApplicationContext start(Class<?>[] configurations, String... properties) {
		List<String> all = new ArrayList<>(
				List.of("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(ServingTestApplication.class).sources(configurations)
			.web(webApplicationType())
			.properties(all.toArray(String[]::new))
			.run();
	}

	/** Configuration added to the application to pick the stack's server. */
	protected Class<?>[] serverConfigurations() {
		if (webApplicationType() == WebApplicationType.REACTIVE) {
			return new Class<?>[] { AbstractEngineWireTests.NettyServerConfiguration.class, OwnReactorResources.class };
		}
		return new Class<?>[0];
	}

	/**
	 * Reactor resources owned by each application: Boot's default shares Reactor Netty's
	 * global ones and disposes of them when an application closes, which would stop the
	 * other application these tests keep running.
	 */
	@Configuration(proxyBeanMethods = false)
	static class OwnReactorResources {

		@Bean
		ReactorResourceFactory reactorResourceFactory() {
			ReactorResourceFactory factory = new ReactorResourceFactory();
			factory.setUseGlobalResources(false);
			return factory;
		}

	}

	/**
	 * The content type without spaces (Tomcat writes {@code ;charset=}, Reactor Netty
	 * {@code ; charset=}).
	 */
	private static String contentType(HttpResponse<?> response) {
		return response.headers().firstValue("Content-Type").orElse("").replace(" ", "");
	}

	private static int port(ConfigurableApplicationContext app) {
		return ((WebServerApplicationContext) app).getWebServer().getPort();
	}

	private HttpResponse<byte[]> get(ConfigurableApplicationContext app, String path, Map<String, String> headers)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(app) + path))
			.timeout(TIMEOUT);
		headers.forEach(request::header);
		return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	/**
	 * A Socket.IO application: a static namespace and a dynamic one besides the main
	 * namespace.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ServingTestApplication {

		@Bean
		SocketIoServerCustomizer namespaces() {
			return (io) -> {
				io.of("/chat");
				io.of(Pattern.compile("^/workspace-\\d+$"));
			};
		}

	}

}
