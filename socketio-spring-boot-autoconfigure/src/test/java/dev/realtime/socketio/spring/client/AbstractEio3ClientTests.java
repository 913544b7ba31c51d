package dev.realtime.socketio.spring.client;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.realtime.socketio.spring.testsupport.NodeScenario;
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
 * Engine.IO v3 clients ({@code socketio.allow-eio3=true}): socket.io-client 2.x from npm,
 * run by Node, beside the v4 client, and raw HTTP for the v3 polling framing's edge cases
 * (without the property, {@link AbstractNodeClientTests} shows v2 clients refused).
 * Subclasses pick the web stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractEio3ClientTests {

	private static final String SCRIPT = "v2-scenarios.js";

	private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

	private ConfigurableApplicationContext context;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private String baseUrl;

	protected abstract WebApplicationType webApplicationType();

	@BeforeAll
	void startServer() {
		context = new SpringApplicationBuilder(ClientTestHandlers.class).web(webApplicationType())
			.properties("server.port=0", "socketio.ping-interval=1s", "socketio.ping-timeout=1s",
					"socketio.allow-eio3=true")
			.run();
		baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@AfterAll
	void stopServer() {
		context.close();
	}

	private static JsonNode run(String scenario, String baseUrl) throws Exception {
		return NodeScenario.run(SCRIPT, scenario, baseUrl);
	}

	// ---------------------------------------------------------------- client 2.x

	@Test
	void v2ClientEchoesTextAndBinaryOverWebSocketOnly() throws Exception {
		AbstractNodeClientTests.assertEchoOver(run("websocket", baseUrl), "websocket");
	}

	@Test
	void v2ClientEchoesTextAndBinaryOverPollingOnly() throws Exception {
		AbstractNodeClientTests.assertEchoOver(run("polling", baseUrl), "polling");
	}

	@Test
	void v2ClientUpgradesFromPollingToWebSocket() throws Exception {
		AbstractNodeClientTests.assertEchoOver(run("upgrade", baseUrl), "websocket");
	}

	@Test
	void v2ClientAcknowledgementsWorkBothWays() throws Exception {
		JsonNode result = run("acks", baseUrl);
		assertThat(result.get("clientAck").toString()).isEqualTo("[\"a\",{\"binary\":[7]},{\"b\":1}]");
		assertThat(result.get("serverGot").asText()).isEqualTo("answer to life +2 bytes");
	}

	@Test
	void v2ClientNamespacesTakeTheirQueryAsAuthAndRefusalsAreBare() throws Exception {
		JsonNode result = run("namespaces", baseUrl);
		assertThat(result.get("refusal").toString()).isEqualTo("{\"reason\":\"bad token\"}");
		assertThat(result.get("adminWelcome").asText()).isEqualTo("hello admin");
		assertThat(result.get("dynamicName").asText()).isEqualTo("/dyn-42");
		assertThat(result.get("invalid").asText()).isEqualTo("Invalid namespace");
	}

	@Test
	void v2AndV4ClientsInOneRoomGetTheSameBroadcast() throws Exception {
		JsonNode result = run("mixedRoom", baseUrl);
		assertThat(result.get("v2").toString()).isEqualTo("[[\"hello blue\"]]");
		assertThat(result.get("v4").toString()).isEqualTo("[[\"hello blue\"],[\"from v2\"]]");
	}

	@Test
	void v2ClientReconnectsAfterADroppedConnectionButNotAfterServerDisconnect() throws Exception {
		JsonNode result = run("reconnection", baseUrl);
		assertThat(result.get("dropReason").asText()).isEqualTo("transport close");
		assertThat(result.get("reconnected").asBoolean()).isTrue();
		assertThat(result.get("serverReason").asText()).isEqualTo("io server disconnect");
	}

	@Test
	void v2ClientPingsAndOutlivesSeveralHeartbeats() throws Exception {
		JsonNode result = run("heartbeat", baseUrl);
		assertThat(result.get("pongs").asBoolean()).isTrue();
		assertThat(result.get("connected").asBoolean()).isTrue();
	}

	// ---------------------------------------------------------------- Java client 1.0.x

	/**
	 * Runs {@link JavaClientV1Scenarios} in a JVM whose class path has the Java client
	 * 1.0.x (copied by the build) instead of the tests' 2.x.
	 */
	private JsonNode runJavaClientV1(String transport) throws Exception {
		String clientJars = System.getProperty("socketio.test.java-client-v1.dir", "target/java-client-v1");
		String classes = Path
			.of(JavaClientV1Scenarios.class.getProtectionDomain().getCodeSource().getLocation().toURI())
			.toString();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
				classes + File.pathSeparator + clientJars + File.separator + "*", JavaClientV1Scenarios.class.getName(),
				baseUrl, transport)
			.redirectErrorStream(true)
			.start();
		return NodeScenario.result(process, "JavaClientV1Scenarios " + transport);
	}

	private void assertJavaClientV1(JsonNode result) {
		assertThat(result.get("welcomeIsSocketId").asBoolean()).isTrue();
		assertThat(result.get("echoed").toString()).isEqualTo("[\"text\",42,{\"nested\":[true]},{\"binary\":[1,2,3]}]");
		assertThat(result.get("clientAck").toString()).isEqualTo("[\"a\",{\"binary\":[7]}]");
		assertThat(result.get("serverGot").asText()).isEqualTo("answer to life +2 bytes");
		assertThat(result.get("adminWelcome").asText()).isEqualTo("hello admin");
		assertThat(result.get("refusal").asText()).isEqualTo("Invalid namespace");
	}

	@Test
	void javaClientV1OverPolling() throws Exception {
		assertJavaClientV1(runJavaClientV1("polling"));
	}

	@Test
	void javaClientV1OverWebSocket() throws Exception {
		assertJavaClientV1(runJavaClientV1("websocket"));
	}

	// ---------------------------------------------------------------- raw HTTP

	private HttpResponse<byte[]> send(String method, String query, byte[] body, String contentType) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/socket.io/?" + query))
			.timeout(Duration.ofSeconds(10));
		if ("POST".equals(method)) {
			request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static String text(HttpResponse<byte[]> response) {
		return new String(response.body(), StandardCharsets.UTF_8);
	}

	private String handshake(String query) throws Exception {
		String open = text(send("GET", "EIO=3&transport=polling" + query, new byte[0], null));
		assertThat(open).matches("\\d+:0\\{\"sid\".*");
		Matcher matcher = SID.matcher(open);
		assertThat(matcher.find()).isTrue();
		return matcher.group(1);
	}

	private HttpResponse<byte[]> post(String sid, String body) throws Exception {
		return send("POST", "EIO=3&transport=polling&sid=" + sid, body.getBytes(StandardCharsets.UTF_8),
				"text/plain;charset=UTF-8");
	}

	/**
	 * Polls until what arrived holds the connection listener's welcome (it may come in
	 * the first answer or the next); returns everything received.
	 */
	private String pollWelcome(String sid) throws Exception {
		StringBuilder received = new StringBuilder();
		for (int i = 0; i < 5 && received.indexOf("welcome") < 0; i++) {
			HttpResponse<byte[]> get = send("GET", "EIO=3&transport=polling&sid=" + sid, new byte[0], null);
			assertThat(get.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type.toLowerCase(java.util.Locale.ROOT)).startsWith("text/plain"));
			received.append(text(get));
		}
		return received.toString();
	}

	@Test
	void rawV3HandshakeGetsTheImplicitMainNamespaceConnectInLengthPrefixedRecords() throws Exception {
		String sid = handshake("&b64=1");

		String welcome = "42[\"welcome\",\"" + sid + "\"]";
		assertThat(pollWelcome(sid)).isEqualTo("2:40" + welcome.length() + ":" + welcome);
	}

	@Test
	void rawV3BinaryIsBase64WithTheTypeDigitForABase64Client() throws Exception {
		String sid = handshake("&b64=1");
		pollWelcome(sid);

		// 451-["echo",{placeholder}] and its attachment <01 02 03> as b4AQID
		String event = "451-[\"echo\",{\"_placeholder\":true,\"num\":0}]";
		assertThat(text(post(sid, event.length() + ":" + event + "6:b4AQID"))).isEqualTo("ok");

		assertThat(text(send("GET", "EIO=3&transport=polling&sid=" + sid, new byte[0], null)))
			.isEqualTo(event.length() + ":" + event + "6:b4AQID");
	}

	@Test
	void rawV3BinaryPayloadForAClientThatTakesBinary() throws Exception {
		String sid = handshake("");
		pollWelcome(sid);
		String event = "451-[\"echo\",{\"_placeholder\":true,\"num\":0}]";
		assertThat(text(post(sid, event.length() + ":" + event + "6:b4AQID"))).isEqualTo("ok");

		HttpResponse<byte[]> get = send("GET", "EIO=3&transport=polling&sid=" + sid, new byte[0], null);

		assertThat(get.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
		byte[] header = event.getBytes(StandardCharsets.UTF_8);
		byte[] expected = new byte[header.length + 12];
		int i = 0;
		expected[i++] = 0;
		expected[i++] = (byte) (header.length / 10);
		expected[i++] = (byte) (header.length % 10);
		expected[i++] = (byte) 255;
		System.arraycopy(header, 0, expected, i, header.length);
		i += header.length;
		for (int b : new int[] { 1, 4, 255, 4, 1, 2, 3 }) {
			expected[i++] = (byte) b;
		}
		assertThat(get.body()).containsExactly(java.util.Arrays.copyOf(expected, i));
	}

	@Test
	void rawV3BadLengthPrefixIsRefusedWithItsReasonAndEndsTheSession() throws Exception {
		String sid = handshake("&b64=1");

		HttpResponse<byte[]> post = post(sid, "12x:42[\"echo\"]");

		assertThat(post.statusCode()).isEqualTo(400);
		assertThat(text(post))
			.isEqualTo("Bad Engine.IO v3 payload: length prefix '12x' at offset 0 is not a number of characters");
		HttpResponse<byte[]> next = send("GET", "EIO=3&transport=polling&sid=" + sid, new byte[0], null);
		assertThat(next.statusCode()).isEqualTo(400);
		assertThat(text(next)).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
	}

	@Test
	void rawV3UnknownSidIsTheUsualError() throws Exception {
		HttpResponse<byte[]> get = send("GET", "EIO=3&transport=polling&sid=nope", new byte[0], null);

		assertThat(get.statusCode()).isEqualTo(400);
		assertThat(text(get)).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
	}

}
