package dev.realtime.socketio.spring.annotation.client;

import java.io.IOException;

import dev.realtime.socketio.spring.testsupport.NodeScenario;
import tools.jackson.databind.JsonNode;

/** The scenarios of {@code src/test/js/annotation-scenarios.js}. */
final class AnnotationNodeClient {

	private AnnotationNodeClient() {
	}

	static JsonNode run(String scenario, String baseUrl) throws IOException, InterruptedException {
		return NodeScenario.run("annotation-scenarios.js", scenario, baseUrl);
	}

}
