package dev.realtime.socketio.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import dev.realtime.socketio.adapter.AdapterNamespace;
import dev.realtime.socketio.adapter.AdapterSocket;
import dev.realtime.socketio.adapter.BroadcastOptions;
import dev.realtime.socketio.adapter.InMemoryAdapter;
import dev.realtime.socketio.adapter.SocketDescription;
import dev.realtime.socketio.protocol.SocketPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a distributed adapter sees of the server and gives back to it, through the
 * adapter-side interfaces only: a simulated second server answers acknowledgements,
 * describes its sockets and emits server-side events.
 */
class AdapterContractTests {

	private final List<BroadcastOptions> broadcasts = new CopyOnWriteArrayList<>();

	private final List<ClusterAdapter> adapters = new CopyOnWriteArrayList<>();

	private final SocketIoFixture fixture = new SocketIoFixture((options) -> options.adapterFactory((namespace) -> {
		ClusterAdapter adapter = new ClusterAdapter(namespace);
		adapters.add(adapter);
		return adapter;
	}));

	@AfterEach
	void close() {
		fixture.close();
	}

	private ClusterAdapter mainAdapter() {
		return adapters.stream().filter((adapter) -> adapter.namespace().name().equals("/")).findFirst().orElseThrow();
	}

	@Test
	void localSocketsReachTheAdapterThroughTheirView() {
		TestClient client = fixture.open();
		String id = client.connect();
		client.take();
		AdapterSocket socket = mainAdapter().namespace().socket(id);
		assertThat(socket).isNotNull();
		assertThat(socket.id()).isEqualTo(id);
		assertThat(socket.rooms()).containsExactly(id);
		assertThat(socket.handshake()).containsKeys("headers", "time", "address", "xdomain", "secure", "issued", "url",
				"query", "auth");
		assertThat(mainAdapter().namespace().socket("nobody")).isNull();
	}

	@Test
	void fetchSocketsMixesLocalSocketsAndOtherServersDescriptions() {
		TestClient client = fixture.open();
		String id = client.connect();
		client.take();
		List<RemoteSocket> found = fixture.io.fetchSockets().join();
		assertThat(found).extracting(RemoteSocket::id).containsExactlyInAnyOrder(id, "remote-1");
		RemoteSocket local = found.stream().filter((socket) -> socket.id().equals(id)).findFirst().orElseThrow();
		assertThat(local.handshake()).isSameAs(fixture.socket("/", id).handshake());
		RemoteSocket remote = found.stream()
			.filter((socket) -> socket.id().equals("remote-1"))
			.findFirst()
			.orElseThrow();
		assertThat(remote.rooms()).containsExactlyInAnyOrder("remote-1", "lobby");
		assertThat(remote.data()).containsEntry("user", "ada");
		assertThat(remote.handshake().header("x-test")).isEqualTo("yes");
		assertThat(remote.handshake().queryParameter("EIO")).isEqualTo("4");
		assertThat(remote.handshake().issued()).isEqualTo(42L);
		assertThat(remote.handshake().principal()).isNull();

		// operations on a remote socket go through the adapter, to the socket's own room
		broadcasts.clear();
		remote.emit("hello", 1);
		assertThat(broadcasts).singleElement()
			.satisfies((options) -> assertThat(options.rooms()).containsExactly("remote-1"));
	}

	@Test
	void acknowledgementsOfOtherServersJoinTheLocalOnes() {
		TestClient client = fixture.open();
		client.connect();
		client.take();
		CompletableFuture<List<EventArgs>> answers = fixture.io.timeout(Duration.ofSeconds(5)).emitWithAck("poll");
		String frame = client.take().get(0);
		long ackId = Long.parseLong(frame.substring(2, frame.indexOf('[')));
		client.send("3" + ackId + "[\"local\"]");
		assertThat(answers).isCompleted();
		assertThat(answers.join()).extracting((args) -> args.get(0).asText())
			.containsExactlyInAnyOrder("local", "from-b");
		assertThat(answers.join()).filteredOn((args) -> args.get(0).asText().equals("from-b"))
			.singleElement()
			.satisfies((args) -> assertThat(args.get(1, Map.class)).containsEntry("ok", true));
	}

	@Test
	void serverSideEventsOfOtherServersReachTheListenersAndTheirAnswerGoesBack() {
		List<Object> seen = new ArrayList<>();
		fixture.io.sockets().onServerSideEmit("ping", (args, ack) -> {
			seen.add(args.value(0));
			ack.send("pong", 2);
			ack.send("ignored");
		});
		List<List<Object>> replies = new ArrayList<>();
		mainAdapter().namespace().onServerSideEmit("ping", List.of(Map.of("n", 1)), replies::add);
		assertThat(seen).containsExactly(Map.of("n", 1));
		assertThat(replies).containsExactly(List.of("pong", 2));
	}

	/**
	 * The in-memory adapter plus a second server that always has one socket and answers
	 * every ack.
	 */
	private final class ClusterAdapter extends InMemoryAdapter {

		ClusterAdapter(AdapterNamespace namespace) {
			super(namespace);
		}

		@Override
		public CompletableFuture<Integer> serverCount() {
			return CompletableFuture.completedFuture(2);
		}

		@Override
		public void broadcast(SocketPacket packet, BroadcastOptions options) {
			broadcasts.add(options);
			super.broadcast(packet, options);
		}

		@Override
		public void broadcastWithAck(SocketPacket packet, BroadcastOptions options, IntConsumer clientCount,
				Consumer<List<?>> ack) {
			super.broadcastWithAck(packet, options, clientCount, ack);
			clientCount.accept(1);
			ack.accept(List.of("from-b", Map.of("ok", true)));
		}

		@Override
		public CompletableFuture<List<SocketDescription>> fetchSockets(BroadcastOptions options) {
			return super.fetchSockets(options).thenApply((local) -> {
				List<SocketDescription> all = new ArrayList<>(local);
				all.add(SocketDescription.of("remote-1",
						Map.of("headers", Map.of("x-test", "yes"), "query", Map.of("EIO", "4"), "issued", 42L, "url",
								"/socket.io/?EIO=4", "auth", Map.of()),
						Set.of("remote-1", "lobby"), Map.of("user", "ada")));
				return all;
			});
		}

	}

}
