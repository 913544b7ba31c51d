package dev.realtime.socketio.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.realtime.socketio.adapter.RoomListener;
import dev.realtime.socketio.engine.spi.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SocketIoRoomTests {

	private final SocketIoFixture fixture = new SocketIoFixture();

	private final List<TestClient> clients = new ArrayList<>();

	private final List<Socket> sockets = new ArrayList<>();

	/** Three connected clients: a, b, c. */
	@BeforeEach
	void connectThreeClients() {
		for (int i = 0; i < 3; i++) {
			TestClient client = fixture.open();
			sockets.add(fixture.socket("/", client.connect()));
			client.take();
			clients.add(client);
		}
	}

	@AfterEach
	void closeServer() {
		fixture.close();
	}

	private Socket socket(int i) {
		return sockets.get(i);
	}

	private List<String> take(int i) {
		return clients.get(i).take();
	}

	private static long ackIdOf(String frame) {
		Matcher matcher = Pattern.compile("^42(\\d+)\\[").matcher(frame);
		assertThat(matcher.find()).as("ack id in %s", frame).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	@Test
	void everySocketIsInTheRoomOfItsOwnId() {
		assertThat(socket(0).rooms()).containsExactly(socket(0).id());

		fixture.io.to(socket(0).id()).emit("private");

		assertThat(take(0)).containsExactly("42[\"private\"]");
		assertThat(take(1)).isEmpty();
	}

	@Test
	void joinedRoomReceivesTheRoomsBroadcasts() {
		socket(0).join("lobby");
		socket(1).join("lobby", "other");

		fixture.io.to("lobby").emit("news", 1);

		assertThat(socket(1).rooms()).containsExactlyInAnyOrder(socket(1).id(), "lobby", "other");
		assertThat(take(0)).containsExactly("42[\"news\",1]");
		assertThat(take(1)).containsExactly("42[\"news\",1]");
		assertThat(take(2)).isEmpty();
	}

	@Test
	void leftRoomNoLongerReceivesItsBroadcasts() {
		socket(0).join("lobby");
		socket(0).leave("lobby");

		fixture.io.to("lobby").emit("news");

		assertThat(socket(0).rooms()).doesNotContain("lobby");
		assertThat(take(0)).isEmpty();
	}

	@Test
	void chainedToTargetsTheUnionOfRoomsAndEachSocketOnce() {
		socket(0).join("a");
		socket(1).join("a", "b");
		socket(2).join("c");

		fixture.io.to("a").to("b").emit("hello");

		assertThat(take(0)).containsExactly("42[\"hello\"]");
		assertThat(take(1)).containsExactly("42[\"hello\"]");
		assertThat(take(2)).isEmpty();
	}

	@Test
	void exceptLeavesOutTheSocketsOfTheExcludedRooms() {
		socket(0).join("a");
		socket(1).join("a", "muted");

		fixture.io.to("a").except("muted").emit("hello");
		fixture.io.except("muted").emit("everyone");

		assertThat(take(0)).containsExactly("42[\"hello\"]", "42[\"everyone\"]");
		assertThat(take(1)).isEmpty();
		assertThat(take(2)).containsExactly("42[\"everyone\"]");
	}

	@Test
	void socketToRoomReachesTheRoomButNotTheSenderItself() {
		socket(0).join("chat");
		socket(1).join("chat");

		socket(0).to("chat").emit("said", "hi");

		assertThat(take(0)).isEmpty();
		assertThat(take(1)).containsExactly("42[\"said\",\"hi\"]");
		assertThat(take(2)).isEmpty();
	}

	@Test
	void socketBroadcastReachesEveryoneButTheSender() {
		socket(1).broadcast().emit("joined");

		assertThat(take(0)).containsExactly("42[\"joined\"]");
		assertThat(take(1)).isEmpty();
		assertThat(take(2)).containsExactly("42[\"joined\"]");
	}

	@Test
	void disconnectedSocketLeavesAllItsRooms() {
		socket(0).join("lobby");
		socket(1).join("lobby");

		clients.get(0).send("1");

		assertThat(fixture.io.sockets().adapter().sockets(Set.of("lobby"))).containsExactly(socket(1).id());
		assertThat(fixture.io.sockets().adapter().rooms()).doesNotContain(socket(0).id());
		assertThat(socket(0).rooms()).isEmpty();
	}

	@Test
	void lastSocketLeavingARoomDeletesTheRoom() {
		socket(0).join("lobby");

		clients.get(0).webSocket.closeFromClient(1001);

		assertThat(fixture.io.sockets().adapter().rooms()).doesNotContain("lobby");
	}

	@Test
	void disconnectingListenerStillSeesTheRoomsAndDisconnectListenerDoesNot() {
		socket(0).join("lobby");
		List<Set<String>> seen = new CopyOnWriteArrayList<>();
		socket(0).onDisconnecting((reason) -> seen.add(Set.copyOf(socket(0).rooms())));
		socket(0).onDisconnect((reason) -> seen.add(Set.copyOf(socket(0).rooms())));

		clients.get(0).webSocket.closeFromClient(1001);

		assertThat(seen).containsExactly(Set.of(socket(0).id(), "lobby"), Set.of());
	}

	@Test
	void roomListenersHearCreateJoinLeaveAndDelete() {
		List<String> events = new CopyOnWriteArrayList<>();
		fixture.io.sockets().adapter().addRoomListener(new RoomListener() {
			@Override
			public void onCreateRoom(String room) {
				events.add("create " + room);
			}

			@Override
			public void onDeleteRoom(String room) {
				events.add("delete " + room);
			}

			@Override
			public void onJoinRoom(String room, String socketId) {
				events.add("join " + room + (socketId.equals(socket(0).id()) ? " a" : " b"));
			}

			@Override
			public void onLeaveRoom(String room, String socketId) {
				events.add("leave " + room + (socketId.equals(socket(0).id()) ? " a" : " b"));
			}
		});

		socket(0).join("r");
		socket(1).join("r");
		socket(0).leave("r");
		socket(1).leave("r");

		assertThat(events).containsExactly("create r", "join r a", "join r b", "leave r a", "leave r b", "delete r");
	}

	@Test
	void broadcastIsEncodedOnceAndTheSameFrameReachesEveryTarget() {
		fixture.io.emit("shared", "payload");

		List<Frame> lastFrames = new ArrayList<>();
		for (TestClient client : clients) {
			List<Frame> frames = client.webSocket.frames();
			lastFrames.add(frames.get(frames.size() - 1));
		}
		assertThat(lastFrames.get(0).text()).isEqualTo("42[\"shared\",\"payload\"]");
		assertThat(lastFrames.get(1)).isSameAs(lastFrames.get(0));
		assertThat(lastFrames.get(2)).isSameAs(lastFrames.get(0));
	}

	@Test
	void binaryBroadcastSharesTheSameAttachmentFramesToo() {
		fixture.io.emit("file", (Object) new byte[] { 1, 2, 3 });

		List<Frame> first = clients.get(0).webSocket.frames();
		List<Frame> second = clients.get(1).webSocket.frames();
		assertThat(second.get(second.size() - 1)).isSameAs(first.get(first.size() - 1));
		assertThat(second.get(second.size() - 2)).isSameAs(first.get(first.size() - 2));
	}

	@Test
	void volatileBroadcastSkipsOnlyTheClientsThatCannotTakeIt() {
		clients.get(1).webSocket.writable(false);

		fixture.io.volatile_().emit("tick");

		assertThat(take(0)).containsExactly("42[\"tick\"]");
		assertThat(take(1)).isEmpty();
		assertThat(take(2)).containsExactly("42[\"tick\"]");
	}

	// ---------------------------------------------------------------- broadcast with
	// acks

	@Test
	void broadcastWithAckGathersEveryAnswer() {
		CompletableFuture<List<EventArgs>> answers = fixture.io.timeout(Duration.ofSeconds(5)).emitWithAck("poll");

		for (int i = 0; i < 3; i++) {
			String frame = take(i).get(0);
			clients.get(i).send("3" + ackIdOf(frame) + "[" + i + "]");
		}

		assertThat(answers).isCompleted();
		assertThat(answers.join()).extracting((args) -> args.get(0).asInt()).containsExactly(0, 1, 2);
	}

	@Test
	void broadcastWithAckSendsTheSameAckIdToEveryTarget() {
		fixture.io.emitWithAck("poll");

		long first = ackIdOf(take(0).get(0));
		assertThat(ackIdOf(take(1).get(0))).isEqualTo(first);
		assertThat(ackIdOf(take(2).get(0))).isEqualTo(first);
	}

	@Test
	void broadcastWithAckTimeoutReturnsThePartialAnswers() {
		CompletableFuture<List<EventArgs>> answers = fixture.io.timeout(Duration.ofSeconds(5)).emitWithAck("poll");
		String frame = take(0).get(0);
		clients.get(0).send("3" + ackIdOf(frame) + "[\"only me\"]");

		fixture.clock.advance(Duration.ofSeconds(5));

		assertThat(answers).isCompletedExceptionally();
		assertThatThrownBy(answers::join).cause()
			.isInstanceOfSatisfying(AckTimeoutException.class,
					(timeout) -> assertThat(timeout.responses()).extracting((args) -> args.get(0).asText())
						.containsExactly("only me"));
	}

	@Test
	void broadcastWithAckWithoutTimeoutFailsOnceTheOthersAnsweredWhenATargetLeavesWithoutAnswering() {
		CompletableFuture<List<EventArgs>> answers = fixture.io.emitWithAck("poll");
		clients.get(0).send("3" + ackIdOf(take(0).get(0)) + "[\"a\"]");
		take(1);
		clients.get(1).send("1");
		assertThat(answers).isNotDone();

		clients.get(2).send("3" + ackIdOf(take(2).get(0)) + "[\"c\"]");

		assertThatThrownBy(answers::join).cause()
			.isInstanceOfSatisfying(AckDisconnectedException.class,
					(gone) -> assertThat(gone.responses()).extracting((args) -> args.get(0).asText())
						.containsExactly("a", "c"));
	}

	@Test
	void broadcastWithAckAndTimeoutWaitsForTheTimeoutWhenATargetLeaves() {
		CompletableFuture<List<EventArgs>> answers = fixture.io.timeout(Duration.ofSeconds(5)).emitWithAck("poll");
		clients.get(0).send("3" + ackIdOf(take(0).get(0)) + "[\"a\"]");
		clients.get(1).send("1");
		clients.get(2).send("3" + ackIdOf(take(2).get(0)) + "[\"c\"]");
		assertThat(answers).isNotDone();

		fixture.clock.advance(Duration.ofSeconds(5));

		assertThatThrownBy(answers::join).cause().isInstanceOf(AckTimeoutException.class);
	}

	@Test
	void socketLocalBroadcastsToTheOtherSocketsOfThisServer() {
		socket(0).local().emit("local-news");

		assertThat(take(0)).isEmpty();
		assertThat(take(1)).containsExactly("42[\"local-news\"]");
		assertThat(take(2)).containsExactly("42[\"local-news\"]");
	}

	@Test
	void remoteSocketTimeoutEmitWithAckCompletesWithItsOneAnswer() {
		RemoteSocket remote = fixture.io.in(socket(1).id()).fetchSockets().join().get(0);

		CompletableFuture<EventArgs> answer = remote.timeout(Duration.ofSeconds(5)).emitWithAck("ping", 1);
		String frame = take(1).get(0);
		assertThat(frame).endsWith("[\"ping\",1]");
		clients.get(1).send("3" + ackIdOf(frame) + "[\"pong\"]");

		assertThat(answer.join().get(0).asText()).isEqualTo("pong");
	}

	@Test
	void remoteSocketTimeoutEmitWithAckFailsWhenTheSocketDoesNotAnswerInTime() {
		RemoteSocket remote = fixture.io.in(socket(1).id()).fetchSockets().join().get(0);

		CompletableFuture<EventArgs> answer = remote.timeout(Duration.ofSeconds(5)).emitWithAck("ping");
		take(1);
		fixture.clock.advance(Duration.ofSeconds(5));

		assertThatThrownBy(answer::join).cause().isInstanceOf(AckTimeoutException.class);
	}

	@Test
	void broadcastWithAckToNobodyCompletesAtOnceWithNoAnswers() {
		CompletableFuture<List<EventArgs>> answers = fixture.io.to("empty-room").emitWithAck("poll");

		assertThat(answers).isCompleted();
		assertThat(answers.join()).isEmpty();
	}

	// ---------------------------------------------------------------- utility operations

	@Test
	void fetchSocketsReturnsTheTargetedSocketsWithTheirRoomsAndData() {
		socket(0).join("vip");
		socket(0).data().put("name", "alice");

		List<RemoteSocket> all = fixture.io.fetchSockets().join();
		List<RemoteSocket> vip = fixture.io.in("vip").fetchSockets().join();

		assertThat(all).extracting(RemoteSocket::id)
			.containsExactlyInAnyOrder(socket(0).id(), socket(1).id(), socket(2).id());
		assertThat(vip).singleElement().satisfies((remote) -> {
			assertThat(remote.id()).isEqualTo(socket(0).id());
			assertThat(remote.rooms()).containsExactlyInAnyOrder(socket(0).id(), "vip");
			assertThat(remote.data()).containsEntry("name", "alice");
		});
	}

	@Test
	void fetchedSocketCanBeEmittedTo() {
		RemoteSocket remote = fixture.io.in(socket(2).id()).fetchSockets().join().get(0);

		remote.emit("hello");

		assertThat(take(2)).containsExactly("42[\"hello\"]");
		assertThat(take(0)).isEmpty();
	}

	@Test
	void socketsJoinMakesTheTargetedSocketsJoin() {
		socket(0).join("a");

		fixture.io.in("a").socketsJoin("b");
		fixture.io.to("b").emit("to b");

		assertThat(socket(0).rooms()).contains("b");
		assertThat(socket(1).rooms()).doesNotContain("b");
		assertThat(take(0)).containsExactly("42[\"to b\"]");
	}

	@Test
	void socketsLeaveMakesTheTargetedSocketsLeave() {
		fixture.io.socketsJoin("all");

		fixture.io.except(socket(1).id()).socketsLeave("all");

		assertThat(fixture.io.sockets().adapter().sockets(Set.of("all"))).containsExactly(socket(1).id());
	}

	@Test
	void disconnectSocketsDisconnectsTheTargetsFromTheNamespace() {
		socket(0).join("kick");

		fixture.io.in("kick").disconnectSockets(false);

		assertThat(take(0)).containsExactly("41");
		assertThat(clients.get(0).closed()).isFalse();
		assertThat(fixture.io.sockets().sockets()).doesNotContainKey(socket(0).id());
		assertThat(take(1)).isEmpty();
	}

	@Test
	void disconnectSocketsWithCloseClosesTheirConnections() {
		fixture.io.disconnectSockets(true);

		for (TestClient client : clients) {
			assertThat(client.take()).containsExactly("41");
			assertThat(client.closed()).isTrue();
		}
		assertThat(fixture.io.engine().clientsCount()).isZero();
	}

	@Test
	void serverSideEmitOnASingleServerAnswersNothing() {
		assertThat(fixture.io.serverSideEmit("hello").join()).isEmpty();
	}

}
