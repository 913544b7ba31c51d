package dev.realtime.socketio.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.engine.spi.Frame;
import dev.realtime.socketio.testsupport.FakeWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EngineWebSocketTests {

	/** Every test message is 9 characters: 10 bytes on the wire with the type digit. */
	private static final int MESSAGE_BYTES = 10;

	private static final int HIGH_WATER_MARK = 100;

	private static final int MAX_BUFFERED = 10_000;

	private EngineFixture fixture = new EngineFixture();

	@AfterEach
	void closeServer() {
		fixture.close();
	}

	private void restart(UnaryOperator<EngineOptions.Builder> customizer) {
		fixture.close();
		fixture = new EngineFixture(customizer);
	}

	private static String message(int i) {
		return String.format("msg%06d", i);
	}

	private static List<String> messageFrames(FakeWebSocket webSocket) {
		List<String> texts = new ArrayList<>(webSocket.texts());
		texts.removeIf((text) -> !text.startsWith("4"));
		return texts;
	}

	@Test
	void textAndBinaryMessagesAreEchoedAsTheSameKindOfFrame() {
		FakeWebSocket webSocket = fixture.webSocketSession();

		webSocket.receiveText("4hello");
		webSocket.receiveBinary(new byte[] { 1, 2, 3 });

		List<Frame> frames = webSocket.frames();
		assertThat(frames).hasSize(3);
		assertThat(frames.get(1).binary()).isFalse();
		assertThat(frames.get(1).text()).isEqualTo("4hello");
		assertThat(frames.get(2).binary()).isTrue();
		assertThat(frames.get(2).bytes()).containsExactly(1, 2, 3);
	}

	@Test
	void framesSentFromAnyThreadAreHandedToTheBindingAfterTheSessionMonitor() throws Exception {
		FakeWebSocket webSocket = fixture.webSocketSession();
		EngineSocket socket = fixture.socket(EngineFixture.sidOf(webSocket.texts().get(0)));
		webSocket.monitor(socket);
		int sentLater = webSocket.sentLater();
		int handOvers = webSocket.handOvers();

		Thread sender = new Thread(() -> {
			socket.send(message(1));
			socket.send(message(2));
		});
		sender.start();
		sender.join(10_000);

		assertThat(messageFrames(webSocket)).containsExactly("4" + message(1), "4" + message(2));
		assertThat(webSocket.sentLater() - sentLater).isEqualTo(2);
		assertThat(webSocket.handOvers() - handOvers).isEqualTo(2);
		assertThat(webSocket.handOversUnderMonitor()).isZero();
		assertThat(webSocket.keptBack()).isZero();
		assertThat(webSocket.inFlight()).isZero();
		assertThat(socket.allWritten()).isTrue();
	}

	@Test
	void openPacketIsTheFirstFrameEvenWhenAConnectionListenerSendsAtOnce() {
		fixture.engine.onConnection((socket) -> socket.send("welcome"));

		FakeWebSocket webSocket = fixture.webSocketSession();

		assertThat(webSocket.texts()).hasSize(2);
		assertThat(webSocket.texts().get(0)).startsWith("0{\"sid\":");
		assertThat(webSocket.texts().get(1)).isEqualTo("4welcome");
	}

	@Test
	void textFrameOverMaxHttpBufferSizeClosesTheWebSocketWith1009() {
		restart((options) -> options.maxHttpBufferSize(10));
		FakeWebSocket webSocket = fixture.webSocketSession();

		webSocket.receiveText("4" + "x".repeat(10));

		assertThat(webSocket.closeCode()).isEqualTo(1009);
		assertThat(fixture.engine.clientsCount()).isZero();
		assertThat(fixture.closeReasons).containsExactly(CloseReason.TRANSPORT_ERROR);
	}

	@Test
	void binaryFrameOverMaxHttpBufferSizeClosesTheWebSocketWith1009() {
		restart((options) -> options.maxHttpBufferSize(10));
		FakeWebSocket webSocket = fixture.webSocketSession();

		webSocket.receiveBinary(new byte[11]);

		assertThat(webSocket.closeCode()).isEqualTo(1009);
	}

	@Test
	void frameOfExactlyMaxHttpBufferSizeIsAccepted() {
		restart((options) -> options.maxHttpBufferSize(10));
		FakeWebSocket webSocket = fixture.webSocketSession();

		webSocket.receiveText("4" + "x".repeat(9));

		assertThat(webSocket.closed()).isFalse();
		assertThat(webSocket.texts()).last().isEqualTo("4" + "x".repeat(9));
	}

	@Test
	void multiByteTextIsMeasuredInUtf8Bytes() {
		restart((options) -> options.maxHttpBufferSize(10));
		FakeWebSocket webSocket = fixture.webSocketSession();

		webSocket.receiveText("4ééééé");

		assertThat(webSocket.closeCode()).isEqualTo(1009);
	}

	@Test
	void invalidPacketOnTheWebSocketClosesTheSessionWithAParseError() {
		FakeWebSocket webSocket = fixture.webSocketSession();

		webSocket.receiveText("x");

		assertThat(webSocket.closed()).isTrue();
		assertThat(fixture.closeReasons).containsExactly(CloseReason.PARSE_ERROR);
	}

	@Test
	void clientCloseOverTheWebSocketClosesTheSessionAtOnce() {
		FakeWebSocket webSocket = fixture.webSocketSession();

		webSocket.receiveText("1");

		assertThat(webSocket.closed()).isTrue();
		assertThat(fixture.engine.clientsCount()).isZero();
		assertThat(fixture.closeReasons).containsExactly(CloseReason.TRANSPORT_CLOSE);
	}

	@Test
	void webSocketClosedByTheClientClosesTheSession() {
		FakeWebSocket webSocket = fixture.webSocketSession();

		webSocket.closeFromClient(1001);

		assertThat(fixture.engine.clientsCount()).isZero();
		assertThat(fixture.closeReasons).containsExactly(CloseReason.TRANSPORT_CLOSE);
	}

	@Test
	void gracefulCloseWritesEveryBufferedPacketBeforeClosingTheWebSocket() {
		FakeWebSocket webSocket = slowConsumer();
		EngineSocket socket = fixture.sockets.get(0);
		for (int i = 0; i < 30; i++) {
			socket.send(message(i));
		}

		assertThat(messageFrames(webSocket)).hasSize(HIGH_WATER_MARK / MESSAGE_BYTES);

		socket.close();

		assertThat(messageFrames(webSocket)).hasSize(30);
		assertThat(webSocket.closeCode()).isEqualTo(1000);
	}

	@Test
	void failedWriteClosesTheSessionWithATransportError() {
		FakeWebSocket webSocket = fixture.webSocketSession();
		webSocket.holdSends(true);
		fixture.sockets.get(0).send("doomed");

		webSocket.failNext(new java.io.IOException("broken pipe"));

		assertThat(fixture.closeReasons).containsExactly(CloseReason.TRANSPORT_ERROR);
	}

	// ---------------------------------------------------------------- bounded outbound
	// buffer

	private FakeWebSocket slowConsumer() {
		restart((options) -> options.writeHighWaterMark(HIGH_WATER_MARK).maxBufferedBytes(MAX_BUFFERED));
		FakeWebSocket webSocket = fixture.webSocketSession();
		webSocket.holdSends(true);
		return webSocket;
	}

	@Test
	void bytesInFlightStayWithinTheWriteHighWaterMark() {
		FakeWebSocket webSocket = slowConsumer();
		EngineSocket socket = fixture.sockets.get(0);

		for (int i = 0; i < 50; i++) {
			socket.send(message(i));
			assertThat(webSocket.inFlightBytes()).isLessThanOrEqualTo(HIGH_WATER_MARK);
		}

		assertThat(messageFrames(webSocket)).hasSize(HIGH_WATER_MARK / MESSAGE_BYTES);
		assertThat(webSocket.inFlightBytes()).isEqualTo(HIGH_WATER_MARK);
	}

	@Test
	void completedWritesLetQueuedPacketsGoOutInOrder() {
		FakeWebSocket webSocket = slowConsumer();
		EngineSocket socket = fixture.sockets.get(0);
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			socket.send(message(i));
			expected.add("4" + message(i));
		}

		webSocket.completeNext();
		assertThat(messageFrames(webSocket)).hasSize(HIGH_WATER_MARK / MESSAGE_BYTES + 1);
		webSocket.completeSends();

		assertThat(messageFrames(webSocket)).containsExactlyElementsOf(expected);
		assertThat(fixture.closeReasons).isEmpty();
	}

	@Test
	void volatilePacketIsDroppedWhileTheWebSocketIsNotWritable() {
		FakeWebSocket webSocket = fixture.webSocketSession();
		EngineSocket socket = fixture.sockets.get(0);
		webSocket.writable(false);

		boolean accepted = socket.send(List.of(EnginePacket.message("volatile")), true);

		assertThat(accepted).isFalse();
		assertThat(messageFrames(webSocket)).isEmpty();
	}

	@Test
	void volatilePacketIsDroppedWhileTheHighWaterMarkIsReached() {
		FakeWebSocket webSocket = slowConsumer();
		EngineSocket socket = fixture.sockets.get(0);
		for (int i = 0; i < HIGH_WATER_MARK / MESSAGE_BYTES; i++) {
			socket.send(message(i));
		}

		boolean accepted = socket.send(List.of(EnginePacket.message("volatile1")), true);
		webSocket.completeSends();

		assertThat(accepted).isFalse();
		assertThat(messageFrames(webSocket)).hasSize(HIGH_WATER_MARK / MESSAGE_BYTES).doesNotContain("4volatile1");
	}

	@Test
	void volatilePacketIsSentWhenTheWebSocketIsWritable() {
		FakeWebSocket webSocket = fixture.webSocketSession();

		boolean accepted = fixture.sockets.get(0).send(List.of(EnginePacket.message("volatile")), true);

		assertThat(accepted).isTrue();
		assertThat(messageFrames(webSocket)).containsExactly("4volatile");
	}

	@Test
	void nonVolatilePacketsWaitWhileTheWebSocketIsNotWritable() {
		FakeWebSocket webSocket = fixture.webSocketSession();
		EngineSocket socket = fixture.sockets.get(0);
		webSocket.writable(false);

		boolean accepted = socket.send(List.of(EnginePacket.message("kept")), false);

		assertThat(accepted).isTrue();
		assertThat(messageFrames(webSocket)).isEmpty();
		webSocket.writable(true);
		socket.send("next");
		assertThat(messageFrames(webSocket)).containsExactly("4kept", "4next");
	}

	@Test
	void packetsWaitingForWritabilityAreSentOnceTheBindingIsWritableAgainWithoutAnotherSend() {
		FakeWebSocket webSocket = fixture.webSocketSession();
		EngineSocket socket = fixture.sockets.get(0);
		webSocket.writable(false);
		socket.send(List.of(EnginePacket.message("kept")), false);
		fixture.clock.advance(java.time.Duration.ofMillis(10));
		assertThat(messageFrames(webSocket)).isEmpty();

		webSocket.writable(true);
		fixture.clock.advance(java.time.Duration.ofMillis(10));

		assertThat(messageFrames(webSocket)).containsExactly("4kept");
	}

	@Test
	void slowConsumerIsDisconnectedWithBufferOverflowOnceQueuedBytesExceedTheLimit() {
		FakeWebSocket webSocket = slowConsumer();
		EngineSocket socket = fixture.sockets.get(0);

		int accepted = 0;
		for (int i = 0; i < 1000; i++) {
			if (socket.send(List.of(EnginePacket.message(message(i))), false)) {
				accepted++;
			}
		}

		// in flight: the high-water mark's worth; queued: each costs its bytes and the
		// packet overhead
		assertThat(accepted).isEqualTo(HIGH_WATER_MARK / MESSAGE_BYTES
				+ (MAX_BUFFERED - HIGH_WATER_MARK) / (MESSAGE_BYTES + EngineSession.QUEUED_PACKET_OVERHEAD));
		assertThat(fixture.closeReasons).containsExactly(CloseReason.BUFFER_OVERFLOW);
		assertThat(webSocket.closeCode()).isEqualTo(1008);
		assertThat(socket.isOpen()).isFalse();
		assertThat(fixture.engine.clientsCount()).isZero();
	}

	@Test
	void slowConsumerNeverGetsMoreThanTheHighWaterMarkWrittenBeforeItIsDisconnected() {
		FakeWebSocket webSocket = slowConsumer();
		EngineSocket socket = fixture.sockets.get(0);

		for (int i = 0; i < 1000; i++) {
			socket.send(message(i));
		}
		webSocket.completeSends();

		assertThat(messageFrames(webSocket)).hasSize(HIGH_WATER_MARK / MESSAGE_BYTES);
		assertThat(webSocket.frameCount()).isEqualTo(1 + HIGH_WATER_MARK / MESSAGE_BYTES);
	}

	@Test
	void consumerThatKeepsUpIsNeverDisconnectedWhateverItReceives() {
		restart((options) -> options.writeHighWaterMark(HIGH_WATER_MARK).maxBufferedBytes(MAX_BUFFERED));
		FakeWebSocket webSocket = fixture.webSocketSession();
		EngineSocket socket = fixture.sockets.get(0);

		for (int i = 0; i < 1000; i++) {
			socket.send(message(i));
		}

		assertThat(messageFrames(webSocket)).hasSize(1000);
		assertThat(fixture.closeReasons).isEmpty();
	}

}
