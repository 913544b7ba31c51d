package dev.realtime.socketio.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SocketIoEventTests {

	private static final String PH0 = "{\"_placeholder\":true,\"num\":0}";

	private static final String PH1 = "{\"_placeholder\":true,\"num\":1}";

	private final SocketIoFixture fixture = new SocketIoFixture();

	private TestClient client;

	private Socket socket;

	@BeforeEach
	void connect() {
		fixture.io.on((socket) -> {
			socket.on("message", (args, ack) -> socket.emit("message-back", args.toArray()));
			socket.on("message-with-ack", (args, ack) -> ack.send(args.toArray()));
		});
		client = fixture.open();
		socket = fixture.socket("/", client.connect());
		client.take();
	}

	@AfterEach
	void closeServer() {
		fixture.close();
	}

	private static long ackIdOf(String frame) {
		Matcher matcher = Pattern.compile("^4[25](?:\\d+-)?(?:/[^,]*,)?(\\d+)\\[").matcher(frame);
		assertThat(matcher.find()).as("ack id in %s", frame).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	// ---------------------------------------------------------------- client to server

	@Test
	void eventArgumentsReachTheListenerAndComeBackUnchanged() {
		client.send("2[\"message\",1,\"2\",{\"3\":[true]}]");

		assertThat(client.take()).containsExactly("42[\"message-back\",1,\"2\",{\"3\":[true]}]");
	}

	@Test
	void listenerGetsTheArgumentsAsJsonTreesAndJavaValues() {
		List<Object> seen = new CopyOnWriteArrayList<>();
		socket.on("typed", (args, ack) -> {
			seen.add(args.size());
			seen.add(args.get(0).asInt());
			seen.add(args.value(1));
			seen.add(args.get(2, Map.class));
			seen.add(ack);
		});

		client.send("2[\"typed\",42,\"text\",{\"a\":1}]");

		assertThat(seen).containsExactly(3, 42, "text", Map.of("a", 1), null);
	}

	@Test
	void eventWithAnAckIdIsAnsweredWithAnAckOfTheSameId() {
		client.send("21[\"message-with-ack\",\"a\",2]");

		assertThat(client.take()).containsExactly("431[\"a\",2]");
	}

	@Test
	void ackOnACustomNamespaceNamesTheNamespace() {
		fixture.io.of("/custom").on((s) -> s.on("ping", (args, ack) -> ack.send("pong")));
		client.connect("/custom");
		client.take();

		client.send("2/custom,17[\"ping\"]");

		assertThat(client.take()).containsExactly("43/custom,17[\"pong\"]");
	}

	@Test
	void onlyTheFirstAckOfAnEventIsSent() {
		socket.on("twice", (args, ack) -> {
			ack.send("first");
			ack.send("second");
		});

		client.send("25[\"twice\"]");

		assertThat(client.take()).containsExactly("435[\"first\"]");
	}

	@Test
	void ackCanBeSentLaterFromAnotherThread() throws Exception {
		CompletableFuture<Ack> saved = new CompletableFuture<>();
		socket.on("later", (args, ack) -> saved.complete(ack));
		client.send("29[\"later\"]");

		Thread thread = new Thread(() -> saved.join().send("done"));
		thread.start();
		thread.join();

		assertThat(client.take()).containsExactly("439[\"done\"]");
	}

	@Test
	void emitWithAckCompletesWhenTheClientAnswers() {
		CompletableFuture<EventArgs> answer = socket.emitWithAck("question", "life");

		String frame = client.take().get(0);
		assertThat(frame).matches("42\\d+\\[\"question\",\"life\"\\]");
		assertThat(answer).isNotDone();
		client.send("3" + ackIdOf(frame) + "[42]");

		assertThat(answer).isCompleted();
		assertThat(answer.join().get(0).asInt()).isEqualTo(42);
	}

	@Test
	void serverAckIdsCountUpFromZeroPerNamespace() {
		socket.emitWithAck("a");
		socket.emitWithAck("b");

		assertThat(client.take()).containsExactly("420[\"a\"]", "421[\"b\"]");
	}

	@Test
	void emitWithAckTimesOutOnTheSchedulerClock() {
		CompletableFuture<EventArgs> answer = socket.timeout(Duration.ofSeconds(2)).emitWithAck("question");

		fixture.clock.advance(Duration.ofMillis(1999));
		assertThat(answer).isNotDone();
		fixture.clock.advance(Duration.ofMillis(1));

		assertThat(answer).isCompletedExceptionally();
		assertThatThrownBy(answer::join).hasCauseInstanceOf(AckTimeoutException.class);
	}

	@Test
	void ackArrivingAfterTheTimeoutIsIgnored() {
		CompletableFuture<EventArgs> answer = socket.timeout(Duration.ofSeconds(1)).emitWithAck("question");
		long id = ackIdOf(client.take().get(0));
		fixture.clock.advance(Duration.ofSeconds(1));

		client.send("3" + id + "[\"late\"]");

		assertThatThrownBy(answer::join).hasCauseInstanceOf(AckTimeoutException.class);
		assertThat(client.closed()).isFalse();
	}

	@Test
	void ackInTimeCancelsTheTimeout() {
		CompletableFuture<EventArgs> answer = socket.timeout(Duration.ofSeconds(1)).emitWithAck("question");
		client.send("3" + ackIdOf(client.take().get(0)) + "[\"ok\"]");

		fixture.clock.advance(Duration.ofSeconds(5));

		assertThat(answer.join().get(0).asText()).isEqualTo("ok");
	}

	@Test
	void secondAckForTheSameIdIsIgnored() {
		List<String> answers = new CopyOnWriteArrayList<>();
		socket.emitWithAck("question").thenAccept((args) -> answers.add(args.get(0).asText()));
		long id = ackIdOf(client.take().get(0));

		client.send("3" + id + "[\"first\"]");
		client.send("3" + id + "[\"second\"]");

		assertThat(answers).containsExactly("first");
		assertThat(client.closed()).isFalse();
	}

	@Test
	void ackWithAnUnknownIdIsIgnoredAndTheConnectionStaysOpen() {
		client.send("3999[\"who\"]");

		assertThat(client.closed()).isFalse();
		client.send("2[\"message\",\"still\"]");
		assertThat(client.take()).containsExactly("42[\"message-back\",\"still\"]");
	}

	@Test
	void removingListenersNobodyRegisteredIsHarmlessAndDataIsWritable() {
		// the socket's collections are created on first use: removing before adding must
		// work
		socket.offAny(null);
		socket.offAny((event, args) -> {
		});
		socket.offAnyOutgoing(null);
		socket.off("never", (args, ack) -> {
		});
		socket.data().put("user", "ada");

		assertThat(socket.data()).containsEntry("user", "ada");
		client.send("2[\"message\",\"still\"]");
		assertThat(client.take()).containsExactly("42[\"message-back\",\"still\"]");
	}

	@Test
	void pendingAckWithoutTimeoutFailsWhenTheSocketDisconnects() {
		CompletableFuture<EventArgs> answer = socket.emitWithAck("question");

		client.send("1");

		assertThat(answer).isCompletedExceptionally();
		assertThatThrownBy(answer::join).cause().isInstanceOf(AckDisconnectedException.class);
	}

	// ---------------------------------------------------------------- binary

	@Test
	void binaryEventIsReassembledFromItsAttachments() {
		List<byte[]> received = new CopyOnWriteArrayList<>();
		socket.on("upload", (args, ack) -> received.add((byte[]) args.value(0)));

		client.send("51-[\"upload\"," + PH0 + "]");
		assertThat(received).isEmpty();
		client.sendBinary(new byte[] { 9, 8, 7 });

		assertThat(received).singleElement().isEqualTo(new byte[] { 9, 8, 7 });
	}

	@Test
	void binaryRoundTripSendsAHeaderThenOneBinaryFramePerAttachment() {
		client.send("52-[\"message\"," + PH0 + "," + PH1 + "]");
		client.sendBinary(new byte[] { 1, 2, 3 });
		client.sendBinary(new byte[] { 4, 5, 6 });

		assertThat(client.take()).containsExactly("452-[\"message-back\"," + PH0 + "," + PH1 + "]", "<binary 3 bytes>",
				"<binary 3 bytes>");
		List<dev.realtime.socketio.engine.spi.Frame> frames = client.webSocket.frames();
		assertThat(frames.get(frames.size() - 2).bytes()).containsExactly(1, 2, 3);
		assertThat(frames.get(frames.size() - 1).bytes()).containsExactly(4, 5, 6);
	}

	@Test
	void binaryAckCarriesTheAckIdAndTheAttachments() {
		client.send("52-789[\"message-with-ack\"," + PH0 + "," + PH1 + "]");
		client.sendBinary(new byte[] { 1, 2, 3 });
		client.sendBinary(new byte[] { 4, 5, 6 });

		assertThat(client.take()).containsExactly("462-789[" + PH0 + "," + PH1 + "]", "<binary 3 bytes>",
				"<binary 3 bytes>");
	}

	@Test
	void emittingBytesSendsABinaryEvent() {
		socket.emit("file", "name.bin", new byte[] { 1, 2 });

		assertThat(client.take()).containsExactly("451-[\"file\",\"name.bin\"," + PH0 + "]", "<binary 2 bytes>");
	}

	@Test
	void binaryFrameThatNoPacketExpectsClosesTheConnection() {
		client.sendBinary(new byte[] { 1 });

		assertThat(client.closed()).isTrue();
	}

	// ---------------------------------------------------------------- catch-all
	// listeners

	@Test
	void catchAllListenersSeeEveryEventBeforeTheEventListenersInRegistrationOrder() {
		List<String> calls = new CopyOnWriteArrayList<>();
		socket.on("hello", (args, ack) -> calls.add("event"));
		socket.onAny((event, args) -> calls.add("any1 " + event));
		socket.onAny((event, args) -> calls.add("any2 " + event));
		socket.prependAny((event, args) -> calls.add("prepended " + event));

		client.send("2[\"hello\"]");

		assertThat(calls).containsExactly("prepended hello", "any1 hello", "any2 hello", "event");
	}

	@Test
	void catchAllListenerSeesEventsWithoutAListenerToo() {
		List<String> events = new CopyOnWriteArrayList<>();
		socket.onAny((event, args) -> events.add(event + args));

		client.send("2[\"nobody-listens\",1]");

		assertThat(events).containsExactly("nobody-listens[1]");
	}

	@Test
	void removedCatchAllListenerIsNotCalled() {
		List<String> calls = new CopyOnWriteArrayList<>();
		AnyListener first = (event, args) -> calls.add("first");
		AnyListener second = (event, args) -> calls.add("second");
		socket.onAny(first);
		socket.onAny(second);

		socket.offAny(first);
		client.send("2[\"a\"]");
		socket.offAny(null);
		client.send("2[\"b\"]");

		assertThat(calls).containsExactly("second");
	}

	@Test
	void outgoingCatchAllListenerSeesDirectEmitsAndBroadcasts() {
		List<String> outgoing = new CopyOnWriteArrayList<>();
		socket.onAnyOutgoing((event, args) -> outgoing.add(event + args));

		socket.emit("direct", 1);
		fixture.io.emit("broadcast", "x");
		fixture.io.to(socket.id()).emit("room", true);

		assertThat(outgoing).containsExactly("direct[1]", "broadcast[x]", "room[true]");
	}

	@Test
	void outgoingCatchAllListenerDoesNotSeeAcks() {
		List<String> outgoing = new CopyOnWriteArrayList<>();
		socket.onAnyOutgoing((event, args) -> outgoing.add(event));

		client.send("21[\"message-with-ack\",\"a\"]");

		assertThat(outgoing).isEmpty();
	}

	@Test
	void removedListenerIsNotCalled() {
		List<String> calls = new CopyOnWriteArrayList<>();
		EventListener listener = (args, ack) -> calls.add("called");
		socket.on("x", listener);

		socket.off("x", listener);
		client.send("2[\"x\"]");

		assertThat(calls).isEmpty();
	}

	// ---------------------------------------------------------------- middlewares and
	// errors

	@Test
	void packetMiddlewareErrorGoesToTheErrorListenersAndStopsTheEvent() {
		List<String> calls = new CopyOnWriteArrayList<>();
		List<Throwable> errors = new CopyOnWriteArrayList<>();
		socket.use((event, args) -> {
			if (event.equals("forbidden")) {
				throw new IllegalAccessException("not allowed: " + event);
			}
		});
		socket.onError(errors::add);
		socket.onAny((event, args) -> calls.add("any " + event));
		socket.on("forbidden", (args, ack) -> calls.add("forbidden"));
		socket.on("allowed", (args, ack) -> calls.add("allowed"));

		client.send("2[\"forbidden\"]");
		client.send("2[\"allowed\"]");

		assertThat(errors).singleElement().extracting(Throwable::getMessage).isEqualTo("not allowed: forbidden");
		// Node's order: the catch-all listeners see the event before the middleware
		// refuses it
		assertThat(calls).containsExactly("any forbidden", "any allowed", "allowed");
		assertThat(client.closed()).isFalse();
	}

	@Test
	void catchAllListenersRunBeforeThePacketMiddlewaresWhichRunInOrderBeforeTheListeners() {
		List<String> calls = new CopyOnWriteArrayList<>();
		socket.use((event, args) -> calls.add("mw1"));
		socket.use((event, args) -> calls.add("mw2"));
		socket.onAny((event, args) -> calls.add("any"));
		socket.on("e", (args, ack) -> calls.add("listener"));

		client.send("2[\"e\"]");

		assertThat(calls).containsExactly("any", "mw1", "mw2", "listener");
	}

	@Test
	void failingListenerIsReportedAndTheNextListenerStillRuns() {
		List<String> calls = new CopyOnWriteArrayList<>();
		List<Throwable> errors = new CopyOnWriteArrayList<>();
		socket.onError(errors::add);
		socket.on("e", (args, ack) -> {
			throw new IllegalStateException("boom");
		});
		socket.on("e", (args, ack) -> calls.add("second"));

		client.send("2[\"e\"]");

		assertThat(errors).singleElement().extracting(Throwable::getMessage).isEqualTo("boom");
		assertThat(calls).containsExactly("second");
	}

	// ---------------------------------------------------------------- reserved names

	@Test
	void reservedEventNamesCannotBeEmitted() {
		for (String reserved : List.of("connect", "connect_error", "disconnect", "disconnecting", "newListener",
				"removeListener")) {
			assertThatThrownBy(() -> socket.emit(reserved)).isInstanceOf(IllegalArgumentException.class);
			assertThatThrownBy(() -> socket.emitWithAck(reserved)).isInstanceOf(IllegalArgumentException.class);
			assertThatThrownBy(() -> fixture.io.emit(reserved)).isInstanceOf(IllegalArgumentException.class);
			assertThatThrownBy(() -> fixture.io.to("room").emit(reserved)).isInstanceOf(IllegalArgumentException.class);
			assertThatThrownBy(() -> fixture.io.emitWithAck(reserved)).isInstanceOf(IllegalArgumentException.class);
			assertThatThrownBy(() -> fixture.io.serverSideEmit(reserved)).isInstanceOf(IllegalArgumentException.class);
		}
		assertThat(client.take()).isEmpty();
	}

	@Test
	void reservedEventNameFromTheClientClosesTheConnection() {
		client.send("2[\"disconnect\"]");

		assertThat(client.closed()).isTrue();
	}

	@Test
	void sendEmitsTheMessageEvent() {
		socket.send("hi", 2);

		assertThat(client.take()).containsExactly("42[\"message\",\"hi\",2]");
	}

	@Test
	void volatileEmitIsDroppedWhileTheClientCannotTakeIt() {
		client.webSocket.writable(false);

		boolean accepted = socket.volatile_().emit("position", 1, 2);

		assertThat(accepted).isFalse();
		assertThat(client.take()).isEmpty();
	}

}
