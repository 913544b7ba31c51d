package dev.realtime.socketio.spring.web.servlet;

import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.realtime.socketio.engine.spi.FanOut;
import dev.realtime.socketio.engine.spi.Frame;
import dev.realtime.socketio.spring.testsupport.RawConnection;
import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The servlet binding's connection on the Tomcat the starter runs with: Tomcat's
 * internals the direct writes rely on are there, and frames written directly (in batches,
 * falling back to the standard API while Tomcat holds its lock) reach a raw client
 * exactly as written through the standard API: every header length, text and binary, in
 * order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TomcatFrameWriterTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final BlockingQueue<WebSocketSession> sessions = new LinkedBlockingQueue<>();

	private ConfigurableApplicationContext context;

	private int port;

	@BeforeAll
	void startApplication() {
		this.context = new SpringApplicationBuilder(PlainWebSocketConfiguration.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "spring.main.banner-mode=off", "socketio.enabled=false")
			.run();
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@AfterAll
	void stopApplication() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void tomcatSessionsWriteFramesDirectly() throws Exception {
		try (RawConnection client = RawConnection.open(port, TIMEOUT)) {
			Session tomcat = nativeSession(accept(client));
			assertThat(TomcatFrameWriter.of(tomcat)).as("Tomcat's endpoint internals the binding relies on")
				.isNotNull();
		}
	}

	@Test
	void directWritesPutTheSameFramesOnTheWireAsTheStandardApi() throws Exception {
		for (int variant = 0; variant < 3; variant++) {
			try (RawConnection client = RawConnection.open(port, TIMEOUT)) {
				WebSocketSession session = accept(client);
				Session tomcat = nativeSession(session);
				DirectFrameWriter direct = switch (variant) {
					case 0 -> null;
					case 1 -> TomcatFrameWriter.of(tomcat);
					default -> new SometimesBusy(TomcatFrameWriter.of(tomcat));
				};
				EngineWebSocketConnection connection = new EngineWebSocketConnection(session, tomcat.getAsyncRemote(),
						tomcat, 1 << 20, 1 << 26, direct, null);
				List<TestFrame> frames = frames();
				List<@Nullable Throwable> results = new CopyOnWriteArrayList<>();
				for (TestFrame frame : frames) {
					connection.send(frame, results::add);
				}
				connection.close(1000, "done");
				for (TestFrame frame : frames) {
					RawConnection.Frame received = client.readMessage();
					assertThat(received.opcode()).as("variant %d", variant).isEqualTo(frame.binary() ? 2 : 1);
					assertThat(received.payload()).as("variant %d, %d bytes", variant, frame.bytes().length)
						.isEqualTo(frame.bytes());
				}
				assertThat(client.readCloseCode()).isEqualTo(1000);
				await().atMost(TIMEOUT).until(() -> results.size() == frames.size());
				assertThat(results).containsOnlyNulls();
			}
		}
	}

	@Test
	void framesOfABroadcastAreBuiltOnceSharedByEveryReceiverAndWrittenTogetherAfterTheFanOut() throws Exception {
		int receivers = 5;
		List<Runnable> flushes = new CopyOnWriteArrayList<>();
		FanOutFlusher flusher = new FanOutFlusher(1, flushes::add);
		List<RawConnection> clients = new ArrayList<>();
		List<Recording> writers = new ArrayList<>();
		List<EngineWebSocketConnection> connections = new ArrayList<>();
		List<@Nullable Throwable> results = new CopyOnWriteArrayList<>();
		try {
			for (int i = 0; i < receivers; i++) {
				RawConnection client = RawConnection.open(port, TIMEOUT);
				clients.add(client);
				WebSocketSession session = accept(client);
				Session tomcat = nativeSession(session);
				Recording writer = new Recording(TomcatFrameWriter.of(tomcat));
				writers.add(writer);
				connections.add(new EngineWebSocketConnection(session, tomcat.getAsyncRemote(), tomcat, 1 << 20,
						1 << 26, writer, flusher));
			}
			String large = "z".repeat(1000);
			List<TestFrame> broadcast = List.of(
					new TestFrame("42[\"a\",1]", "42[\"a\",1]".getBytes(StandardCharsets.UTF_8)),
					new TestFrame(null, new byte[] { 1, 2, 3 }),
					new TestFrame(large, large.getBytes(StandardCharsets.UTF_8)));
			long builtBefore = flusher.built();
			FanOut fanOut = FanOut.begin();
			try {
				for (TestFrame frame : broadcast) {
					for (EngineWebSocketConnection connection : connections) {
						connection.send(frame, results::add);
					}
				}
				assertThat(flushes).as("no flush during the fan-out").isEmpty();
			}
			finally {
				fanOut.end();
			}
			assertThat(writers).as("nothing written before the lane runs").allMatch((w) -> w.writes.isEmpty());
			assertThat(flushes).as("one flush task for the whole broadcast").hasSize(1);
			assertThat(flusher.built()).as("each frame built once for every receiver").isEqualTo(builtBefore + 3);
			flushes.get(0).run();

			for (int i = 0; i < receivers; i++) {
				List<ByteBuffer[]> writes = writers.get(i).writes;
				assertThat(writes).as("receiver %d: one write for the three frames", i).hasSize(1);
				ByteBuffer[] buffers = writes.get(0);
				assertThat(buffers).as("one buffer per frame, header included").hasSize(3);
				assertThat(buffers).allMatch((buffer) -> buffer.isDirect() && buffer.isReadOnly());
				for (TestFrame frame : broadcast) {
					RawConnection.Frame received = clients.get(i).readMessage();
					assertThat(received.opcode()).isEqualTo(frame.binary() ? 2 : 1);
					assertThat(received.payload()).isEqualTo(frame.bytes());
				}
			}
			await().atMost(TIMEOUT).until(() -> results.size() == 3 * receivers);
			assertThat(results).containsOnlyNulls();

			// outside a fan-out, a frame is written at once
			connections.get(0).send(broadcast.get(0), results::add);
			assertThat(writers.get(0).writes).hasSize(2);
			assertThat(clients.get(0).readMessage().payload()).isEqualTo(broadcast.get(0).bytes());
			assertThat(flushes).hasSize(1);
		}
		finally {
			clients.forEach(RawConnection::close);
		}
	}

	/** Text and binary frames around every header length (7-bit, 16-bit, 64-bit). */
	private static List<TestFrame> frames() {
		List<TestFrame> frames = new ArrayList<>();
		int[] sizes = { 0, 1, 125, 126, 127, 65_535, 65_536, 100_000, 3, 2 };
		for (int i = 0; i < sizes.length; i++) {
			byte[] binary = new byte[sizes[i]];
			for (int b = 0; b < binary.length; b++) {
				binary[b] = (byte) (b * 31 + i);
			}
			frames.add(new TestFrame(null, binary));
			String ascii = "a".repeat(sizes[i]);
			frames.add(new TestFrame(ascii, ascii.getBytes(StandardCharsets.UTF_8)));
			String accented = "\u00e9".repeat(sizes[i] / 2) + "z".repeat(sizes[i] % 2);
			frames.add(new TestFrame(accented, accented.getBytes(StandardCharsets.UTF_8)));
		}
		for (int i = 0; i < 500; i++) {
			String small = "42[\"n\"," + i + "]";
			frames.add(new TestFrame(small, small.getBytes(StandardCharsets.UTF_8)));
		}
		return frames;
	}

	private WebSocketSession accept(RawConnection client) throws Exception {
		sessions.clear();
		assertThat(client.upgrade("/plain")).isEqualTo(101);
		WebSocketSession session = sessions.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(session).isNotNull();
		return session;
	}

	private static Session nativeSession(WebSocketSession session) {
		return ((NativeWebSocketSession) session).getNativeSession(Session.class);
	}

	/** A frame of the test, text when {@code text} is set. */
	private record TestFrame(@Nullable String text, byte[] bytes) implements Frame {

		@Override
		public boolean binary() {
			return text == null;
		}

		@Override
		public String text() {
			if (text == null) {
				throw new IllegalStateException("binary frame");
			}
			return text;
		}

	}

	/**
	 * Tomcat's writer, as if Tomcat were writing a control frame of its own every third
	 * time: the connection then falls back to the standard API for a frame.
	 */
	private static final class SometimesBusy implements DirectFrameWriter {

		private final DirectFrameWriter writer;

		private final AtomicInteger attempts = new AtomicInteger();

		SometimesBusy(@Nullable DirectFrameWriter writer) {
			assertThat(writer).isNotNull();
			this.writer = writer;
		}

		@Override
		public boolean tryLock() {
			return attempts.incrementAndGet() % 3 != 0 && writer.tryLock();
		}

		@Override
		public void unlock() {
			writer.unlock();
		}

		@Override
		public <A> void write(ByteBuffer[] buffers, A attachment, CompletionHandler<Long, ? super A> handler) {
			writer.write(buffers, attachment, handler);
		}

	}

	/** Tomcat's writer, recording the buffers of every write. */
	private static final class Recording implements DirectFrameWriter {

		private final DirectFrameWriter writer;

		final List<ByteBuffer[]> writes = new CopyOnWriteArrayList<>();

		Recording(@Nullable DirectFrameWriter writer) {
			assertThat(writer).isNotNull();
			this.writer = writer;
		}

		@Override
		public boolean tryLock() {
			return writer.tryLock();
		}

		@Override
		public void unlock() {
			writer.unlock();
		}

		@Override
		public <A> void write(ByteBuffer[] buffers, A attachment, CompletionHandler<Long, ? super A> handler) {
			ByteBuffer[] copy = new ByteBuffer[buffers.length];
			for (int i = 0; i < buffers.length; i++) {
				copy[i] = buffers[i].duplicate();
			}
			writes.add(copy);
			writer.write(buffers, attachment, handler);
		}

	}

	/** A plain spring-websocket endpoint that hands its sessions to the test. */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableWebSocket
	static class PlainWebSocketConfiguration implements WebSocketConfigurer {

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			registry.addHandler(new AbstractWebSocketHandler() {

				@Override
				public void afterConnectionEstablished(WebSocketSession session) {
					sessions.add(session);
				}

			}, "/plain");
		}

	}

}
