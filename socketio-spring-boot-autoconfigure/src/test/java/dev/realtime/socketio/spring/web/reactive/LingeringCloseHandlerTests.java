package dev.realtime.socketio.spring.web.reactive;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LingeringCloseHandler} takes the place of Netty's frame encoder: an idle
 * connection's pipeline holds no handler more than Reactor Netty's own, frames are
 * encoded as Netty's encoder does, and what is read passes on to the decoder.
 */
class LingeringCloseHandlerTests {

	@Test
	void takesThePlaceOfNettysEncoderWithoutAHandlerMore() {
		EmbeddedChannel channel = new EmbeddedChannel();
		channel.pipeline().addLast("wsencoder", new WebSocket13FrameEncoder(false));
		channel.pipeline().addLast("wsdecoder", new WebSocket13FrameDecoder(true, false, 65536));
		int handlers = channel.pipeline().names().size();

		LingeringCloseHandler.install(channel);
		LingeringCloseHandler.install(channel);

		assertThat(channel.pipeline().names()).hasSize(handlers);
		assertThat(channel.pipeline().get("wsencoder")).isInstanceOf(LingeringCloseHandler.class);
		assertThat(channel.pipeline().names().indexOf("wsencoder"))
			.isLessThan(channel.pipeline().names().indexOf("wsdecoder"));
		channel.finishAndReleaseAll();
	}

	@Test
	void encodesAsNettysEncoderAndPassesReadsOn() {
		EmbeddedChannel netty = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
		netty.writeOutbound(new TextWebSocketFrame("hello"));
		ByteBuf expected = netty.readOutbound();

		EmbeddedChannel channel = new EmbeddedChannel();
		channel.pipeline().addLast("wsencoder", new WebSocket13FrameEncoder(false));
		channel.pipeline().addLast("wsdecoder", new WebSocket13FrameDecoder(true, false, 65536));
		LingeringCloseHandler.install(channel);
		channel.writeOutbound(new TextWebSocketFrame("hello"));
		ByteBuf written = channel.readOutbound();
		// a client's masked text frame "hi"
		byte[] mask = { 1, 2, 3, 4 };
		byte[] payload = "hi".getBytes(StandardCharsets.UTF_8);
		ByteBuf frame = Unpooled.buffer().writeByte(0x81).writeByte(0x80 | payload.length).writeBytes(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.writeByte(payload[i] ^ mask[i % 4]);
		}
		channel.writeInbound(frame);
		TextWebSocketFrame read = channel.readInbound();
		try {
			assertThat(ByteBufUtil.getBytes(written)).isEqualTo(ByteBufUtil.getBytes(expected));
			assertThat(read.text()).isEqualTo("hi");
		}
		finally {
			expected.release();
			written.release();
			read.release();
			netty.finishAndReleaseAll();
			channel.finishAndReleaseAll();
		}
	}

}
