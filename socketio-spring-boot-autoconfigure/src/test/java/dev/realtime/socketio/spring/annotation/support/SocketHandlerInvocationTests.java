package dev.realtime.socketio.spring.annotation.support;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Detection and invocation of annotated handler methods, one test per argument resolver
 * and per return type, driven by the Java client against a real server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SocketHandlerInvocationTests {

	private ConfigurableApplicationContext context;

	private String baseUrl;

	private final List<Socket> clients = new java.util.concurrent.CopyOnWriteArrayList<>();

	@BeforeAll
	void startServer() {
		context = new SpringApplicationBuilder(InvocationTestHandlers.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0")
			.run();
		baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@AfterEach
	void closeClients() {
		clients.forEach(Socket::close);
		clients.clear();
	}

	@AfterAll
	void stopServer() {
		context.close();
	}

	private Socket connect(String namespace, String query) throws Exception {
		IO.Options options = IO.Options.builder()
			.setTransports(new String[] { "websocket" })
			.setReconnection(false)
			.setForceNew(true)
			.setQuery(query.isEmpty() ? null : query)
			.build();
		Socket socket = IO.socket(URI.create(baseUrl + namespace), options);
		clients.add(socket);
		CompletableFuture<Object> connected = new CompletableFuture<>();
		socket.once(Socket.EVENT_CONNECT, (args) -> connected.complete(true));
		socket.once(Socket.EVENT_CONNECT_ERROR, (args) -> connected.completeExceptionally(new AssertionError(args[0])));
		socket.connect();
		connected.get(10, TimeUnit.SECONDS);
		return socket;
	}

	private Socket connect() throws Exception {
		return connect("/", "tenant=acme");
	}

	private static Object[] ask(Socket socket, String event, Object... args) throws Exception {
		CompletableFuture<Object[]> answer = new CompletableFuture<>();
		socket.emit(event, args, (Ack) answer::complete);
		return answer.get(10, TimeUnit.SECONDS);
	}

	private static Object askOne(Socket socket, String event, Object... args) throws Exception {
		Object[] answer = ask(socket, event, args);
		assertThat(answer).hasSize(1);
		return answer[0];
	}

	// ---------------------------------------------------------------- argument resolvers

	@Test
	void socketParameterIsTheSocketOfTheClient() throws Exception {
		Socket socket = connect();
		assertThat(askOne(socket, "socket")).isEqualTo(socket.id());
	}

	@Test
	void namespaceParameterIsTheNamespaceOfTheSocket() throws Exception {
		assertThat(askOne(connect(), "namespace")).isEqualTo("/");
	}

	@Test
	void serverParameterIsTheSocketIoServerBean() throws Exception {
		assertThat(askOne(connect(), "server")).isEqualTo(true);
	}

	@Test
	void handshakeParameterCarriesTheQueryOfTheHandshakeRequest() throws Exception {
		assertThat(askOne(connect(), "handshake")).isEqualTo("acme");
	}

	@Test
	void principalParameterIsThePrincipalOfTheHandshakeRequest() throws Exception {
		assertThat(askOne(connect("/", "user=alice"), "principal")).isEqualTo("alice");
	}

	@Test
	void principalParameterIsNullWithoutAnAuthenticatedHandshake() throws Exception {
		assertThat(askOne(connect(), "principal")).isEqualTo("anonymous");
	}

	@Test
	void ackParameterAnswersTheClientLaterFromAnotherThread() throws Exception {
		assertThat(askOne(connect(), "later", "now")).isEqualTo("later now");
	}

	@Test
	void disconnectReasonParameterTellsOnDisconnectWhyTheSocketLeft() throws Exception {
		InvocationTestHandlers.Seen seen = context.getBean(InvocationTestHandlers.Seen.class);
		Socket socket = connect();
		String id = socket.id();
		socket.disconnect();
		await().atMost(java.time.Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(seen.disconnects).contains(id + " client namespace disconnect"));
	}

	@Test
	void disconnectReasonParameterIsNullOutsideOnDisconnect() throws Exception {
		assertThat(askOne(connect(), "reason")).isEqualTo("null");
	}

	@Test
	void eventArgsParameterHoldsEveryArgumentAndTakesNoPosition() throws Exception {
		assertThat(askOne(connect(), "event-args", "a", 2, true)).isEqualTo(3);
	}

	@Test
	void customResolverBeanSuppliesItsTypeBeforeThePayload() throws Exception {
		assertThat(askOne(connect(), "tenant", "not a tenant")).isEqualTo("tenant-acme");
	}

	@Test
	void onConnectMethodRunsForEveryNewSocket() throws Exception {
		IO.Options options = IO.Options.builder()
			.setTransports(new String[] { "polling" })
			.setReconnection(false)
			.setForceNew(true)
			.build();
		Socket socket = IO.socket(URI.create(baseUrl), options);
		clients.add(socket);
		CompletableFuture<Object> connected = new CompletableFuture<>();
		socket.on("connected", (args) -> connected.complete(args[0]));
		socket.connect();
		assertThat(connected.get(10, TimeUnit.SECONDS)).isEqualTo(socket.id());
	}

	// ---------------------------------------------------------------- payload by
	// position

	@Test
	void payloadArgumentsBindByPositionToRecordsGenericListsAndMaps() throws Exception {
		JSONObject order = new JSONObject().put("customer", "bob").put("total", 12);
		JSONArray items = new JSONArray().put(new JSONObject().put("name", "tea").put("quantity", 2))
			.put(new JSONObject().put("name", "cake").put("quantity", 3));
		JSONObject meta = new JSONObject().put("channel", "web");
		JSONObject receipt = (JSONObject) askOne(connect(), "order", order, items, meta);
		assertThat(receipt.getString("customer")).isEqualTo("bob/web");
		assertThat(receipt.getInt("items")).isEqualTo(5);
	}

	@Test
	void payloadArgumentBindsToAJsonTree() throws Exception {
		JSONObject tree = new JSONObject().put("nested", new JSONArray().put("deep"));
		assertThat(askOne(connect(), "tree", tree)).isEqualTo("deep");
	}

	@Test
	void binaryPayloadArgumentsBindToByteArraysAndByteBuffers() throws Exception {
		assertThat(askOne(connect(), "bytes", new byte[] { 1, 2, 3 }, new byte[] { 4, 5 })).isEqualTo(302);
	}

	@Test
	void missingPayloadArgumentsAreNull() throws Exception {
		assertThat(askOne(connect(), "missing", "only")).isEqualTo("only,null");
	}

	@Test
	void validPayloadIsValidated() throws Exception {
		assertThat(askOne(connect(), "validated", new JSONObject().put("customer", "ann").put("total", 1)))
			.isEqualTo("valid ann");
	}

	@Test
	void invalidPayloadFailsValidationAndGoesToTheAdvice() throws Exception {
		JSONObject problem = (JSONObject) askOne(connect(), "validated",
				new JSONObject().put("customer", "").put("total", 1));
		assertThat(problem.getString("error")).isEqualTo("invalid");
		assertThat(problem.getString("message")).isEqualTo("customer");
	}

	// ---------------------------------------------------------------- return values

	@Test
	void objectArrayReturnValueIsSentAsSeveralAckArguments() throws Exception {
		assertThat(ask(connect(), "array")).containsExactly("a", 1);
	}

	@Test
	void ackValuesReturnValueIsSentAsSeveralAckArguments() throws Exception {
		Object[] answer = ask(connect(), "values");
		assertThat(answer).hasSize(3);
		assertThat(answer[0]).isEqualTo("b");
		assertThat(answer[1]).isEqualTo(2);
		assertThat(answer[2]).isNull();
	}

	@Test
	void voidMethodSendsNoAck() throws Exception {
		Socket socket = connect();
		CompletableFuture<Object[]> voidAnswer = new CompletableFuture<>();
		socket.emit("nothing", new Object[0], (Ack) voidAnswer::complete);
		// events of one socket run in order: once "ping" is answered, "nothing" has run
		assertThat(askOne(socket, "ping")).isEqualTo("pong");
		assertThat(voidAnswer).isNotDone();
	}

	@Test
	void completableFutureReturnValueIsSentWhenItCompletes() throws Exception {
		assertThat(askOne(connect(), "future", "soon")).isEqualTo("future soon");
	}

	@Test
	void completableFutureReturnedAsObjectOrFutureIsSentWhenItCompletes() throws Exception {
		// the declared type is not asynchronous, the value is
		Socket socket = connect();
		assertThat(askOne(socket, "future-as-object", "soon")).isEqualTo("future soon");
		assertThat(askOne(socket, "future-as-future", "soon")).isEqualTo("future soon");
	}

	@Test
	void failedCompletableFutureGoesToTheExceptionHandlers() throws Exception {
		JSONObject problem = (JSONObject) askOne(connect(), "failed-future");
		assertThat(problem.getString("error")).isEqualTo("bad_request");
		assertThat(problem.getString("message")).isEqualTo("late on /");
	}

	@Test
	void whatFollowsAnAsynchronousResultWaitsForTheSocketsCurrentEvent() throws Exception {
		Socket socket = connect("/ordering", "");
		CompletableFuture<Object[]> held = new CompletableFuture<>();
		socket.emit("hold", new Object[0], (Ack) held::complete);
		assertThat(askOne(socket, "release")).as("the exception handler ran during the next event").isEqualTo(false);
		assertThat(held.get(10, TimeUnit.SECONDS)).containsExactly("handled released");
	}

	@Test
	void aReturnValueHandlerBeanAnswersForItsTypeAlsoOnceAnAsynchronousResultCompletes() throws Exception {
		Socket socket = connect();
		Object[] page = ask(socket, "page");
		assertThat(page).hasSize(2);
		assertThat(page[0].toString()).isEqualTo("[\"a\",\"b\"]");
		assertThat(page[1]).isEqualTo(7);
		Object[] later = ask(socket, "page-later");
		assertThat(later[0].toString()).isEqualTo("[\"c\"]");
		assertThat(later[1]).isEqualTo(1);
	}

	@Test
	void connectingRegistersNoListenerOnTheSocket() throws Exception {
		Socket socket = connect();
		assertThat(askOne(socket, "ping")).isEqualTo("pong");
		dev.realtime.socketio.server.Socket serverSide = context
			.getBean(dev.realtime.socketio.server.SocketIoServer.class)
			.of("/")
			.socket(socket.id());
		assertThat(serverSide).isNotNull()
			.extracting("listeners")
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
			.isEmpty();
	}

	@Test
	void monoReturnValueIsSentWhenItEmits() throws Exception {
		JSONObject receipt = (JSONObject) askOne(connect(), "mono", "eve");
		assertThat(receipt.getString("customer")).isEqualTo("eve");
	}

	@Test
	void monoOfVoidSendsNoAck() throws Exception {
		Socket socket = connect();
		CompletableFuture<Object[]> voidAnswer = new CompletableFuture<>();
		socket.emit("mono-void", new Object[0], (Ack) voidAnswer::complete);
		assertThat(askOne(socket, "ping")).isEqualTo("pong");
		assertThat(voidAnswer).isNotDone();
	}

	// ---------------------------------------------------------------- exceptions and
	// proxies

	@Test
	void exceptionHandlerOfTheBeanAnswersTheAck() throws Exception {
		JSONObject problem = (JSONObject) askOne(connect(), "rejected", "no way");
		assertThat(problem.getString("error")).isEqualTo("bad_request");
		assertThat(problem.getString("message")).isEqualTo("no way on /");
	}

	@Test
	void unhandledExceptionIsAnsweredWithTheInternalErrorShapeWithoutItsMessage() throws Exception {
		JSONObject problem = (JSONObject) askOne(connect(), "crash");
		assertThat(problem.length()).isEqualTo(2);
		assertThat(problem.getString("error")).isEqualTo("internal_error");
		assertThat(problem.getString("message")).isEqualTo("An internal error occurred");
	}

	@Test
	void proxiedBeanIsDetectedOnItsTargetClassAndCalledThroughTheProxy() throws Exception {
		InvocationTestHandlers.Seen seen = context.getBean(InvocationTestHandlers.Seen.class);
		int before = seen.intercepted.get();
		assertThat(askOne(connect("/proxied", ""), "hello", "proxy")).isEqualTo("hello proxy");
		assertThat(seen.intercepted.get()).isEqualTo(before + 1);
	}

}
