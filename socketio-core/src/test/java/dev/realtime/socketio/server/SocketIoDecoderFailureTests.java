package dev.realtime.socketio.server;

import java.util.List;

import dev.realtime.socketio.protocol.JsonPacketParser;
import dev.realtime.socketio.protocol.PacketDecoder;
import dev.realtime.socketio.protocol.PacketParser;
import dev.realtime.socketio.protocol.SocketPacket;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever a decoder throws, only the connection that sent the input is closed. */
class SocketIoDecoderFailureTests {

	/**
	 * The default parser, except that an event named "boom" makes its decoder fail
	 * unexpectedly.
	 */
	private static final class FailingParser implements PacketParser {

		private final JsonPacketParser delegate = new JsonPacketParser();

		@Override
		public List<Object> encode(SocketPacket packet) {
			return delegate.encode(packet);
		}

		@Override
		public PacketDecoder newDecoder() {
			PacketDecoder decoder = delegate.newDecoder();
			return new PacketDecoder() {
				@Override
				public @Nullable SocketPacket add(String text) {
					if (text.contains("boom")) {
						throw new IllegalStateException("decoder bug");
					}
					if (text.contains("deep")) {
						throw new StackOverflowError();
					}
					return decoder.add(text);
				}

				@Override
				public @Nullable SocketPacket add(byte[] binary) {
					return decoder.add(binary);
				}

				@Override
				public void reset() {
					decoder.reset();
				}
			};
		}

	}

	private final SocketIoFixture fixture = new SocketIoFixture((options) -> options.parser(new FailingParser()));

	@AfterEach
	void closeServer() {
		fixture.close();
	}

	@Test
	void unexpectedDecoderExceptionIsAParseErrorForThatClientOnly() {
		fixture.io.on((socket) -> socket.on("echo", (args, ack) -> socket.emit("echo", args.toArray())));
		TestClient attacker = fixture.open();
		TestClient other = fixture.open();
		TestClient third = fixture.open();
		attacker.connect();
		other.connect();
		third.connect();
		other.take();
		third.take();

		attacker.send("2[\"boom\"]");
		third.send("2[\"deep\"]");

		assertThat(attacker.closed()).isTrue();
		assertThat(third.closed()).isTrue();
		assertThat(other.closed()).isFalse();
		other.send("2[\"echo\",1]");
		assertThat(other.take()).containsExactly("42[\"echo\",1]");
	}

}
