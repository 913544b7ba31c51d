package dev.realtime.socketio.spring.web.reactive;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.engine.CloseReason;
import dev.realtime.socketio.engine.CorsPolicy;
import dev.realtime.socketio.engine.EngineOptions;
import dev.realtime.socketio.engine.EngineServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The WebFlux binding on a real Reactor Netty server, driven by the JDK's HTTP and
 * WebSocket clients against a raw echo Engine.IO server.
 */
class ReactiveEngineBindingTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static ConfigurableApplicationContext context;

	private static EngineServer engine;

	private static int port;

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	/**
	 * The session ids of polling requests that reached the server, as the server sees
	 * them.
	 */
	private static final BlockingQueue<String> pollsSeen = new LinkedBlockingQueue<>();

	private static final Map<String, CloseReason> closeReasons = new ConcurrentHashMap<>();

	@BeforeAll
	static void startServer() {
		context = new SpringApplicationBuilder(EchoApplication.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "server.address=127.0.0.1")
			.run();
		engine = context.getBean("engineServer", EngineServer.class);
		port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@AfterAll
	static void stopServer() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void servesThePollingHandshakeAndEchoesAMessage() throws Exception {
		String sid = handshake();

		assertThat(post(sid, "4hello").body()).isEqualTo("ok");
		assertThat(pollUntilMessage(sid)).isEqualTo("4hello");
	}

	@Test
	void parksAPollingGetUntilTheServerHasSomethingToSend() throws Exception {
		String sid = handshake();
		pollsSeen.clear();
		CompletableFuture<HttpResponse<String>> poll = http.sendAsync(request(sid).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(pollsSeen.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(sid);
		assertThat(poll).isNotDone();

		engine.session(sid).send("later");

		assertThat(poll.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).body()).isEqualTo("4later");
	}

	@Test
	void closesTheSessionWhenTheClientAbandonsAParkedGet() throws Exception {
		String sid = handshake();
		pollsSeen.clear();
		try (Socket socket = new Socket("127.0.0.1", port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET /engine.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			assertThat(pollsSeen.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(sid);
		}

		// well before the heartbeat could time the session out
		await().atMost(Duration.ofMillis(250)).until(() -> closeReasons.containsKey(sid));
		assertThat(closeReasons.get(sid)).isEqualTo(CloseReason.TRANSPORT_ERROR);
	}

	@Test
	void answersAnOversizedPollingBodyWith413() throws Exception {
		String sid = handshake();
		byte[] body = new byte[(int) engine.options().maxHttpBufferSize() + 1];
		Arrays.fill(body, (byte) 'a');
		body[0] = '4';

		HttpResponse<String> response = http.send(
				request(sid).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(413);
	}

	@Test
	void echoesTextAndBinaryFramesOverWebSocket() throws Exception {
		Client client = Client.open(port, "");
		assertThat(client.nextText()).startsWith("0{\"sid\":");

		client.socket.sendText("4hello", true).join();
		assertThat(client.nextText()).isEqualTo("4hello");
		client.socket.sendBinary(ByteBuffer.wrap(new byte[] { 1, 2, 3 }), true).join();
		assertThat(client.nextBinary()).containsExactly(1, 2, 3);
		client.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
	}

	@Test
	void sendsACloseFrameWhenTheServerClosesAWebSocketSession() throws Exception {
		Client client = Client.open(port, "");
		String open = client.nextText();
		String sid = open.substring(9, open.indexOf('"', 9));

		engine.session(sid).close();

		assertThat(client.closeCode.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
	}

	@Test
	void upgradesAPollingSessionToWebSocket() throws Exception {
		String sid = handshake();
		Client client = Client.open(port, "&sid=" + sid);

		client.socket.sendText("2probe", true).join();
		assertThat(client.nextText()).isEqualTo("3probe");
		client.socket.sendText("5", true).join();
		client.socket.sendText("4upgraded", true).join();

		assertThat(client.nextText()).isEqualTo("4upgraded");
		assertThat(engine.session(sid).transport()).isEqualTo(EngineOptions.WEBSOCKET);
		client.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
	}

	@Test
	void closesAWebSocketWith1009WhenAFrameExceedsTheMaximumPayload() throws Exception {
		Client client = Client.open(port, "");
		assertThat(client.nextText()).startsWith("0{");

		client.socket.sendText("4" + "a".repeat((int) engine.options().maxHttpBufferSize()), true);

		assertThat(client.closeCode.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1009);
	}

	private static String handshake() throws Exception {
		HttpResponse<String> response = http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/engine.io/?EIO=4&transport=polling"))
				.timeout(TIMEOUT)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("0{\"sid\":\"");
		return response.body().substring(9, response.body().indexOf('"', 9));
	}

	private static HttpRequest.Builder request(String sid) {
		return HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/engine.io/?EIO=4&transport=polling&sid=" + sid))
			.timeout(TIMEOUT);
	}

	private static HttpResponse<String> post(String sid, String payload) throws Exception {
		return http.send(request(sid).POST(HttpRequest.BodyPublishers.ofString(payload)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/** Polls, answering pings, until a message packet arrives. */
	private static String pollUntilMessage(String sid) throws Exception {
		for (int i = 0; i < 10; i++) {
			HttpResponse<String> response = http.send(request(sid).GET().build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			for (String packet : response.body().split("\u001e")) {
				if (packet.startsWith("4")) {
					return packet;
				}
				if (packet.equals("2")) {
					post(sid, "3");
				}
			}
		}
		throw new AssertionError("no message received");
	}

	/** A JDK WebSocket client that answers pings and queues what it receives. */
	private static final class Client implements WebSocket.Listener {

		private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

		private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

		private final StringBuilder text = new StringBuilder();

		private ByteBuffer binary = ByteBuffer.allocate(0);

		private WebSocket socket;

		static Client open(int port, String query) {
			Client client = new Client();
			client.socket = http.newWebSocketBuilder()
				.buildAsync(URI.create("ws://127.0.0.1:" + port + "/engine.io/?EIO=4&transport=websocket" + query),
						client)
				.join();
			return client;
		}

		String nextText() throws InterruptedException {
			for (;;) {
				Object item = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				assertThat(item).as("a text frame").isNotNull();
				if (item instanceof String value && !value.equals("2")) {
					return value;
				}
			}
		}

		byte[] nextBinary() throws InterruptedException {
			for (;;) {
				Object item = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				assertThat(item).as("a binary frame").isNotNull();
				if (item instanceof byte[] value) {
					return value;
				}
			}
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			text.append(data);
			if (last) {
				String message = text.toString();
				text.setLength(0);
				if (message.equals("2")) {
					webSocket.sendText("3", true);
				}
				received.add(message);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			ByteBuffer joined = ByteBuffer.allocate(binary.remaining() + data.remaining());
			joined.put(binary).put(data).flip();
			binary = joined;
			if (last) {
				byte[] bytes = new byte[binary.remaining()];
				binary.get(bytes);
				binary = ByteBuffer.allocate(0);
				received.add(bytes);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			closeCode.complete(statusCode);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			closeCode.completeExceptionally(error);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class EchoApplication {

		@Bean
		NettyReactiveWebServerFactory nettyReactiveWebServerFactory() {
			return new NettyReactiveWebServerFactory();
		}

		@Bean(destroyMethod = "close")
		EngineServer engineServer() {
			EngineOptions options = EngineOptions.builder()
				.path("/engine.io/")
				.pingInterval(Duration.ofMillis(300))
				.pingTimeout(Duration.ofMillis(200))
				.cors(CorsPolicy.allowAll())
				.headers((request, headers) -> {
					String sid = request.queryParameter("sid");
					if (sid != null && "GET".equals(request.method())) {
						pollsSeen.add(sid);
					}
				})
				.build();
			EngineServer server = new EngineServer(options);
			server.onConnection((socket) -> {
				socket.onClose((reason) -> closeReasons.put(socket.id(), reason));
				socket.onMessage(socket::sendContent);
			});
			return server;
		}

	}

}
