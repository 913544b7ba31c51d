package dev.realtime.socketio.spring.msgpack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.msgpack.MsgpackCodec;
import dev.realtime.socketio.msgpack.MsgpackPacketParser;
import dev.realtime.socketio.server.SocketIoServer;
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
import static org.awaitility.Awaitility.await;

/**
 * {@code socketio.parser.format=msgpack} end to end: the official JavaScript client with
 * {@code socket.io-msgpack-parser} (both from npm, run by Node) against a real server,
 * and raw connections sending bad MessagePack. Subclasses pick the web stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractMsgpackNodeClientTests {

	private static final String SCRIPT = "../js-msgpack/msgpack-scenarios.js";

	private static final MsgpackCodec codec = new MsgpackCodec();

	private ConfigurableApplicationContext context;

	private SocketIoServer io;

	private int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	protected abstract WebApplicationType webApplicationType();

	@BeforeAll
	void startServer() {
		this.context = new SpringApplicationBuilder(MsgpackTestHandlers.class).web(webApplicationType())
			.properties("server.port=0", "server.address=127.0.0.1", "socketio.parser.format=msgpack")
			.run();
		this.port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		this.io = this.context.getBean(SocketIoServer.class);
	}

	@AfterAll
	void stopServer() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void theParserIsTheMsgpackOne() {
		assertThat(this.io.options().parser()).isInstanceOf(MsgpackPacketParser.class);
	}

	@Test
	void officialClientWithTheMsgpackParserOverWebSocket() throws Exception {
		assertRoundTrip(NodeScenario.run(SCRIPT, "roundtrip", baseUrl(), "websocket"), "websocket");
	}

	@Test
	void officialClientWithTheMsgpackParserOverPolling() throws Exception {
		assertRoundTrip(NodeScenario.run(SCRIPT, "roundtrip", baseUrl(), "polling"), "polling");
	}

	private void assertRoundTrip(JsonNode result, String transport) {
		assertThat(result.get("transport").stringValue()).isEqualTo(transport);
		// events: every kind of value back as it was sent, binary at any depth (an
		// ArrayBuffer comes back as binary too)
		assertThat(result.get("echoed").toString()).isEqualTo("[\"text\",42,1.5,-7,{\"nested\":[true,null]},"
				+ "{\"binary\":[1,2,3]},{\"deep\":{\"bytes\":{\"binary\":[9]}}},[[{\"binary\":[7,8]}]]]");
		// the client's ack answered by the server, and the server's ack answered by the
		// client
		assertThat(result.get("acked").toString()).isEqualTo("[\"a\",{\"bin\":{\"binary\":[4,5]}}]");
		assertThat(result.get("question").toString()).isEqualTo("[\"life\",{\"binary\":[6,7]}]");
		assertThat(result.get("serverGot").toString()).isEqualTo("[\"answer\",{\"nested\":{\"binary\":[1,2]}}]");
		// namespaces, with the CONNECT payload as handshake auth
		assertThat(result.get("chatAuth").toString()).isEqualTo("[{\"token\":\"abc\",\"n\":1}]");
		// errors: a middleware's refusal with its data, an unknown namespace
		assertThat(result.get("guarded").toString()).isEqualTo("{\"message\":\"not allowed\",\"data\":{\"code\":42}}");
		assertThat(result.get("unknown").get("message").stringValue()).isEqualTo("Invalid namespace");
	}

	@Test
	void badMsgpackOverWebSocketClosesTheConnectionAndLeavesNothingBehind() throws Exception {
		assertParseErrorCloses(new byte[] { (byte) 0xc1 });
		assertParseErrorCloses(new byte[] { (byte) 0x92, (byte) 0xc0 });
		assertParseErrorCloses(codec.encode(Map.of("type", 9, "nsp", "/")));
	}

	@Test
	void textOverWebSocketClosesTheConnection() throws Exception {
		Ws ws = connectedWebSocket();
		ws.socket.sendText("42[\"echo\",1]", true).join();
		assertThat(ws.closed.get(10, TimeUnit.SECONDS)).isNotNull();
		awaitGone(ws.sid, ws.socketId);
	}

	@Test
	void badMsgpackOverPollingClosesTheSession() throws Exception {
		HttpResponse<String> open = get("/socket.io/?EIO=4&transport=polling");
		assertThat(open.statusCode()).isEqualTo(200);
		String sid = codec.mapper().readTree(open.body().substring(1)).get("sid").stringValue();
		String query = "/socket.io/?EIO=4&transport=polling&sid=" + sid;
		String connect = "b" + Base64.getEncoder().encodeToString(codec.encode(Map.of("type", 0, "nsp", "/")));
		assertThat(post(query, connect).statusCode()).isEqualTo(200);
		String answer = get(query).body();
		assertThat(answer).startsWith("b");
		String socketId = codec.decodeTree(Base64.getDecoder().decode(answer.substring(1)))
			.at("/data/sid")
			.stringValue();
		assertThat(this.io.sockets().socket(socketId)).isNotNull();
		post(query, "b" + Base64.getEncoder().encodeToString(new byte[] { (byte) 0x85, (byte) 0xa4 }));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(query).statusCode()).isEqualTo(400));
		awaitGone(sid, socketId);
	}

	private void assertParseErrorCloses(byte[] bad) throws Exception {
		Ws ws = connectedWebSocket();
		ws.socket.sendBinary(ByteBuffer.wrap(bad), true).join();
		assertThat(ws.closed.get(10, TimeUnit.SECONDS)).isNotNull();
		awaitGone(ws.sid, ws.socketId);
	}

	/** A raw WebSocket whose main namespace CONNECT (in MessagePack) was answered. */
	private Ws connectedWebSocket() throws Exception {
		Ws ws = new Ws();
		ws.socket = this.http.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + this.port + "/socket.io/?EIO=4&transport=websocket"), ws)
			.get(10, TimeUnit.SECONDS);
		String open = (String) ws.next();
		assertThat(open).startsWith("0{");
		ws.sid = codec.mapper().readTree(open.substring(1)).get("sid").stringValue();
		ws.socket.sendBinary(ByteBuffer.wrap(codec.encode(Map.of("type", 0, "nsp", "/"))), true).join();
		JsonNode answer = codec.decodeTree((byte[]) ws.next());
		assertThat(answer.get("type").intValue()).isZero();
		ws.socketId = answer.at("/data/sid").stringValue();
		assertThat(this.io.sockets().socket(ws.socketId)).isNotNull();
		return ws;
	}

	/**
	 * The engine session and the socket of a closed connection are gone (other tests'
	 * clients may still be there).
	 */
	private void awaitGone(String sid, String socketId) {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.io.engine().session(sid)).as("engine session " + sid).isNull();
			assertThat(this.io.sockets().socket(socketId)).as("socket " + socketId).isNull();
			assertThat(this.io.sockets().adapter().socketRooms(socketId)).as("rooms of socket " + socketId)
				.isNullOrEmpty();
		});
	}

	private String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	private HttpResponse<String> get(String pathAndQuery) throws Exception {
		return this.http.send(
				HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String pathAndQuery, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "text/plain;charset=UTF-8")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A JDK WebSocket that queues whole messages ({@code String} or {@code byte[]}). */
	private static final class Ws implements WebSocket.Listener {

		private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();

		private final CompletableFuture<Integer> closed = new CompletableFuture<>();

		private final StringBuilder text = new StringBuilder();

		private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

		private volatile WebSocket socket;

		private String sid;

		private String socketId;

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				this.messages.add(this.text.toString());
				this.text.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			this.binary.writeBytes(bytes);
			if (last) {
				this.messages.add(this.binary.toByteArray());
				this.binary.reset();
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closed.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			this.closed.complete(-1);
		}

		Object next() throws InterruptedException {
			Object message = this.messages.poll(10, TimeUnit.SECONDS);
			assertThat(message).as("a message within 10 s").isNotNull();
			return message;
		}

	}

}
