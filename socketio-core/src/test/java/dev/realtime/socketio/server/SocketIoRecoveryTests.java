package dev.realtime.socketio.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.realtime.socketio.server.SocketIoOptions.ConnectionStateRecovery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SocketIoRecoveryTests {

	private static final Pattern LAST_STRING_ARGUMENT = Pattern.compile(",\"([^\"]+)\"\\]$");

	private final SocketIoFixture fixture = new SocketIoFixture(
			(options) -> options.connectionStateRecovery(ConnectionStateRecovery.defaults()));

	private final List<Socket> connected = new CopyOnWriteArrayList<>();

	private TestClient client;

	private String sid;

	private String pid;

	@BeforeEach
	void connect() {
		fixture.io.on(connected::add);
		client = fixture.open();
		client.send("0");
		String answer = client.take().get(0);
		sid = TestClient.group(Pattern.compile("\"sid\":\"([^\"]+)\""), answer);
		pid = TestClient.pidOf(answer);
	}

	@AfterEach
	void closeServer() {
		fixture.close();
	}

	private static String offsetOf(String frame) {
		Matcher matcher = LAST_STRING_ARGUMENT.matcher(frame);
		assertThat(matcher.find()).as("offset in %s", frame).isTrue();
		return matcher.group(1);
	}

	private Socket socket() {
		return fixture.socket("/", sid);
	}

	/**
	 * The client's transport drops and it reconnects on a new Engine.IO session with its
	 * pid and offset.
	 */
	private TestClient reconnect(String offset) {
		client.webSocket.closeFromClient(1006);
		return fixture.open();
	}

	@Test
	void connectAnswerCarriesSidThenPid() {
		String answer = client.received().get(0);

		assertThat(answer).matches("40\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"pid\":\"[A-Za-z0-9_-]{20}\"\\}");
		assertThat(pid).isNotEqualTo(sid);
	}

	@Test
	void emittedEventsGetAnOffsetAsTheirLastArgument() {
		socket().emit("direct", 1);
		fixture.io.emit("broadcast", 2);

		List<String> frames = client.take();
		assertThat(frames).hasSize(2);
		assertThat(frames.get(0)).matches("42\\[\"direct\",1,\"[^\"]+\"\\]");
		assertThat(frames.get(1)).matches("42\\[\"broadcast\",2,\"[^\"]+\"\\]");
		assertThat(offsetOf(frames.get(0))).isNotEqualTo(offsetOf(frames.get(1)));
	}

	@Test
	void eventsWithAnAckGetNoOffset() {
		socket().emitWithAck("question", 1);

		assertThat(client.take()).containsExactly("420[\"question\",1]");
	}

	@Test
	void volatileEventsGetNoOffset() {
		fixture.io.volatile_().emit("tick", 1);

		assertThat(client.take()).containsExactly("42[\"tick\",1]");
	}

	@Test
	void reconnectWithPidAndOffsetRecoversTheSameSocketIdAndRooms() {
		socket().join("room1");
		socket().data().put("user", "ann");
		socket().emit("seen");
		String offset = offsetOf(client.take().get(0));

		TestClient again = reconnect(offset);
		again.send("0{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");

		Socket recovered = connected.get(connected.size() - 1);
		assertThat(recovered.id()).isEqualTo(sid);
		assertThat(recovered.recovered()).isTrue();
		assertThat(recovered.rooms()).containsExactlyInAnyOrder(sid, "room1");
		assertThat(recovered.data()).containsEntry("user", "ann");
		assertThat(again.take()).containsExactly("40{\"sid\":\"" + sid + "\",\"pid\":\"" + pid + "\"}");
	}

	@Test
	void missedPacketsForTheSocketsRoomsArriveBeforeTheConnectAnswer() {
		socket().join("room1");
		socket().emit("seen");
		String offset = offsetOf(client.take().get(0));
		client.webSocket.closeFromClient(1006);

		fixture.io.to("room1").emit("missed1");
		fixture.io.to("room2").emit("other room");
		fixture.io.to(sid).emit("missed2");
		fixture.io.emit("missed3");
		TestClient again = fixture.open();
		again.send("0{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");

		List<String> frames = again.take();
		assertThat(frames).hasSize(4);
		assertThat(frames.get(0)).startsWith("42[\"missed1\",");
		assertThat(frames.get(1)).startsWith("42[\"missed2\",");
		assertThat(frames.get(2)).startsWith("42[\"missed3\",");
		assertThat(frames.get(3)).isEqualTo("40{\"sid\":\"" + sid + "\",\"pid\":\"" + pid + "\"}");
	}

	@Test
	void recoveredSocketSkipsTheMiddlewaresByDefault() {
		List<String> calls = new CopyOnWriteArrayList<>();
		fixture.io.use((socket) -> calls.add("middleware"));
		socket().emit("seen");
		String offset = offsetOf(client.take().get(0));

		TestClient again = reconnect(offset);
		again.send("0{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");

		assertThat(calls).isEmpty();
		assertThat(connected.get(connected.size() - 1).recovered()).isTrue();
	}

	@Test
	void clientNamespaceDisconnectIsNotRecoverable() {
		socket().emit("seen");
		String offset = offsetOf(client.take().get(0));
		client.send("1");

		client.send("0{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");

		Socket fresh = connected.get(connected.size() - 1);
		assertThat(fresh.recovered()).isFalse();
		assertThat(fresh.id()).isNotEqualTo(sid);
	}

	@Test
	void serverNamespaceDisconnectIsNotRecoverable() {
		socket().emit("seen");
		String offset = offsetOf(client.take().get(0));
		socket().disconnect();

		client.send("0{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");

		assertThat(connected.get(connected.size() - 1).recovered()).isFalse();
	}

	@Test
	void unknownOffsetGivesAFreshSocket() {
		TestClient again = reconnect("nope");
		again.send("0{\"pid\":\"" + pid + "\",\"offset\":\"nope\"}");

		Socket fresh = connected.get(connected.size() - 1);
		assertThat(fresh.recovered()).isFalse();
		assertThat(fresh.id()).isNotEqualTo(sid);
		assertThat(again.take().get(0)).doesNotContain(pid);
	}

	@Test
	void sessionOlderThanMaxDisconnectionDurationIsNotRecovered() {
		socket().emit("seen");
		String offset = offsetOf(client.take().get(0));
		client.webSocket.closeFromClient(1006);

		fixture.clock.advance(Duration.ofMinutes(2).plusMillis(1));
		TestClient again = fixture.open();
		again.send("0{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");

		assertThat(connected.get(connected.size() - 1).recovered()).isFalse();
	}

	@Test
	void sessionCanBeRecoveredOnlyOnce() {
		socket().emit("seen");
		String offset = offsetOf(client.take().get(0));
		TestClient again = reconnect(offset);
		again.send("0{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");

		TestClient third = fixture.open();
		third.send("0{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");

		assertThat(connected.get(connected.size() - 1).recovered()).isFalse();
	}

	@Test
	void recoveredSocketReceivesNewEventsNormally() {
		AtomicReference<String> offsetRef = new AtomicReference<>();
		socket().emit("seen");
		offsetRef.set(offsetOf(client.take().get(0)));
		TestClient again = reconnect(offsetRef.get());
		again.send("0{\"pid\":\"" + pid + "\",\"offset\":\"" + offsetRef.get() + "\"}");
		again.take();

		fixture.io.emit("after");

		assertThat(again.take()).singleElement().asString().startsWith("42[\"after\",");
	}

}
