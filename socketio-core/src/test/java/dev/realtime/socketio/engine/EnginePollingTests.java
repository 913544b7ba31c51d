package dev.realtime.socketio.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

import dev.realtime.socketio.engine.codec.EnginePacket;
import dev.realtime.socketio.testsupport.FakeHttpExchange;
import dev.realtime.socketio.testsupport.TestExecutors;
import dev.realtime.socketio.testsupport.TestExecutors.ManualExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EnginePollingTests {

	private static final String RS = "\u001e";

	private EngineFixture fixture = new EngineFixture();

	@AfterEach
	void closeServer() {
		fixture.close();
	}

	@Test
	void postIsAnsweredOkAndTheEchoComesWithTheNextGet() {
		String sid = fixture.handshake();

		FakeHttpExchange post = fixture.post(sid, "4hello");
		FakeHttpExchange get = fixture.get(sid);

		assertThat(post.status()).isEqualTo(200);
		assertThat(post.bodyText()).isEqualTo("ok");
		assertThat(post.responseHeader("Content-Type")).isEqualTo("text/html");
		assertThat(get.status()).isEqualTo(200);
		assertThat(get.bodyText()).isEqualTo("4hello");
	}

	@Test
	void severalPacketsInOnePostAreEchoedTogetherInOrder() {
		String sid = fixture.handshake();

		fixture.post(sid, "4one" + RS + "4two" + RS + "bAQIDBA==");
		FakeHttpExchange get = fixture.get(sid);

		assertThat(get.bodyText()).isEqualTo("4one" + RS + "4two" + RS + "bAQIDBA==");
	}

	@Test
	void binaryMessagesReachTheListenerAsBytes() {
		fixture.close();
		fixture = new EngineFixture((options) -> options, TestExecutors.direct(), false);
		String sid = fixture.handshake();
		List<Object> received = new java.util.concurrent.CopyOnWriteArrayList<>();
		fixture.socket(sid).onMessage(received::add);

		fixture.post(sid, "bAQIDBA==" + RS + "4text");

		assertThat(received).hasSize(2);
		assertThat((byte[]) received.get(0)).containsExactly(1, 2, 3, 4);
		assertThat(received.get(1)).isEqualTo("text");
	}

	@Test
	void postIsAnsweredOnlyAfterTheListenersRanSoTheirPacketsAreAlreadyBuffered() {
		ManualExecutor executor = TestExecutors.manual();
		fixture.close();
		fixture = new EngineFixture((options) -> options, executor, true);
		String sid = fixture.handshake();
		executor.runAll();

		FakeHttpExchange post = fixture.post(sid, "4hello");
		assertThat(post.answered()).isFalse();

		executor.runAll();
		FakeHttpExchange get = fixture.get(sid);

		assertThat(post.bodyText()).isEqualTo("ok");
		assertThat(get.bodyText()).isEqualTo("4hello");
	}

	@Test
	void getWithNothingBufferedIsParkedUntilTheServerSends() {
		String sid = fixture.handshake();

		FakeHttpExchange get = fixture.get(sid);
		assertThat(get.answered()).isFalse();

		fixture.socket(sid).send("late");

		assertThat(get.bodyText()).isEqualTo("4late");
		assertThat(get.responseHeader("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
	}

	@Test
	void parkedGetTakesEveryPacketOfTheSendThatCompletesIt() {
		String sid = fixture.handshake();
		FakeHttpExchange get = fixture.get(sid);

		fixture.socket(sid)
			.send(List.of(EnginePacket.message("a"), EnginePacket.message("b"),
					EnginePacket.binaryMessage(new byte[] { 1, 2, 3, 4 })), false);

		assertThat(get.bodyText()).isEqualTo("4a" + RS + "4b" + RS + "bAQIDBA==");
	}

	@Test
	void getCollectsEveryPacketBufferedSinceTheLastGetInOnePayload() {
		String sid = fixture.handshake();
		EngineSocket socket = fixture.socket(sid);

		socket.send("a");
		socket.send("b");
		socket.send(new byte[] { 1, 2, 3, 4 });
		FakeHttpExchange first = fixture.get(sid);
		FakeHttpExchange second = fixture.get(sid);

		assertThat(first.bodyText()).isEqualTo("4a" + RS + "4b" + RS + "bAQIDBA==");
		assertThat(second.answered()).isFalse();
	}

	@Test
	void secondConcurrentGetGets400AndThePendingGetGetsClose() {
		String sid = fixture.handshake();
		FakeHttpExchange pending = fixture.get(sid);

		FakeHttpExchange overlapping = fixture.get(sid);

		assertThat(overlapping.status()).isEqualTo(400);
		assertThat(pending.status()).isEqualTo(200);
		assertThat(pending.bodyText()).isEqualTo("1");
		assertThat(fixture.engine.session(sid)).isNull();
		assertThat(fixture.closeReasons).containsExactly(CloseReason.TRANSPORT_ERROR);
	}

	@Test
	void abortedPendingGetClosesTheSession() {
		String sid = fixture.handshake();
		FakeHttpExchange pending = fixture.get(sid);

		pending.abort();

		assertThat(fixture.engine.session(sid)).isNull();
		assertThat(fixture.closeReasons).containsExactly(CloseReason.TRANSPORT_ERROR);
		FakeHttpExchange next = fixture.get(sid);
		assertThat(next.status()).isEqualTo(400);
		assertThat(next.bodyText()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
	}

	@Test
	void abortOfAGetThatWasAlreadyAnsweredChangesNothing() {
		String sid = fixture.handshake();
		fixture.socket(sid).send("x");
		FakeHttpExchange answered = fixture.get(sid);

		answered.abort();

		assertThat(fixture.engine.session(sid)).isNotNull();
		assertThat(fixture.closeReasons).isEmpty();
	}

	@Test
	void clientClosePacketOverPollingClosesTheSessionAndThePendingGetGetsNoop() {
		String sid = fixture.handshake();
		FakeHttpExchange pending = fixture.get(sid);

		FakeHttpExchange post = fixture.post(sid, "1");

		assertThat(pending.bodyText()).isEqualTo("6");
		assertThat(post.bodyText()).isEqualTo("ok");
		assertThat(fixture.closeReasons).containsExactly(CloseReason.TRANSPORT_CLOSE);
		assertThat(fixture.get(sid).status()).isEqualTo(400);
	}

	@Test
	void bodyOverMaxHttpBufferSizeGets413AndTheSessionStaysOpen() {
		fixture.close();
		fixture = new EngineFixture((options) -> options.maxHttpBufferSize(10));
		String sid = fixture.handshake();

		FakeHttpExchange post = fixture.post(sid, "4" + "x".repeat(10));

		assertThat(post.status()).isEqualTo(413);
		assertThat(fixture.engine.session(sid)).isNotNull();
		assertThat(fixture.post(sid, "4small").bodyText()).isEqualTo("ok");
		assertThat(fixture.get(sid).bodyText()).isEqualTo("4small");
	}

	@Test
	void bodyOfExactlyMaxHttpBufferSizeIsAccepted() {
		fixture.close();
		fixture = new EngineFixture((options) -> options.maxHttpBufferSize(10));
		String sid = fixture.handshake();

		FakeHttpExchange post = fixture.post(sid, "4" + "x".repeat(9));

		assertThat(post.bodyText()).isEqualTo("ok");
	}

	@Test
	void octetStreamPostGets400AndClosesTheSession() {
		String sid = fixture.handshake();

		FakeHttpExchange post = fixture.handle(FakeHttpExchange.post("EIO=4&transport=polling&sid=" + sid, "4hello")
			.header("Content-Type", "application/octet-stream"));

		assertThat(post.status()).isEqualTo(400);
		assertThat(fixture.engine.session(sid)).isNull();
		assertThat(fixture.get(sid).status()).isEqualTo(400);
	}

	@Test
	void invalidPacketInAPostClosesTheSessionAfterTheValidOnesBeforeIt() {
		fixture.close();
		fixture = new EngineFixture((options) -> options, TestExecutors.direct(), false);
		String sid = fixture.handshake();
		List<Object> received = new java.util.concurrent.CopyOnWriteArrayList<>();
		fixture.socket(sid).onMessage(received::add);

		fixture.post(sid, "4valid" + RS + "9bogus" + RS + "4never");

		assertThat(received).containsExactly("valid");
		assertThat(fixture.closeReasons).containsExactly(CloseReason.PARSE_ERROR);
		assertThat(fixture.get(sid).status()).isEqualTo(400);
	}

	@Test
	void unknownMethodOnASessionIsAnswered500() {
		String sid = fixture.handshake();

		FakeHttpExchange delete = fixture
			.handle(FakeHttpExchange.request("DELETE", "EIO=4&transport=polling&sid=" + sid));

		assertThat(delete.status()).isEqualTo(500);
	}

	@Test
	void largeResponseIsGzippedWhenTheClientAcceptsIt() throws IOException {
		String sid = fixture.handshake();
		String big = "x".repeat(2000);
		fixture.socket(sid).send(big);

		FakeHttpExchange get = fixture.handle(FakeHttpExchange.get("EIO=4&transport=polling&sid=" + sid)
			.header("Accept-Encoding", "gzip, deflate, br"));

		assertThat(get.responseHeader("Content-Encoding")).isEqualTo("gzip");
		assertThat(get.responseHeader("Content-Length")).isEqualTo(Integer.toString(get.response().body().length));
		assertThat(get.response().body().length).isLessThan(big.length());
		assertThat(gunzip(get.response().body())).isEqualTo("4" + big);
	}

	@Test
	void smallResponseIsNotCompressed() {
		String sid = fixture.handshake();
		fixture.socket(sid).send("small");

		FakeHttpExchange get = fixture
			.handle(FakeHttpExchange.get("EIO=4&transport=polling&sid=" + sid).header("Accept-Encoding", "gzip"));

		assertThat(get.responseHeader("Content-Encoding")).isNull();
		assertThat(get.bodyText()).isEqualTo("4small");
	}

	@Test
	void responseIsNotCompressedWhenTheClientDoesNotAcceptIt() {
		String sid = fixture.handshake();
		fixture.socket(sid).send("x".repeat(2000));

		FakeHttpExchange get = fixture.get(sid);

		assertThat(get.responseHeader("Content-Encoding")).isNull();
		assertThat(get.bodyText()).hasSize(2001);
	}

	@Test
	void serverCloseAnswersThePendingGetWithClose() {
		String sid = fixture.handshake();
		FakeHttpExchange pending = fixture.get(sid);

		fixture.engine.close();

		assertThat(pending.bodyText()).isEqualTo("1");
		assertThat(fixture.closeReasons).containsExactly(CloseReason.SERVER_SHUTTING_DOWN);
		assertThat(fixture.engine.clientsCount()).isZero();
	}

	@Test
	void closedServerRefusesNewHandshakesWith503() {
		fixture.engine.close();

		FakeHttpExchange exchange = fixture.handle(FakeHttpExchange.get("EIO=4&transport=polling"));

		// Service Unavailable: a client retries, and a load balancer sends it to another
		// node
		assertThat(exchange.status()).isEqualTo(503);
	}

	@Test
	void socketCloseFlushesBufferedPacketsThenCloseInTheNextGet() {
		String sid = fixture.handshake();
		EngineSocket socket = fixture.socket(sid);
		socket.send("bye");

		socket.close();
		FakeHttpExchange get = fixture.get(sid);

		assertThat(get.bodyText()).isEqualTo("4bye" + RS + "1");
		assertThat(socket.isOpen()).isFalse();
		assertThat(fixture.engine.session(sid)).isNull();
		assertThat(fixture.closeReasons).containsExactly(CloseReason.FORCED_CLOSE);
	}

	@Test
	void socketCloseAnswersAParkedGetWithClose() {
		String sid = fixture.handshake();
		FakeHttpExchange pending = fixture.get(sid);

		fixture.socket(sid).close();

		assertThat(pending.bodyText()).isEqualTo("1");
		assertThat(fixture.engine.session(sid)).isNull();
	}

	@Test
	void sendAfterCloseIsRefused() {
		String sid = fixture.handshake();
		EngineSocket socket = fixture.socket(sid);
		socket.close(CloseReason.FORCED_CLOSE);

		assertThat(socket.send(List.of(EnginePacket.message("x")), false)).isFalse();
	}

	@Test
	void volatilePacketIsDroppedWhenNoGetIsWaiting() {
		String sid = fixture.handshake();
		EngineSocket socket = fixture.socket(sid);

		boolean accepted = socket.send(List.of(EnginePacket.message("maybe")), true);
		socket.send("sure");

		assertThat(accepted).isFalse();
		assertThat(fixture.get(sid).bodyText()).isEqualTo("4sure");
	}

	@Test
	void volatilePacketIsDeliveredToAParkedGet() {
		String sid = fixture.handshake();
		FakeHttpExchange pending = fixture.get(sid);

		boolean accepted = fixture.socket(sid).send(List.of(EnginePacket.message("maybe")), true);

		assertThat(accepted).isTrue();
		assertThat(pending.bodyText()).isEqualTo("4maybe");
	}

	@Test
	void everyExchangeIsAnsweredExactlyOnce() {
		String sid = fixture.handshake();
		FakeHttpExchange pending = fixture.get(sid);
		FakeHttpExchange overlapping = fixture.get(sid);
		fixture.engine.close();
		pending.abort();

		assertThat(pending.responseCount()).isEqualTo(1);
		assertThat(overlapping.responseCount()).isEqualTo(1);
	}

	private static String gunzip(byte[] body) throws IOException {
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Test
	void tinyPacketsNeverReadAreCountedWithWhatTheyPinNotJustTheirBytes() {
		fixture.close();
		fixture = new EngineFixture((options) -> options.maxBufferedBytes(64 * 1024));
		fixture.handshake();
		EngineSocket socket = fixture.sockets.get(0);

		int accepted = 0;
		for (int i = 0; i < 10_000 && socket.isOpen(); i++) {
			if (socket.send(List.of(EnginePacket.message("a")), false)) {
				accepted++;
			}
		}

		// 10,000 packets of 2 bytes are 20 kB of text, but many times that in heap
		assertThat(accepted).isEqualTo(64 * 1024 / (2 + EngineSession.QUEUED_PACKET_OVERHEAD));
		assertThat(fixture.closeReasons).containsExactly(CloseReason.BUFFER_OVERFLOW);
	}

}
