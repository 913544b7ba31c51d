package dev.realtime.socketio.spring.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.redis.RedisServer;
import dev.realtime.socketio.redis.SocketIoEmitter;
import dev.realtime.socketio.server.BroadcastOperator;
import dev.realtime.socketio.server.EventArgs;
import dev.realtime.socketio.server.RemoteSocket;
import dev.realtime.socketio.server.SocketIoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One cluster on one real Redis: a Spring MVC node, a WebFlux node (both on our Redis
 * adapter) and a Node.js socket.io 4.8 server on Node's {@code @socket.io/redis-adapter}
 * 8.3, an official client connected to each. Every operation is started from each of the
 * three servers (the parameter) and checked on the clients of all three, binary included:
 * Java → Node, Node → Java and Java → Java.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterTests {

	private static final String BINARY_CHECK = "[\"text\",{\"$bin\":[1,2,3]},{\"nested\":{\"$bin\":[255]}}]";

	RedisServer redis;

	ConfigurableApplicationContext mvc;

	ConfigurableApplicationContext flux;

	NodePeer node;

	final List<NodePeer> clients = new ArrayList<>();

	NodePeer mvcClient;

	NodePeer fluxClient;

	NodePeer nodeClient;

	/**
	 * The adapter of every node: {@code socketio.adapter.type} of the Spring nodes and
	 * the npm package of the Node one ({@code peer.js server <type>}).
	 */
	String adapterType() {
		return "redis";
	}

	/** Properties of the Spring nodes beyond {@link ClusterNodeApplication#start}'s. */
	List<String> nodeProperties() {
		return List.of("socketio.adapter.type=" + adapterType());
	}

	@BeforeAll
	void startCluster() throws Exception {
		redis = RedisServer.start();
		String[] properties = nodeProperties().toArray(String[]::new);
		mvc = ClusterNodeApplication.start(WebApplicationType.SERVLET, "mvc", redis.port(), properties);
		flux = ClusterNodeApplication.start(WebApplicationType.REACTIVE, "flux", redis.port(), properties);
		node = NodePeer.server(adapterType(), redis.uri(), "socket.io");
		mvcClient = client(url("mvc"), "room-mvc", "u-mvc");
		fluxClient = client(url("flux"), "room-flux", "u-flux");
		nodeClient = client(url("node"), "room-node", "u-node");
	}

	@AfterAll
	void stopCluster() throws Exception {
		for (NodePeer client : clients) {
			client.close();
		}
		if (node != null) {
			node.close();
		}
		if (mvc != null) {
			mvc.close();
		}
		if (flux != null) {
			flux.close();
		}
		if (redis != null) {
			redis.close();
		}
	}

	@BeforeEach
	void forgetEvents() {
		clients.forEach(NodePeer::clearEvents);
	}

	NodePeer client(String url, String room, String user) throws Exception {
		NodePeer client = NodePeer.client(url, Map.of("rooms", List.of(room, "everyone"), "user", user))
			.withoutOffsets();
		clients.add(client);
		return client;
	}

	String url(String origin) {
		return switch (origin) {
			case "mvc" -> ClusterNodeApplication.url(mvc);
			case "flux" -> ClusterNodeApplication.url(flux);
			default -> "http://127.0.0.1:" + node.awaitEvent("ready").get("port").asInt();
		};
	}

	SocketIoServer io(String origin) {
		return ClusterNodeApplication.io("mvc".equals(origin) ? mvc : flux);
	}

	List<NodePeer> allClients() {
		return List.of(mvcClient, fluxClient, nodeClient);
	}

	static BroadcastOperator target(SocketIoServer io, List<String> rooms, List<String> except) {
		BroadcastOperator operator = io.to(rooms.toArray(String[]::new));
		return except.isEmpty() ? operator : operator.except(except.toArray(String[]::new));
	}

	/** Emits {@code event} with text, binary and nested binary from the origin server. */
	void emit(String origin, List<String> rooms, List<String> except, String event) {
		if ("node".equals(origin)) {
			node.call("emit", "rooms", rooms, "except", except, "event", event, "args",
					List.of("text", NodePeer.bin(1, 2, 3), Map.of("nested", NodePeer.bin(255))));
		}
		else {
			target(io(origin), rooms, except).emit(event, "text", new byte[] { 1, 2, 3 },
					Map.of("nested", new byte[] { (byte) 255 }));
		}
	}

	private static void assertBinaryCheck(JsonNode args) {
		assertThat(args.toString()).isEqualTo(BINARY_CHECK);
	}

	@Test
	void everyServerCountsThree() throws Exception {
		assertThat(io("mvc").sockets().adapter().serverCount().get(10, TimeUnit.SECONDS)).isEqualTo(3);
		assertThat(io("flux").sockets().adapter().serverCount().get(10, TimeUnit.SECONDS)).isEqualTo(3);
		assertThat(node.call("serverCount").asInt()).isEqualTo(3);
	}

	@ParameterizedTest
	@ValueSource(strings = { "mvc", "flux", "node" })
	void broadcastReachesTheClientsOfEveryServer(String origin) {
		emit(origin, List.of(), List.of(), "to-all-" + origin);
		for (NodePeer client : allClients()) {
			assertBinaryCheck(client.awaitReceived("to-all-" + origin));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "mvc", "flux", "node" })
	void roomBroadcastReachesOnlyTheRoomOnEveryServer(String origin) {
		// one room: the per-room channel; two rooms: the namespace channel with the rooms
		// in the options
		emit(origin, List.of("room-flux"), List.of(), "one-room-" + origin);
		emit(origin, List.of("room-mvc", "room-node"), List.of(), "two-rooms-" + origin);
		emit(origin, List.of(), List.of(), "marker-" + origin);
		allClients().forEach((client) -> client.awaitReceived("marker-" + origin));
		assertBinaryCheck(fluxClient.awaitReceived("one-room-" + origin));
		assertBinaryCheck(mvcClient.awaitReceived("two-rooms-" + origin));
		assertBinaryCheck(nodeClient.awaitReceived("two-rooms-" + origin));
		assertThat(mvcClient.received("one-room-" + origin)).isEmpty();
		assertThat(nodeClient.received("one-room-" + origin)).isEmpty();
		assertThat(fluxClient.received("two-rooms-" + origin)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "mvc", "flux", "node" })
	void exceptLeavesRoomsOutOnEveryServer(String origin) {
		emit(origin, List.of("everyone"), List.of("room-node", "room-mvc"), "except-" + origin);
		emit(origin, List.of(), List.of(), "marker-" + origin);
		allClients().forEach((client) -> client.awaitReceived("marker-" + origin));
		assertBinaryCheck(fluxClient.awaitReceived("except-" + origin));
		assertThat(mvcClient.received("except-" + origin)).isEmpty();
		assertThat(nodeClient.received("except-" + origin)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "mvc", "flux", "node" })
	void localBroadcastStaysOnItsServer(String origin) {
		if ("node".equals(origin)) {
			node.call("emit", "local", true, "event", "local-" + origin, "args", List.of("x"));
		}
		else {
			io(origin).local().emit("local-" + origin, "x");
		}
		emit(origin, List.of(), List.of(), "marker-" + origin);
		allClients().forEach((client) -> client.awaitReceived("marker-" + origin));
		NodePeer own = switch (origin) {
			case "mvc" -> mvcClient;
			case "flux" -> fluxClient;
			default -> nodeClient;
		};
		for (NodePeer client : allClients()) {
			assertThat(client.received("local-" + origin)).hasSize((client == own) ? 1 : 0);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "mvc", "flux", "node" })
	void volatileBroadcastIsDeliveredToWritableClients(String origin) {
		if ("node".equals(origin)) {
			node.call("emit", "volatile", true, "event", "volatile-" + origin, "args", List.of("v"));
		}
		else {
			io(origin).volatile_().emit("volatile-" + origin, "v");
		}
		for (NodePeer client : allClients()) {
			assertThat(client.awaitReceived("volatile-" + origin).toString()).isEqualTo("[\"v\"]");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "mvc", "flux", "node" })
	void broadcastWithAcksGathersTheAnswersOfEveryServersClients(String origin) throws Exception {
		Set<String> expected = Set.of("ack from " + mvcClient.sid(), "ack from " + fluxClient.sid(),
				"ack from " + nodeClient.sid());
		Set<String> answers = new TreeSet<>();
		if ("node".equals(origin)) {
			node.call("emitWithAck", "timeout", 5000, "event", "ack-" + origin, "args", List.of("q", NodePeer.bin(7)))
				.forEach((answer) -> answers.add(answer.asString()));
		}
		else {
			List<EventArgs> result = io(origin).timeout(Duration.ofSeconds(5))
				.emitWithAck("ack-" + origin, "q", new byte[] { 7 })
				.get(15, TimeUnit.SECONDS);
			result.forEach((args) -> answers.add(args.get(0).asString()));
		}
		assertThat(answers).isEqualTo(expected);
		for (NodePeer client : allClients()) {
			assertThat(client.awaitReceived("ack-" + origin).toString()).isEqualTo("[\"q\",{\"$bin\":[7]}]");
		}
	}

	/** id → "node user rooms" of the sockets the origin fetched. */
	Map<String, String> fetch(String origin, String room) throws Exception {
		Map<String, String> result = new java.util.TreeMap<>();
		if ("node".equals(origin)) {
			node.call("fetchSockets", "rooms", List.of(room))
				.forEach((socket) -> result.put(socket.get("id").asString(),
						socket.path("data").path("node").asString() + " " + socket.path("data").path("user").asString()
								+ " " + new TreeSet<>(strings(socket.get("rooms")))));
		}
		else {
			for (RemoteSocket socket : io(origin).in(room).fetchSockets().get(15, TimeUnit.SECONDS)) {
				result.put(socket.id(), socket.data().get("node") + " " + socket.data().get("user") + " "
						+ new TreeSet<>(socket.rooms()));
			}
		}
		return result;
	}

	private static List<String> strings(JsonNode array) {
		List<String> result = new ArrayList<>();
		array.forEach((element) -> result.add(element.asString()));
		return result;
	}

	@ParameterizedTest
	@ValueSource(strings = { "mvc", "flux", "node" })
	void fetchSocketsReturnsTheSocketsOfEveryServer(String origin) throws Exception {
		Map<String, String> sockets = fetch(origin, "everyone");
		assertThat(sockets).containsOnly(
				Map.entry(mvcClient.sid(),
						"mvc u-mvc " + new TreeSet<>(List.of(mvcClient.sid(), "everyone", "room-mvc"))),
				Map.entry(fluxClient.sid(),
						"flux u-flux " + new TreeSet<>(List.of(fluxClient.sid(), "everyone", "room-flux"))),
				Map.entry(nodeClient.sid(),
						"node u-node " + new TreeSet<>(List.of(nodeClient.sid(), "everyone", "room-node"))));
	}

	@Test
	void fetchedRemoteSocketsCarryTheirHandshake() throws Exception {
		for (RemoteSocket socket : io("mvc").in("room-node").fetchSockets().get(15, TimeUnit.SECONDS)) {
			assertThat(socket.handshake().query().get("EIO")).containsExactly("4");
			assertThat(socket.handshake().address()).contains("127.0.0.1");
			assertThat(socket.handshake().header("host")).isNotNull();
		}
		JsonNode fromNode = node.call("fetchSockets", "rooms", List.of("room-flux")).get(0);
		assertThat(fromNode.path("handshake").path("query").path("EIO").asString()).isEqualTo("4");
		assertThat(fromNode.path("handshake").path("headers").path("host").asString()).startsWith("127.0.0.1:");
	}

	@ParameterizedTest
	@ValueSource(strings = { "mvc", "flux", "node" })
	void remoteSocketsEmitJoinAndLeaveFromAnyServer(String origin) throws Exception {
		String room = "joined-by-" + origin;
		if ("node".equals(origin)) {
			assertThat(node
				.call("remoteEmit", "rooms", List.of("everyone"), "event", "direct-" + origin, "args",
						List.of("text", NodePeer.bin(1, 2, 3), Map.of("nested", NodePeer.bin(255))))
				.asInt()).isEqualTo(3);
			node.call("remoteJoin", "rooms", List.of("everyone"), "join", room);
		}
		else {
			List<RemoteSocket> sockets = io(origin).in("everyone").fetchSockets().get(15, TimeUnit.SECONDS);
			assertThat(sockets).hasSize(3);
			for (RemoteSocket socket : sockets) {
				socket.emit("direct-" + origin, "text", new byte[] { 1, 2, 3 },
						Map.of("nested", new byte[] { (byte) 255 }));
				socket.join(room);
			}
		}
		allClients().forEach((client) -> assertBinaryCheck(client.awaitReceived("direct-" + origin)));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fetch("mvc", room)).hasSize(3));
		if ("node".equals(origin)) {
			node.call("remoteLeave", "rooms", List.of(room), "leave", room);
		}
		else {
			for (RemoteSocket socket : io(origin).in(room).fetchSockets().get(15, TimeUnit.SECONDS)) {
				socket.leave(room);
			}
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fetch("node", room)).isEmpty());
	}

	@ParameterizedTest
	@ValueSource(strings = { "mvc", "flux", "node" })
	void socketsJoinAndLeaveWorkOnEveryServer(String origin) throws Exception {
		String room = "bulk-" + origin;
		if ("node".equals(origin)) {
			node.call("socketsJoin", "rooms", List.of("everyone"), "except", List.of("room-flux"), "join", room);
		}
		else {
			io(origin).in("everyone").except("room-flux").socketsJoin(room);
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(fetch("flux", room)).containsOnlyKeys(mvcClient.sid(), nodeClient.sid()));
		emit(origin, List.of(room), List.of(), "bulk-room-" + origin);
		assertBinaryCheck(mvcClient.awaitReceived("bulk-room-" + origin));
		assertBinaryCheck(nodeClient.awaitReceived("bulk-room-" + origin));
		if ("node".equals(origin)) {
			node.call("socketsLeave", "rooms", List.of(room), "leave", room);
		}
		else {
			io(origin).in(room).socketsLeave(room);
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fetch("mvc", room)).isEmpty());
	}

	@ParameterizedTest
	@ValueSource(strings = { "mvc", "flux", "node" })
	void disconnectSocketsReachesEveryServer(String origin) throws Exception {
		String room = "doomed-" + origin;
		List<NodePeer> doomed = new ArrayList<>();
		for (String server : List.of("mvc", "flux", "node")) {
			NodePeer client = NodePeer.client(url(server), Map.of("rooms", List.of(room)));
			clients.add(client);
			doomed.add(client);
		}
		if ("node".equals(origin)) {
			node.call("disconnectSockets", "rooms", List.of(room));
		}
		else {
			io(origin).in(room).disconnectSockets(false);
		}
		for (NodePeer client : doomed) {
			assertThat(client.awaitEvent("disconnect").get("reason").asString()).isEqualTo("io server disconnect");
		}
		// and the others are still there
		assertThat(fetch(origin, "everyone")).hasSize(3);
	}

	@ParameterizedTest
	@ValueSource(strings = { "mvc", "flux", "node" })
	void serverSideEmitReachesTheOtherServers(String origin) throws Exception {
		if ("node".equals(origin)) {
			node.call("serverSideEmit", "event", "sse", "args", List.of("hello from " + origin, Map.of("n", 1)));
		}
		else {
			io(origin).sockets().serverSideEmit("sse", "hello from " + origin, Map.of("n", 1));
		}
		for (String other : List.of("mvc", "flux", "node")) {
			if (other.equals(origin)) {
				continue;
			}
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(
						() -> assertThat(serverSideEvents(other)).contains("[sse, hello from " + origin + ", {n=1}]"));
		}
		// not to itself
		assertThat(serverSideEvents(origin)).noneMatch((event) -> event.contains("hello from " + origin));
	}

	@ParameterizedTest
	@ValueSource(strings = { "mvc", "flux", "node" })
	void serverSideEmitWithAckGathersTheOtherServersAnswers(String origin) throws Exception {
		Set<String> answers = new TreeSet<>();
		if ("node".equals(origin)) {
			node.call("serverSideEmitWithAck", "event", "sse", "args", List.of("ack me from " + origin))
				.forEach((answer) -> answers.add(answer.asString()));
		}
		else {
			io(origin).sockets()
				.serverSideEmit(Duration.ofSeconds(5), "sse", "ack me from " + origin)
				.get(15, TimeUnit.SECONDS)
				.forEach((answer) -> answers.add(String.valueOf(answer)));
		}
		Set<String> expected = new TreeSet<>();
		for (String other : List.of("mvc", "flux", "node")) {
			if (!other.equals(origin)) {
				expected.add("pong from " + other);
			}
		}
		assertThat(answers).isEqualTo(expected);
	}

	private List<String> serverSideEvents(String server) {
		List<String> result = new ArrayList<>();
		if ("node".equals(server)) {
			// the Node peer hands its list over once: keep what it gave in a buffer of
			// this test class
			node.call("serverSideEvents")
				.forEach((event) -> nodeServerSideEvents.add("[" + event.get("event").asString() + ", "
						+ String.join(", ", describe(event.get("args"))) + "]"));
			result.addAll(nodeServerSideEvents);
			return result;
		}
		ConfigurableApplicationContext context = "mvc".equals(server) ? mvc : flux;
		context.getBean(ClusterNodeApplication.ServerSideEvents.class).received
			.forEach((event) -> result.add(event.toString()));
		return result;
	}

	private final List<String> nodeServerSideEvents = new java.util.concurrent.CopyOnWriteArrayList<>();

	private static List<String> describe(JsonNode args) {
		List<String> result = new ArrayList<>();
		args.forEach((arg) -> {
			if (arg.isObject()) {
				List<String> entries = new ArrayList<>();
				arg.properties()
					.forEach((entry) -> entries.add(entry.getKey() + "=" + (entry.getValue().isValueNode()
							? entry.getValue().asString() : entry.getValue().toString())));
				result.add("{" + String.join(", ", entries) + "}");
			}
			else {
				result.add(arg.asString());
			}
		});
		return result;
	}

	@ParameterizedTest
	@ValueSource(strings = { "mvc", "flux" })
	void binaryServerSideEmitArgumentsArriveAsBinary(String origin) throws Exception {
		io(origin).sockets().serverSideEmit("sse", "bin from " + origin, new byte[] { 1, 2, 3 });
		// Node gets a Buffer (msgpack bin), not base64 text
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			serverSideEvents("node");
			assertThat(nodeServerSideEvents).contains("[sse, bin from " + origin + ", {$bin=[1,2,3]}]");
		});
		String other = "mvc".equals(origin) ? "flux" : "mvc";
		ConfigurableApplicationContext context = "mvc".equals(other) ? mvc : flux;
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(context.getBean(ClusterNodeApplication.ServerSideEvents.class).received)
				.anySatisfy((event) -> {
					assertThat(event.get(1)).isEqualTo("bin from " + origin);
					assertThat(event.get(2)).isEqualTo(new byte[] { 1, 2, 3 });
				}));
	}

	@ParameterizedTest
	@ValueSource(strings = { "mvc", "flux", "node" })
	void remoteSocketTimeoutEmitWithAckGetsTheOneAnswerOfASocketOnAnotherServer(String origin) throws Exception {
		// each origin asks the client of the next server
		NodePeer target = switch (origin) {
			case "mvc" -> fluxClient;
			case "flux" -> nodeClient;
			default -> mvcClient;
		};
		String room = switch (origin) {
			case "mvc" -> "room-flux";
			case "flux" -> "room-node";
			default -> "room-mvc";
		};
		if ("node".equals(origin)) {
			JsonNode answers = node.call("remoteEmitWithAck", "rooms", List.of(room), "event", "remote-ack-" + origin,
					"args", List.of("q", NodePeer.bin(9)), "ackTimeout", 5000);
			assertThat(answers.toString()).isEqualTo("[\"ack from " + target.sid() + "\"]");
		}
		else {
			List<RemoteSocket> sockets = io(origin).in(room).fetchSockets().get(15, TimeUnit.SECONDS);
			assertThat(sockets).hasSize(1);
			EventArgs answer = sockets.get(0)
				.timeout(Duration.ofSeconds(5))
				.emitWithAck("remote-ack-" + origin, "q", new byte[] { 9 })
				.get(15, TimeUnit.SECONDS);
			assertThat(answer.size()).isEqualTo(1);
			assertThat(answer.get(0).asString()).isEqualTo("ack from " + target.sid());
		}
		assertThat(target.awaitReceived("remote-ack-" + origin).toString()).isEqualTo("[\"q\",{\"$bin\":[9]}]");
	}

	@Test
	void ourEmitterReachesTheClientsOfEveryServer() {
		Assumptions.assumeTrue(ourEmitterApplies(), "no emitter speaks this adapter's format");
		SocketIoEmitter emitter = mvc.getBean(SocketIoEmitter.class);
		emitter.emit("java-emitter", "text", new byte[] { 1, 2, 3 }, Map.of("nested", new byte[] { (byte) 255 }))
			.join();
		emitter.to("room-node").emit("java-emitter-room", "only node").join();
		for (NodePeer client : allClients()) {
			assertBinaryCheck(client.awaitReceived("java-emitter"));
		}
		assertThat(nodeClient.awaitReceived("java-emitter-room").toString()).isEqualTo("[\"only node\"]");
	}

	@Test
	void ourEmitterJoinsLeavesAndTalksToServers() throws Exception {
		Assumptions.assumeTrue(ourEmitterApplies(), "no emitter speaks this adapter's format");
		SocketIoEmitter emitter = flux.getBean(SocketIoEmitter.class);
		emitter.in("everyone").except("room-mvc").socketsJoin("by-java-emitter").join();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(fetch("node", "by-java-emitter")).containsOnlyKeys(fluxClient.sid(),
					nodeClient.sid()));
		emitter.in("by-java-emitter").socketsLeave("by-java-emitter").join();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(fetch("mvc", "by-java-emitter")).isEmpty());
		emitter.serverSideEmit("sse", "from java emitter").join();
		for (String server : List.of("mvc", "flux", "node")) {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(serverSideEvents(server)).contains("[sse, from java emitter]"));
		}
	}

	/**
	 * Node's {@code @socket.io/redis-emitter} publishes in the classic adapter's format
	 * (Node's streams emitter is not on npm).
	 */
	/** Whether {@code SocketIoEmitter} has a format this adapter reads. */
	boolean ourEmitterApplies() {
		return true;
	}

	private void assumeClassicEmitters() {
		Assumptions.assumeTrue("redis".equals(adapterType()), "Node's emitter speaks the classic adapter's format");
	}

	@Test
	void nodeEmitterReachesTheClientsOfEveryServer() throws Exception {
		assumeClassicEmitters();
		try (NodePeer emitter = NodePeer.emitter(redis.uri(), "socket.io")) {
			emitter.call("emit", "event", "node-emitter", "args",
					List.of("text", NodePeer.bin(1, 2, 3), Map.of("nested", NodePeer.bin(255))));
			emitter.call("emit", "rooms", List.of("room-mvc"), "event", "node-emitter-room", "args",
					List.of("only mvc"));
			for (NodePeer client : allClients()) {
				assertBinaryCheck(client.awaitReceived("node-emitter"));
			}
			assertThat(mvcClient.awaitReceived("node-emitter-room").toString()).isEqualTo("[\"only mvc\"]");
			emitter.call("socketsJoin", "rooms", List.of("everyone"), "except", List.of("room-node"), "join",
					"by-node-emitter");
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(fetch("node", "by-node-emitter")).containsOnlyKeys(mvcClient.sid(),
						fluxClient.sid()));
			emitter.call("socketsLeave", "rooms", List.of("by-node-emitter"), "leave", "by-node-emitter");
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(fetch("flux", "by-node-emitter")).isEmpty());
			emitter.call("serverSideEmit", "event", "sse", "args", List.of("from node emitter"));
			for (String server : List.of("mvc", "flux", "node")) {
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(serverSideEvents(server)).contains("[sse, from node emitter]"));
			}
		}
	}

}
