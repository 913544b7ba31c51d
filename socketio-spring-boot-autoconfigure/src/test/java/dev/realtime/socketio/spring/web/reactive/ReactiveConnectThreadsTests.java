package dev.realtime.socketio.spring.web.reactive;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import dev.realtime.socketio.server.DisconnectReason;
import dev.realtime.socketio.server.ServerObserver;
import dev.realtime.socketio.server.Socket;
import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.autoconfigure.SocketIoServerCustomizer;
import dev.realtime.socketio.spring.testsupport.RawConnection;
import dev.realtime.socketio.spring.web.AbstractWebSocketWritesTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On Reactor Netty, a CONNECT whose admission runs no application code is handled on the
 * event loop that read it (no hand-over to the listener pool and back before the answer);
 * the connection listeners still run on the pool, after the answer. A namespace with a
 * middleware admits its sockets on the pool, as before. Likewise the client's close: a
 * disconnection that runs no application code is handled on the event loop, one with a
 * disconnect listener on the pool.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReactiveConnectThreadsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final Pattern EVENT_LOOP = Pattern.compile("reactor-http-.+");

	private static final Pattern LISTENER_POOL = Pattern.compile("socketio-listener-\\d+");

	private ConfigurableApplicationContext context;

	@BeforeAll
	void startApplication() {
		this.context = new SpringApplicationBuilder(ConnectThreadsConfiguration.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "spring.main.banner-mode=off")
			.run();
	}

	@AfterAll
	void stopApplication() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void connectWithoutApplicationCodeIsAdmittedOnTheEventLoopAndItsListenersRunOnThePool() throws Exception {
		try (RawConnection client = AbstractWebSocketWritesTests.joined(open(),
				"/socket.io/?EIO=4&transport=websocket")) {
			String welcome = AbstractWebSocketWritesTests.nextEvent(client);
			assertThat(welcome).startsWith("42[\"welcome\",");
			assertThat(welcomeArgs(welcome)[1]).matches(LISTENER_POOL);
			assertThat(threads().get(welcomeArgs(welcome)[2])).matches(EVENT_LOOP);
		}
	}

	@Test
	void connectToANamespaceWithAMiddlewareIsAdmittedOnThePool() throws Exception {
		try (RawConnection client = open()) {
			assertThat(client.upgrade("/socket.io/?EIO=4&transport=websocket")).isEqualTo(101);
			assertThat(client.readFrame().text()).startsWith("0{");
			client.sendText("40/guarded,");
			assertThat(client.readFrame().text()).startsWith("40/guarded,{\"sid\":");
			String welcome = AbstractWebSocketWritesTests.nextEvent(client);
			assertThat(welcome).startsWith("42/guarded,[\"welcome\",");
			assertThat(welcomeArgs(welcome)[1]).matches(LISTENER_POOL);
			String sid = welcomeArgs(welcome)[2];
			assertThat(threads().get(sid)).matches(LISTENER_POOL);
			assertThat(threads().get("middleware " + sid)).matches(LISTENER_POOL);
		}
	}

	@Test
	void closeOfASocketWithoutDisconnectListenersIsHandledOnTheEventLoop() throws Exception {
		String sid;
		try (RawConnection client = open()) {
			sid = joinAndClose(client, "/quiet");
		}
		await().atMost(TIMEOUT).until(() -> threads().containsKey("disconnected " + sid));
		assertThat(threads().get(sid)).matches(EVENT_LOOP);
		assertThat(threads().get("disconnected " + sid)).matches(EVENT_LOOP);
	}

	@Test
	void closeOfASocketWithADisconnectListenerIsHandledOnThePool() throws Exception {
		String sid;
		try (RawConnection client = open()) {
			sid = joinAndClose(client, "/watched");
		}
		await().atMost(TIMEOUT).until(() -> threads().containsKey("disconnected " + sid));
		assertThat(threads().get("disconnect listener " + sid)).matches(LISTENER_POOL);
		assertThat(threads().get("disconnected " + sid)).matches(LISTENER_POOL);
	}

	/**
	 * Joins {@code namespace}, sends a close frame and reads the server's: the socket's
	 * id.
	 */
	private static String joinAndClose(RawConnection client, String namespace) throws IOException {
		assertThat(client.upgrade("/socket.io/?EIO=4&transport=websocket")).isEqualTo(101);
		assertThat(client.readFrame().text()).startsWith("0{");
		client.sendText("40" + namespace + ",");
		String answer = client.readFrame().text();
		assertThat(answer).startsWith("40" + namespace + ",{\"sid\":\"");
		String sid = answer.substring(answer.indexOf(":\"") + 2, answer.lastIndexOf('"'));
		client.sendFrame(8, new byte[] { 0x03, (byte) 0xe8 }, true, false);
		assertThat(client.readCloseCode()).isEqualTo(1000);
		return sid;
	}

	/** The welcome event's name and arguments: the listener's thread, the socket's id. */
	private static String[] welcomeArgs(String welcome) {
		return welcome.substring(welcome.indexOf('[') + 2, welcome.length() - 2).split("\",\"");
	}

	private Map<String, String> threads() {
		return context.getBean(ConnectThreadsConfiguration.class).threads;
	}

	private RawConnection open() throws IOException {
		return RawConnection.open(((WebServerApplicationContext) context).getWebServer().getPort(), TIMEOUT);
	}

	/**
	 * The application: an observer records the thread that admits each socket, a
	 * middleware on {@code /guarded} its own; the connection listeners emit their thread
	 * and the socket's id.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ConnectThreadsConfiguration {

		final Map<String, String> threads = new ConcurrentHashMap<>();

		@Bean
		SocketIoServerCustomizer connectThreads() {
			return (SocketIoServer io) -> {
				io.addObserver(new ServerObserver() {
					@Override
					public void socketConnecting(Socket socket) {
						threads.put(socket.id(), Thread.currentThread().getName());
					}

					@Override
					public void socketDisconnected(Socket socket, DisconnectReason reason) {
						threads.put("disconnected " + socket.id(), Thread.currentThread().getName());
					}
				});
				io.on((socket) -> socket.emit("welcome", Thread.currentThread().getName(), socket.id()));
				io.of("/guarded")
					.use((socket) -> threads.put("middleware " + socket.id(), Thread.currentThread().getName()))
					.on((socket) -> socket.emit("welcome", Thread.currentThread().getName(), socket.id()));
				io.of("/quiet");
				io.of("/watched")
					.onDisconnect((socket, reason) -> threads.put("disconnect listener " + socket.id(),
							Thread.currentThread().getName()));
			};
		}

	}

}
