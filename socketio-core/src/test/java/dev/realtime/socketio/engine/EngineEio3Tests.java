package dev.realtime.socketio.engine;

import java.time.Duration;
import java.util.List;

import dev.realtime.socketio.engine.spi.Frame;
import dev.realtime.socketio.testsupport.FakeHttpExchange;
import dev.realtime.socketio.testsupport.FakeWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Engine.IO v3 sessions ({@code allowEio3}), as Node's engine.io serves them with
 * {@code allowEIO3: true}: length-prefixed polling payloads, binary as {@code b4} base64
 * or in binary payloads, the client pinging, the type byte in binary WebSocket frames.
 */
class EngineEio3Tests {

	private static final Duration ONE_MS = Duration.ofMillis(1);

	private final EngineFixture fixture = new EngineFixture((builder) -> builder.allowEio3(true));

	@AfterEach
	void closeServer() {
		fixture.close();
	}

	private String handshake(String query) {
		FakeHttpExchange exchange = fixture.handle(FakeHttpExchange.get(query));
		assertThat(exchange.status()).isEqualTo(200);
		String body = exchange.bodyText();
		int colon = body.indexOf(':');
		assertThat(Integer.parseInt(body.substring(0, colon))).isEqualTo(body.length() - colon - 1);
		assertThat(body.substring(colon + 1)).startsWith("0{\"sid\":\"");
		return EngineFixture.sidOf(body);
	}

	private FakeHttpExchange get(String sid) {
		return fixture.handle(FakeHttpExchange.get("EIO=3&transport=polling&sid=" + sid));
	}

	private FakeHttpExchange post(String sid, String body) {
		return fixture.handle(FakeHttpExchange.post("EIO=3&transport=polling&sid=" + sid, body)
			.header("Content-Type", "text/plain;charset=UTF-8"));
	}

	@Test
	void eio3HandshakeIsRefusedUnlessAllowed() {
		try (EngineFixture strict = new EngineFixture()) {
			FakeHttpExchange exchange = strict.handle(FakeHttpExchange.get("EIO=3&transport=polling"));
			assertThat(exchange.status()).isEqualTo(400);
			assertThat(exchange.bodyText()).isEqualTo("{\"code\":5,\"message\":\"Unsupported protocol version\"}");
		}
	}

	@Test
	void handshakeIsOneLengthPrefixedOpenPacketWithNodesKeys() {
		FakeHttpExchange exchange = fixture.handle(FakeHttpExchange.get("EIO=3&transport=polling"));

		assertThat(exchange.bodyText()).matches("\\d+:0\\{\"sid\":\"[^\"]+\",\"upgrades\":\\[\"websocket\"\\],"
				+ "\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000\\}");
		assertThat(exchange.responseHeader("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
		assertThat(fixture.sockets.get(0).protocol()).isEqualTo(3);
	}

	@Test
	void v4SessionsBesideKeepTheirFraming() {
		String v3 = handshake("EIO=3&transport=polling");
		String v4 = fixture.handshake();

		post(v3, "6:4hello");
		fixture.post(v4, "4hello");

		assertThat(get(v3).bodyText()).isEqualTo("6:4hello");
		assertThat(fixture.get(v4).bodyText()).isEqualTo("4hello");
		assertThat(fixture.socket(v4).protocol()).isEqualTo(4);
	}

	@Test
	void payloadsCountCharactersInUtf16UnitsAndCarrySeveralPackets() {
		String sid = handshake("EIO=3&transport=polling");

		// "4é😀" is 4 UTF-16 units (the emoji is a surrogate pair), 7 UTF-8 bytes
		FakeHttpExchange post = post(sid, "4:4é😀2:4a");

		assertThat(post.bodyText()).isEqualTo("ok");
		assertThat(get(sid).bodyText()).isEqualTo("4:4é😀2:4a");
	}

	@Test
	void binaryTravelsAsB4Base64ForAClientThatAskedForBase64() {
		String sid = handshake("EIO=3&transport=polling&b64=1");

		post(sid, "6:b4AQID");

		FakeHttpExchange get = get(sid);
		assertThat(get.bodyText()).isEqualTo("6:b4AQID");
		assertThat(get.responseHeader("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
	}

	@Test
	void binaryTravelsAsABinaryPayloadForAClientThatTakesBinary() {
		String sid = handshake("EIO=3&transport=polling");
		fixture.socket(sid)
			.send(List.of(dev.realtime.socketio.engine.codec.EnginePacket.message("hi"),
					dev.realtime.socketio.engine.codec.EnginePacket.binaryMessage(new byte[] { 1, 2, 3 })), false);

		FakeHttpExchange get = get(sid);

		assertThat(get.responseHeader("Content-Type")).isEqualTo("application/octet-stream");
		assertThat(get.response().body()).containsExactly(0, 3, 255, '4', 'h', 'i', 1, 4, 255, 4, 1, 2, 3);
	}

	@Test
	void binaryPayloadPostsAreDecoded() {
		String sid = handshake("EIO=3&transport=polling&b64=1");
		byte[] body = { 0, 3, (byte) 255, '4', 'h', 'i', 1, 4, (byte) 255, 4, 9, 8, 7 };

		FakeHttpExchange post = fixture.handle(FakeHttpExchange.request("POST", "EIO=3&transport=polling&sid=" + sid)
			.body(body)
			.header("Content-Type", "application/octet-stream"));

		assertThat(post.bodyText()).isEqualTo("ok");
		assertThat(get(sid).bodyText()).isEqualTo("3:4hi6:b4CQgH");
	}

	@Test
	void aBadLengthPrefixIsAnsweredWithTheReasonAndClosesTheSession() {
		String sid = handshake("EIO=3&transport=polling");
		FakeHttpExchange parked = get(sid);

		FakeHttpExchange post = post(sid, "x6:4hello");

		assertThat(post.status()).isEqualTo(400);
		assertThat(post.bodyText())
			.isEqualTo("Bad Engine.IO v3 payload: length prefix 'x6' at offset 0 is not a number of characters");
		assertThat(parked.bodyText()).isEqualTo("1:1");
		assertThat(fixture.closeReasons).containsExactly(CloseReason.PARSE_ERROR);
		assertThat(get(sid).bodyText()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
	}

	@Test
	void aRecordLongerThanThePayloadIsRefusedAfterThePacketsBeforeIt() {
		String sid = handshake("EIO=3&transport=polling");
		List<Object> received = new java.util.concurrent.CopyOnWriteArrayList<>();
		fixture.socket(sid).onMessage(received::add);

		FakeHttpExchange post = post(sid, "2:4a9:4bc");

		assertThat(post.status()).isEqualTo(400);
		assertThat(post.bodyText())
			.isEqualTo("Bad Engine.IO v3 payload: record at offset 4 declares 9 characters but 3 follow");
		assertThat(received).containsExactly("a");
		assertThat(fixture.engine.session(sid)).isNull();
	}

	@Test
	void theClientPingsAndTheServerPongs() {
		String sid = handshake("EIO=3&transport=polling");
		FakeHttpExchange parked = get(sid);

		fixture.clock.advance(EngineFixture.PING_INTERVAL);
		assertThat(parked.answered()).as("the server never pings a v3 client").isFalse();

		post(sid, "1:2");
		assertThat(parked.bodyText()).isEqualTo("1:3");
	}

	@Test
	void theSessionTimesOutPingIntervalPlusPingTimeoutAfterTheLastClientPing() {
		String sid = handshake("EIO=3&transport=polling");
		Duration deadline = EngineFixture.PING_INTERVAL.plus(EngineFixture.PING_TIMEOUT);

		fixture.clock.advance(deadline.minus(ONE_MS));
		post(sid, "1:2");
		fixture.clock.advance(deadline.minus(ONE_MS));
		assertThat(fixture.engine.session(sid)).isNotNull();

		fixture.clock.advance(ONE_MS);
		assertThat(fixture.engine.session(sid)).isNull();
		assertThat(fixture.closeReasons).containsExactly(CloseReason.PING_TIMEOUT);
	}

	@Test
	void aPongFromAV3ClientIsTheWrongHeartbeatDirection() {
		String sid = handshake("EIO=3&transport=polling");

		post(sid, "1:3");

		assertThat(fixture.closeReasons).containsExactly(CloseReason.TRANSPORT_ERROR);
	}

	@Test
	void webSocketBinaryFramesCarryTheTypeByte() {
		FakeWebSocket socket = fixture.webSocket("EIO=3&transport=websocket");

		socket.receiveBinary(new byte[] { 4, 1, 2, 3 });
		socket.receiveText("b4CQgH");
		socket.receiveText("4text");

		List<Frame> frames = socket.frames();
		assertThat(frames.get(0).text()).startsWith("0{\"sid\":");
		assertThat(frames.get(1).binary()).isTrue();
		assertThat(frames.get(1).bytes()).containsExactly(4, 1, 2, 3);
		assertThat(frames.get(2).bytes()).containsExactly(4, 9, 8, 7);
		assertThat(frames.get(3).text()).isEqualTo("4text");
	}

	@Test
	void webSocketBinaryGoesAsBase64TextForAClientThatAskedForIt() {
		FakeWebSocket socket = fixture.webSocket("EIO=3&transport=websocket&b64=1");

		socket.receiveBinary(new byte[] { 4, 1, 2, 3 });

		assertThat(socket.texts()).last().isEqualTo("b4AQID");
	}

	@Test
	void aBinaryFrameWithoutTheMessageTypeIsAParseError() {
		fixture.webSocket("EIO=3&transport=websocket").receiveBinary(new byte[] { 1, 2, 3 });

		assertThat(fixture.closeReasons).containsExactly(CloseReason.PARSE_ERROR);
	}

	@Test
	void webSocketPingsAreAnsweredWithPongs() {
		FakeWebSocket socket = fixture.webSocket("EIO=3&transport=websocket");

		socket.receiveText("2");

		assertThat(socket.texts()).last().isEqualTo("3");
	}

	@Test
	void upgradeDrainsPollingWithALengthPrefixedNoop() {
		String sid = handshake("EIO=3&transport=polling");
		FakeHttpExchange parked = get(sid);
		FakeWebSocket candidate = fixture.webSocket("EIO=3&transport=websocket&sid=" + sid);

		candidate.receiveText("2probe");
		assertThat(candidate.texts()).containsExactly("3probe");
		assertThat(parked.bodyText()).isEqualTo("1:6");

		candidate.receiveText("5");
		candidate.receiveBinary(new byte[] { 4, 5 });
		assertThat(fixture.socket(sid).transport()).isEqualTo("websocket");
		assertThat(candidate.frames().get(1).bytes()).containsExactly(4, 5);
	}

}
