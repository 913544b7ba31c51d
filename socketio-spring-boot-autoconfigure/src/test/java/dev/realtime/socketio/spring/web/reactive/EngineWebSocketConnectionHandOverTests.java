package dev.realtime.socketio.spring.web.reactive;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.engine.codec.EnginePacket;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link EngineWebSocketConnection#sendLater} on a real Netty event loop (in-memory
 * channels): a frame sent from another thread is queued on the loop without a flush and
 * goes out with {@link EngineWebSocketConnection#handOver()}, behind the frames sent
 * before it.
 */
class EngineWebSocketConnectionHandOverTests {

	private final DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);

	private final List<String> received = new CopyOnWriteArrayList<>();

	private final List<String> completed = new CopyOnWriteArrayList<>();

	private Channel server;

	private Channel client;

	@BeforeEach
	void connect() throws Exception {
		LocalAddress address = new LocalAddress("hand-over-" + System.nanoTime());
		server = new ServerBootstrap().group(group)
			.channel(LocalServerChannel.class)
			.childHandler(new ChannelInitializer<LocalChannel>() {
				@Override
				protected void initChannel(LocalChannel channel) {
					channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
						@Override
						public void channelRead(ChannelHandlerContext context, Object message) {
							try {
								received.add(((TextWebSocketFrame) message).text());
							}
							finally {
								ReferenceCountUtil.release(message);
							}
						}
					});
				}
			})
			.bind(address)
			.sync()
			.channel();
		client = new Bootstrap().group(group)
			.channel(LocalChannel.class)
			.handler(new ChannelInboundHandlerAdapter())
			.connect(address)
			.sync()
			.channel();
	}

	@AfterEach
	void close() {
		client.close();
		server.close();
		group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
	}

	@Test
	void framesSentLaterGoOutWithTheHandOverInOrder() throws Exception {
		EngineWebSocketConnection connection = new EngineWebSocketConnection(client);

		connection.send(EnginePacket.message("first"), (failure) -> completed.add("first " + failure));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(completed).containsExactly("first null"));
		connection.sendLater(EnginePacket.message("second"), (failure) -> completed.add("second " + failure));
		connection.sendLater(EnginePacket.message("third"), (failure) -> completed.add("third " + failure));
		// the loop runs everything queued so far, and what that queued in turn
		for (int i = 0; i < 4; i++) {
			group.submit(() -> {
			}).get(10, TimeUnit.SECONDS);
		}

		assertThat(received).containsExactly("4first");
		assertThat(completed).containsExactly("first null");

		connection.handOver();

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(received).containsExactly("4first", "4second", "4third"));
		assertThat(completed).containsExactly("first null", "second null", "third null");
	}

	@Test
	void onTheEventLoopAFrameSentLaterIsFlushedWithoutAHandOver() throws Exception {
		EngineWebSocketConnection connection = new EngineWebSocketConnection(client);

		group.submit(() -> connection.sendLater(EnginePacket.message("inline"), (failure) -> completed.add("inline")))
			.get(10, TimeUnit.SECONDS);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(received).containsExactly("4inline"));
		assertThat(completed).containsExactly("inline");
	}

}
