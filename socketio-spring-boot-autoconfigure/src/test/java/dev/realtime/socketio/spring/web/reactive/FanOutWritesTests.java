package dev.realtime.socketio.spring.web.reactive;

import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.realtime.socketio.engine.spi.FanOut;
import dev.realtime.socketio.engine.spi.Frame;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The WebFlux binding's broadcast writes, on real Netty channels (in-VM transport, one
 * event loop, Netty's WebSocket encoder and decoder): frames sent during a {@link FanOut}
 * are written by one task per event loop, from one shared buffer per frame that every
 * receiver releases; a connection's frames keep their order whichever thread sends them;
 * a close waits behind the frames queued before it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FanOutWritesTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);

	private final BlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();

	/**
	 * What the server channels were asked to write (before Netty's encoder): frames, or
	 * the buffer that bytes were sliced from.
	 */
	private final Queue<Object> written = new ConcurrentLinkedQueue<>();

	private Channel server;

	private LocalAddress address;

	@BeforeAll
	void bind() {
		address = new LocalAddress(FanOutWritesTests.class);
		server = new ServerBootstrap().group(group)
			.channel(LocalServerChannel.class)
			// buffers never recycled: a released one keeps its count of zero
			.childOption(ChannelOption.ALLOCATOR, new UnpooledByteBufAllocator(true))
			.childHandler(new ChannelInitializer<Channel>() {
				@Override
				protected void initChannel(Channel channel) {
					channel.pipeline().addLast(new WebSocket08FrameEncoder(false), new Recorder());
					accepted.add(channel);
				}
			})
			.bind(address)
			.syncUninterruptibly()
			.channel();
	}

	@AfterAll
	void close() {
		server.close().syncUninterruptibly();
		group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

	/**
	 * With {@code asTheSessionSends}, each frame goes as the session sends it (sendLater
	 * under its monitor, handOver after it): a hand-over after the fan-out queued the
	 * frame has nothing kept back and schedules no task of its own (one per receiver
	 * would undo the batching).
	 */
	@ParameterizedTest(name = "as the session sends: {0}")
	@ValueSource(booleans = { false, true })
	void aFanOutToManyConnectionsIsOneTaskPerEventLoopWritingOneSharedBufferPerFrame(boolean asTheSessionSends)
			throws Exception {
		List<Client> clients = clients(40);
		Frame frame = text("42[\"news\",1]");
		Callbacks callbacks = new Callbacks();
		EventLoop loop = clients.get(0).serverSide.eventLoop();
		written.clear();
		long built = FanOutWrites.built();
		CountDownLatch release = block(loop);
		try {
			FanOut fanOut = FanOut.begin();
			try {
				for (Client client : clients) {
					if (asTheSessionSends) {
						client.connection.sendLater(frame, callbacks.next());
						client.connection.handOver();
					}
					else {
						client.connection.send(frame, callbacks.next());
					}
				}
			}
			finally {
				fanOut.end();
			}
			assertThat(((SingleThreadEventExecutor) loop).pendingTasks()).as("tasks waiting on the event loop")
				.isEqualTo(1);
		}
		finally {
			release.countDown();
		}
		for (Client client : clients) {
			assertThat(client.next()).isEqualTo("42[\"news\",1]");
		}
		callbacks.awaitSucceeded(clients.size());
		assertThat(FanOutWrites.built() - built).as("frames built").isEqualTo(1);
		assertThat(written).hasSize(clients.size())
			.allSatisfy((message) -> assertThat(message).isInstanceOf(ByteBuf.class));
		ByteBuf shared = (ByteBuf) written.peek();
		assertThat(written).allSatisfy((message) -> assertThat(message).isSameAs(shared));
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(shared.refCnt()).as("references left").isZero());
		closeAll(clients);
	}

	@Test
	void framesOfEverySizeAndKindArriveAsSent() throws Exception {
		List<Client> clients = clients(3);
		String[] texts = { "4", "x".repeat(125), "é".repeat(200), "y".repeat(70_000), "z".repeat(300_000) };
		byte[] binary = new byte[1000];
		for (int i = 0; i < binary.length; i++) {
			binary[i] = (byte) i;
		}
		Callbacks callbacks = new Callbacks();
		FanOut fanOut = FanOut.begin();
		try {
			for (String content : texts) {
				for (Client client : clients) {
					client.connection.send(text(content), callbacks.next());
				}
			}
			for (Client client : clients) {
				client.connection.send(new BytesFrame(binary, true), callbacks.next());
			}
		}
		finally {
			fanOut.end();
		}
		for (Client client : clients) {
			for (String content : texts) {
				assertThat(client.next()).isEqualTo(content);
			}
			assertThat(client.next()).isEqualTo("binary:" + binary.length + ":" + binary[999]);
		}
		callbacks.awaitSucceeded(clients.size() * (texts.length + 1));
		closeAll(clients);
	}

	@Test
	void framesSentFromOtherThreadsWhileSomeAreQueuedKeepTheirOrder() throws Exception {
		Client client = clients(1).get(0);
		CountDownLatch queued = new CountDownLatch(1);
		CountDownLatch directSent = new CountDownLatch(1);
		Callbacks callbacks = new Callbacks();
		Thread broadcaster = new Thread(() -> {
			FanOut fanOut = FanOut.begin();
			try {
				client.connection.send(text("b1"), callbacks.next());
				queued.countDown();
				awaitLatch(directSent);
				client.connection.send(text("b2"), callbacks.next());
			}
			finally {
				fanOut.end();
			}
		});
		broadcaster.start();
		awaitLatch(queued);
		// a single socket's emit on another thread while the fan-out still runs
		client.connection.send(text("d1"), callbacks.next());
		directSent.countDown();
		broadcaster.join(TIMEOUT.toMillis());
		client.connection.send(text("d2"), callbacks.next());
		assertThat(List.of(client.next(), client.next(), client.next(), client.next())).containsExactly("b1", "d1",
				"b2", "d2");
		callbacks.awaitSucceeded(4);
		closeAll(List.of(client));
	}

	@Test
	void aFanOutOnTheEventLoopStaysBehindTheWritesQueuedBeforeIt() throws Exception {
		Client client = clients(1).get(0);
		EventLoop loop = client.serverSide.eventLoop();
		Callbacks callbacks = new Callbacks();
		CountDownLatch release = block(loop);
		client.connection.send(text("d1"), callbacks.next());
		loop.execute(() -> {
			FanOut fanOut = FanOut.begin();
			try {
				client.connection.send(text("b1"), callbacks.next());
			}
			finally {
				fanOut.end();
			}
			client.connection.send(text("d2"), callbacks.next());
		});
		release.countDown();
		assertThat(List.of(client.next(), client.next(), client.next())).containsExactly("d1", "b1", "d2");
		callbacks.awaitSucceeded(3);
		closeAll(List.of(client));
	}

	@Test
	void aCloseWhileFramesAreQueuedIsWrittenBehindThem() throws Exception {
		Client client = clients(1).get(0);
		CountDownLatch queued = new CountDownLatch(1);
		CountDownLatch closed = new CountDownLatch(1);
		Callbacks callbacks = new Callbacks();
		Thread broadcaster = new Thread(() -> {
			FanOut fanOut = FanOut.begin();
			try {
				client.connection.send(text("b1"), callbacks.next());
				client.connection.send(text("b2"), callbacks.next());
				queued.countDown();
				awaitLatch(closed);
			}
			finally {
				fanOut.end();
			}
		});
		broadcaster.start();
		awaitLatch(queued);
		client.connection.close(4000, "bye");
		closed.countDown();
		broadcaster.join(TIMEOUT.toMillis());
		assertThat(List.of(client.next(), client.next(), client.next())).containsExactly("b1", "b2", "close:4000");
		callbacks.awaitSucceeded(2);
		AtomicReference<@Nullable Throwable> late = new AtomicReference<>();
		client.connection.send(text("late"), late::set);
		assertThat(late.get()).isInstanceOf(ClosedChannelException.class);
		await().atMost(TIMEOUT).until(() -> !client.channel.isActive());
	}

	@Test
	void aChannelWithAnExtensionsEncoderIsWrittenFramesAndTheSharedBufferIsReleased() throws Exception {
		List<Client> clients = clients(2);
		for (Client client : clients) {
			// as permessage-deflate would: frames must go through the extension's encoder
			client.serverSide.pipeline().addLast(new PassingExtensionEncoder());
		}
		written.clear();
		Callbacks callbacks = new Callbacks();
		FanOut fanOut = FanOut.begin();
		try {
			for (Client client : clients) {
				client.connection.send(text("framed"), callbacks.next());
			}
		}
		finally {
			fanOut.end();
		}
		for (Client client : clients) {
			assertThat(client.next()).isEqualTo("framed");
		}
		callbacks.awaitSucceeded(clients.size());
		assertThat(written).hasSize(clients.size())
			.allSatisfy((message) -> assertThat(message).isInstanceOf(TextWebSocketFrame.class));
		closeAll(clients);
	}

	@Test
	void withoutBatchingEveryFrameIsItsOwnTask() throws Exception {
		List<Client> clients = clients(5);
		EventLoop loop = clients.get(0).serverSide.eventLoop();
		Callbacks callbacks = new Callbacks();
		EngineWebSocketConnection.fanOutBatching = false;
		CountDownLatch release = block(loop);
		try {
			FanOut fanOut = FanOut.begin();
			try {
				for (Client client : clients) {
					client.connection.send(text("one"), callbacks.next());
				}
			}
			finally {
				fanOut.end();
			}
			assertThat(((SingleThreadEventExecutor) loop).pendingTasks()).isEqualTo(clients.size());
		}
		finally {
			EngineWebSocketConnection.fanOutBatching = true;
			release.countDown();
		}
		for (Client client : clients) {
			assertThat(client.next()).isEqualTo("one");
		}
		callbacks.awaitSucceeded(clients.size());
		closeAll(clients);
	}

	private List<Client> clients(int count) throws InterruptedException {
		List<Client> clients = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			BlockingQueue<String> received = new LinkedBlockingQueue<>();
			Channel channel = new Bootstrap().group(group)
				.channel(LocalChannel.class)
				.handler(new ChannelInitializer<Channel>() {
					@Override
					protected void initChannel(Channel channel) {
						channel.pipeline()
							.addLast(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
								.expectMaskedFrames(false)
								.maxFramePayloadLength(1 << 20)
								.build()), new Receiver(received));
					}
				})
				.connect(address)
				.syncUninterruptibly()
				.channel();
			Channel serverSide = accepted.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(serverSide).isNotNull();
			clients.add(new Client(channel, serverSide, new EngineWebSocketConnection(serverSide), received));
		}
		return clients;
	}

	private static void closeAll(List<Client> clients) {
		for (Client client : clients) {
			client.channel.close().syncUninterruptibly();
		}
	}

	/** Holds the event loop until the latch is counted down. */
	private static CountDownLatch block(EventLoop loop) throws InterruptedException {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		loop.execute(() -> {
			started.countDown();
			awaitLatch(release);
		});
		assertThat(started.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		return release;
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			assertThat(latch.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Frame text(String text) {
		return new BytesFrame(text.getBytes(StandardCharsets.UTF_8), false);
	}

	private record Client(Channel channel, Channel serverSide, EngineWebSocketConnection connection,
			BlockingQueue<String> received) {

		String next() throws InterruptedException {
			String message = received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(message).as("a message within %s", TIMEOUT).isNotNull();
			return message;
		}

	}

	private record BytesFrame(byte[] bytes, boolean binary) implements Frame {

		@Override
		public String text() {
			return new String(bytes, StandardCharsets.UTF_8);
		}

	}

	/** The completions of the sends of a test. */
	private static final class Callbacks {

		private final Queue<Object> results = new ConcurrentLinkedQueue<>();

		EngineWebSocketConnection.SendCallback next() {
			return (failure) -> results.add((failure != null) ? failure : "ok");
		}

		void awaitSucceeded(int count) {
			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(results).hasSize(count));
			assertThat(results).containsOnly("ok");
		}

	}

	/** Records what the server channel writes, before Netty's encoder. */
	private final class Recorder extends ChannelOutboundHandlerAdapter {

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
			if (msg instanceof ByteBuf bytes) {
				// through duplicates and leak detection's wrappers
				ByteBuf root = bytes;
				while (root.unwrap() != null) {
					root = root.unwrap();
				}
				written.add(root);
			}
			else {
				written.add(msg);
			}
			super.write(ctx, msg, promise);
		}

	}

	/**
	 * The client's side: each message's text, a binary's size and last byte, a close's
	 * code.
	 */
	private static final class Receiver extends SimpleChannelInboundHandler<WebSocketFrame> {

		private final BlockingQueue<String> received;

		Receiver(BlockingQueue<String> received) {
			this.received = received;
		}

		@Override
		protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
			if (frame instanceof TextWebSocketFrame text) {
				received.add(text.text());
			}
			else if (frame instanceof BinaryWebSocketFrame binary) {
				ByteBuf content = binary.content();
				received.add("binary:" + content.readableBytes() + ":"
						+ content.getByte(content.readerIndex() + content.readableBytes() - 1));
			}
			else if (frame instanceof CloseWebSocketFrame close) {
				received.add("close:" + close.statusCode());
			}
		}

	}

	/** An extension's encoder that leaves frames as they are. */
	private static final class PassingExtensionEncoder extends WebSocketExtensionEncoder {

		@Override
		protected void encode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
			out.add(frame.retain());
		}

	}

}
