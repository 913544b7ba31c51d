package dev.realtime.socketio.spring.client;

import java.io.IOException;

import dev.realtime.socketio.spring.testsupport.NodeScenario;
import tools.jackson.databind.JsonNode;

/** The scenarios of {@code src/test/js/scenarios.js}. */
final class NodeClient {

	private static final String SCRIPT = "scenarios.js";

	private NodeClient() {
	}

	static JsonNode run(String scenario, String baseUrl) throws IOException, InterruptedException {
		return NodeScenario.run(SCRIPT, scenario, baseUrl);
	}

	static Process start(String scenario, String baseUrl) throws IOException {
		return NodeScenario.start(SCRIPT, scenario, baseUrl);
	}

	static void awaitLine(Process process, String line) throws IOException {
		NodeScenario.awaitLine(process, line);
	}

	static JsonNode result(Process process, String scenario) throws IOException, InterruptedException {
		return NodeScenario.result(process, scenario);
	}

}
