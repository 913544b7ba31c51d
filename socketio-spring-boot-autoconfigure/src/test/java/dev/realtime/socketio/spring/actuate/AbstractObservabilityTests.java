package dev.realtime.socketio.spring.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.realtime.socketio.server.SocketIoServer;
import dev.realtime.socketio.spring.testsupport.NodeScenario;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every meter, span, endpoint and health detail, with the official JavaScript client
 * against an application with the actuator, a {@code SimpleMeterRegistry} and a tracer.
 * Subclasses pick the web stack.
 */
abstract class AbstractObservabilityTests {

	private static final String SCRIPT = "observability-scenarios.js";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private ConfigurableApplicationContext context;

	private String baseUrl;

	protected abstract WebApplicationType webApplicationType();

	@AfterEach
	void stop() {
		if (context != null) {
			context.close();
		}
	}

	private void start() {
		ObservabilityApplication.handlerContext.clear();
		context = new SpringApplicationBuilder(ObservabilityApplication.class).web(webApplicationType())
			.properties("server.port=0", "server.address=127.0.0.1",
					"management.endpoints.web.exposure.include=health,info,socketio",
					"management.endpoint.health.show-details=always", "management.info.socketio.enabled=true")
			.run();
		baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private HttpResponse<String> call(String method, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(10))
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode get(String path) throws Exception {
		HttpResponse<String> response = call("GET", path);
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private double count(MeterRegistry registry, String name, String... tags) {
		var search = registry.find(name).tags(tags);
		if (search.counter() != null) {
			return search.counter().count();
		}
		if (search.functionCounter() != null) {
			return search.functionCounter().count();
		}
		if (search.timer() != null) {
			return search.timer().count();
		}
		if (search.gauge() != null) {
			return search.gauge().value();
		}
		if (search.summary() != null) {
			return search.summary().count();
		}
		return -1;
	}

	@Test
	void metersSpansEndpointAndHealthSeeTheTraffic() throws Exception {
		start();
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		SocketIoServer io = context.getBean(SocketIoServer.class);
		Process client = NodeScenario.start(SCRIPT, "traffic", baseUrl);
		try {
			NodeScenario.awaitLine(client, "READY");
			String id = io.sockets().sockets().keySet().iterator().next();

			// meters
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(count(meters, "socketio.connections", "transport", "websocket")).isEqualTo(3);
				assertThat(count(meters, "socketio.connections", "transport", "polling")).isZero();
				assertThat(count(meters, "socketio.sockets", "namespace", "/")).isEqualTo(1);
				assertThat(count(meters, "socketio.sockets", "namespace", "^/room-\\d+$")).isEqualTo(2);
				assertThat(count(meters, "socketio.connects", "namespace", "/")).isEqualTo(1);
				assertThat(count(meters, "socketio.connects", "namespace", "^/room-\\d+$")).isEqualTo(2);
				assertThat(count(meters, "socketio.connect.errors", "namespace", "/private", "code", "access_denied"))
					.isEqualTo(1);
				assertThat(
						count(meters, "socketio.connect.errors", "namespace", "unknown", "code", "invalid_namespace"))
					.isEqualTo(1);
				assertThat(count(meters, "socketio.events", "namespace", "/", "event", "hello", "outcome", "success"))
					.isEqualTo(1);
				assertThat(count(meters, "socketio.events", "namespace", "/", "event", "fail", "outcome", "error"))
					.isEqualTo(1);
				assertThat(count(meters, "socketio.events", "namespace", "/", "event", "secret", "outcome", "denied"))
					.isEqualTo(1);
				assertThat(count(meters, "socketio.events", "namespace", "/", "event", "other", "outcome", "success"))
					.isEqualTo(1);
				assertThat(count(meters, "socketio.acks", "outcome", "answered")).isEqualTo(1);
				assertThat(count(meters, "socketio.upgrades", "outcome", "success")).isEqualTo(1);
				assertThat(count(meters, "socketio.packets", "direction", "in", "transport", "polling")).isPositive();
				assertThat(count(meters, "socketio.packets", "direction", "in", "transport", "websocket")).isPositive();
				assertThat(count(meters, "socketio.packets", "direction", "out", "transport", "websocket"))
					.isPositive();
				assertThat(count(meters, "socketio.bytes", "direction", "out", "transport", "polling")).isPositive();
				assertThat(count(meters, "socketio.bytes", "direction", "in", "transport", "websocket")).isPositive();
				assertThat(count(meters, "socketio.outbound.buffered.bytes")).isPositive();
				assertThat(count(meters, "socketio.outbound.overflows")).isZero();
				assertThat(count(meters, "socketio.outbound.volatile.drops")).isZero();
				assertThat(count(meters, "socketio.cluster.servers")).isEqualTo(1);
			});

			// health, info, endpoint
			JsonNode health = get("/actuator/health/socketio");
			assertThat(health.get("status").asText()).isEqualTo("UP");
			assertThat(health.at("/details/state").asText()).isEqualTo("accepting");
			assertThat(health.at("/details/connections").asInt()).isEqualTo(3);
			assertThat(health.at("/details/adapter").asText()).isEqualTo("InMemoryAdapter");
			assertThat(health.at("/details/servers").asInt()).isEqualTo(1);
			JsonNode info = get("/actuator/info");
			assertThat(info.at("/socketio/path").asText()).isEqualTo("/socket.io/");
			assertThat(info.at("/socketio/engineIoProtocol").asInt()).isEqualTo(4);
			assertThat(info.at("/socketio/socketIoProtocol").asInt()).isEqualTo(5);
			JsonNode endpoint = get("/actuator/socketio");
			assertThat(endpoint.at("/engine/connections").asInt()).isEqualTo(3);
			assertThat(endpoint.at("/engine/transports/websocket").asInt()).isEqualTo(3);
			assertThat(endpoint.at("/engine/transports/polling").asInt()).isZero();
			assertThat(endpoint.at("/adapter/type").asText()).isEqualTo("InMemoryAdapter");
			assertThat(endpoint.at("/adapter/servers").asInt()).isEqualTo(1);
			Set<String> namespaces = names(endpoint.get("namespaces"), "name");
			assertThat(namespaces).contains("/", "/room-1", "/room-2", "/private");
			assertThat(endpoint.get("namespaces").toString())
				.contains("{\"name\":\"/room-1\",\"sockets\":1,\"parent\":\"^/room-\\\\d+$\"}");
			assertThat(endpoint.get("largestRooms").toString()).contains(
					"{\"namespace\":\"/\",\"room\":\"lobby\",\"sockets\":1}",
					"{\"namespace\":\"/room-1\",\"room\":\"members\",\"sockets\":1}");

			// DELETE one socket
			assertThat(call("DELETE", "/actuator/socketio/sockets/no-such-socket").statusCode()).isEqualTo(404);
			HttpResponse<String> deleted = call("DELETE", "/actuator/socketio/sockets/" + id);
			assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
			assertThat(json.readTree(deleted.body()).get("namespace").asText()).isEqualTo("/");
			JsonNode result = NodeScenario.result(client, "traffic");
			assertThat(result.get("id").asText()).isEqualTo(id);
			assertThat(result.get("reason").asText()).isEqualTo("io server disconnect");
			assertThat(result.get("hello").asText()).isEqualTo("hi ann");
			assertThat(result.get("asked").asInt()).isEqualTo(42);
			assertThat(result.at("/denied/data/code").asText()).isEqualTo("access_denied");
			assertThat(result.at("/invalid/message").asText()).isEqualTo("Invalid namespace");
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(count(meters, "socketio.disconnects", "namespace", "/", "reason",
						"server namespace disconnect"))
					.isEqualTo(1));

			// spans and the handler's logging context
			SimpleTracer tracer = context.getBean(SimpleTracer.class);
			List<FinishedSpan> spans = List
				.copyOf(tracer.getSpans().stream().map((span) -> (FinishedSpan) span).toList());
			FinishedSpan hello = spans.stream()
				.filter((span) -> "hello".equals(span.getTags().get("event")))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no hello span in " + spans));
			assertThat(hello.getName()).isEqualTo("socketio hello");
			assertThat(hello.getTags()).containsEntry("namespace", "/")
				.containsEntry("outcome", "success")
				.containsEntry("socketio.sid", id);
			FinishedSpan failed = spans.stream()
				.filter((span) -> "fail".equals(span.getTags().get("event")))
				.findFirst()
				.orElseThrow();
			assertThat(failed.getTags()).containsEntry("outcome", "error");
			assertThat(failed.getError()).hasMessage("boom");
			assertThat(spans.stream()
				.filter((span) -> "secret".equals(span.getTags().get("event")))
				.findFirst()
				.orElseThrow()
				.getTags()).containsEntry("outcome", "denied");
			assertThat(spans.stream()
				.filter((span) -> span.getName().equals("socketio connect"))
				.map((span) -> span.getTags().get("namespace") + " " + span.getTags().get("outcome"))
				.collect(Collectors.toList())).contains("/ success", "/private access_denied", "^/room-\\d+$ success");
			assertThat(ObservabilityApplication.handlerContext).containsExactly(id + " / " + hello.getTraceId());
		}
		finally {
			client.destroy();
		}
	}

	@Test
	void healthIsDownOnceTheServerShutsDown() throws Exception {
		start();
		assertThat(get("/actuator/health/socketio").get("status").asText()).isEqualTo("UP");
		context.getBean(SocketIoServer.class).close();
		HttpResponse<String> health = call("GET", "/actuator/health/socketio");
		assertThat(health.statusCode()).isEqualTo(503);
		assertThat(json.readTree(health.body()).at("/details/state").asText()).isEqualTo("shutting down");
		HttpResponse<String> handshake = call("GET", "/socket.io/?EIO=4&transport=polling");
		assertThat(handshake.statusCode()).isEqualTo(503);
	}

	private static Set<String> names(JsonNode array, String field) {
		Set<String> names = new java.util.TreeSet<>();
		array.forEach((node) -> names.add(node.get(field).asText()));
		return names;
	}

}
