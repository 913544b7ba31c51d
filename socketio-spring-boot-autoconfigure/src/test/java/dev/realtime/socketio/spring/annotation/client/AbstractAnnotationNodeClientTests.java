package dev.realtime.socketio.spring.annotation.client;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End-to-end tests of the annotation programming model with the official JavaScript
 * client (socket.io-client from npm, run by Node). Subclasses pick the web stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractAnnotationNodeClientTests {

	private ConfigurableApplicationContext context;

	private String baseUrl;

	protected abstract WebApplicationType webApplicationType();

	@BeforeAll
	void startServer() {
		context = new SpringApplicationBuilder(AnnotationScenarioHandlers.class).web(webApplicationType())
			.properties("server.port=0", "socketio.ping-interval=2s", "socketio.ping-timeout=2s",
					"logging.level.dev.realtime.socketio.spring.annotation.support=debug")
			.run();
		baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@AfterAll
	void stopServer() {
		context.close();
	}

	@Test
	void onConnectGreetsTheSocketAndOnDisconnectLearnsWhyItLeft() throws Exception {
		JsonNode result = AnnotationNodeClient.run("lifecycle", baseUrl);
		assertThat(result.get("welcomeIsSocketId").asBoolean()).isTrue();
		AnnotationScenarioHandlers.Disconnects disconnects = context
			.getBean(AnnotationScenarioHandlers.Disconnects.class);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(disconnects.seen)
				.contains(result.get("id").asText() + " client namespace disconnect"));
	}

	@Test
	void recordsListsAndBinaryBindByPositionAndTheReturnValueIsTheAck() throws Exception {
		JsonNode result = AnnotationNodeClient.run("payloads", baseUrl);
		assertThat(result.get("receipt").toString()).isEqualTo("{\"id\":\"o-1\",\"items\":5,\"attachmentBytes\":3}");
		assertThat(result.get("binaryEcho").toString()).isEqualTo("[\"label\",{\"binary\":[7,8,9]}]");
	}

	@Test
	void payloadsBindOverPollingToo() throws Exception {
		JsonNode result = AnnotationNodeClient.run("payloads-polling", baseUrl);
		assertThat(result.get("receipt").toString()).isEqualTo("{\"id\":\"o-1\",\"items\":5,\"attachmentBytes\":3}");
		assertThat(result.get("binaryEcho").toString()).isEqualTo("[\"label\",{\"binary\":[7,8,9]}]");
	}

	@Test
	void completableFutureAndMonoAreAnsweredWhenTheyComplete() throws Exception {
		JsonNode result = AnnotationNodeClient.run("async", baseUrl);
		assertThat(result.get("future").asText()).isEqualTo("future soon");
		assertThat(result.get("mono").toString()).isEqualTo("{\"id\":\"m-1\",\"items\":0,\"attachmentBytes\":0}");
	}

	@Test
	void exceptionHandlerAnswersTheAckAndAnUnhandledExceptionLeaksNothing() throws Exception {
		JsonNode result = AnnotationNodeClient.run("errors", baseUrl);
		assertThat(result.get("handled").toString()).isEqualTo("{\"error\":\"bad_request\",\"message\":\"no thanks\"}");
		assertThat(result.get("unhandled").toString())
			.isEqualTo("{\"error\":\"internal_error\",\"message\":\"An internal error occurred\"}");
	}

	@Test
	void badPayloadIsAnsweredAsTheClientsErrorAndLoggedInOneDebugLine(CapturedOutput output) throws Exception {
		JsonNode result = AnnotationNodeClient.run("bad-payloads", baseUrl);
		assertThat(result.get("notAnObject").toString())
			.isEqualTo("{\"error\":\"bad_request\",\"message\":\"argument 0 (order): expected an object\"}");
		assertThat(result.get("notANumber").toString()).isEqualTo(
				"{\"error\":\"bad_request\",\"message\":\"argument 1 (items) at [0].quantity: expected a number\"}");
		assertThat(result.get("invalid").toString())
			.isEqualTo("{\"error\":\"bad_request\",\"message\":\"argument 0 (message): text must not be blank\"}");
		assertThat(result.get("valid").asText()).isEqualTo("got hi");
		assertThat(result.get("caught").toString())
			.isEqualTo("{\"error\":\"invalid_name\",\"message\":\"argument 0 (name): text must not be blank\"}");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output.getOut()).contains("DEBUG")
				.contains("Bad payload for @SocketEvent method")
				.contains("argument 1 (items) at [0].quantity: expected a number"));
		// one line, no stack trace, no exception's name (other tests' background output
		// may share this window)
		assertThat(output.getAll()).doesNotContain("\tat ")
			.doesNotContain("SocketPayloadBindingException")
			.doesNotContain("SocketPayloadValidationException")
			.doesNotContain("MismatchedInputException")
			.doesNotContain("ConstraintViolationException")
			.doesNotContain("Unhandled exception");
	}

	@Test
	void fixedAndPatternNamespacesReachTheirHandlers() throws Exception {
		JsonNode result = AnnotationNodeClient.run("namespaces", baseUrl);
		assertThat(result.get("chatWelcome").asText()).isEqualTo("/chat");
		assertThat(result.get("chat").asText()).isEqualTo("chat /chat");
		assertThat(result.get("workspace").asText()).isEqualTo("workspace /workspace-42");
		assertThat(result.get("invalid").asText()).isEqualTo("Invalid namespace");
	}

	@Test
	void middlewareBeansRefuseOrAdmitInTheirOrder() throws Exception {
		JsonNode result = AnnotationNodeClient.run("middleware", baseUrl);
		assertThat(result.get("refusal").toString())
			.isEqualTo("{\"message\":\"not authorized\",\"data\":{\"reason\":\"bad token\"}}");
		assertThat(result.get("admitted").asText()).isEqualTo("token+second");
	}

}
