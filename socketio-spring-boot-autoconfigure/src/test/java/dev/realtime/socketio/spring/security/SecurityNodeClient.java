package dev.realtime.socketio.spring.security;

import java.io.IOException;
import java.util.Map;

import dev.realtime.socketio.spring.testsupport.NodeScenario;
import tools.jackson.databind.JsonNode;

/**
 * The scenarios of {@code src/test/js/security-scenarios.js}, which take their options as
 * JSON.
 */
final class SecurityNodeClient {

	private static final String SCRIPT = "security-scenarios.js";

	private SecurityNodeClient() {
	}

	static JsonNode run(String scenario, String baseUrl, Map<String, Object> options)
			throws IOException, InterruptedException {
		return NodeScenario.run(SCRIPT, scenario, baseUrl, NodeScenario.json(options));
	}

	static Process start(String scenario, String baseUrl, Map<String, Object> options) throws IOException {
		return NodeScenario.start(SCRIPT, scenario, baseUrl, NodeScenario.json(options));
	}

	static void awaitLine(Process process, String line) throws IOException {
		NodeScenario.awaitLine(process, line);
	}

	static JsonNode result(Process process, String scenario) throws IOException, InterruptedException {
		return NodeScenario.result(process, scenario);
	}

}
