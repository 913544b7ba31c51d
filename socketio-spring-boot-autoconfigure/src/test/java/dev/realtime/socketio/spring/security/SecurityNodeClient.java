package dev.realtime.socketio.spring.security;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a scenario of {@code src/test/js/security-scenarios.js} with the official socket.io-client
 * under Node and returns what the script observed (its {@code RESULT} line).
 */
final class SecurityNodeClient {

	private static final File SCRIPTS = new File(System.getProperty("socketio.test.js.dir", "src/test/js"));

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private SecurityNodeClient() {
	}

	static JsonNode run(String scenario, String baseUrl, Map<String, Object> options)
			throws IOException, InterruptedException {
		return result(start(scenario, baseUrl, options), scenario);
	}

	static Process start(String scenario, String baseUrl, Map<String, Object> options) throws IOException {
		return new ProcessBuilder(List.of("node", "security-scenarios.js", scenario, baseUrl,
				mapper.writeValueAsString(options)))
			.directory(SCRIPTS)
			.redirectErrorStream(true)
			.start();
	}

	/** Waits until a started scenario printed {@code line}; what it printed before is kept for errors. */
	static void awaitLine(Process process, String line) throws IOException {
		BufferedReader reader = process.inputReader(StandardCharsets.UTF_8);
		StringBuilder seen = new StringBuilder();
		String next;
		while ((next = reader.readLine()) != null) {
			if (next.equals(line)) {
				return;
			}
			seen.append(next).append('\n');
		}
		throw new AssertionError("scenario ended before printing " + line + ":\n" + seen);
	}

	static JsonNode result(Process process, String scenario) throws IOException, InterruptedException {
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("node scenario " + scenario + " did not finish in 30 s");
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		for (String line : output.split("\n")) {
			if (line.startsWith("RESULT ")) {
				return mapper.readTree(line.substring("RESULT ".length()));
			}
		}
		throw new AssertionError("node scenario " + scenario + " failed (exit " + process.exitValue() + "):\n" + output);
	}
}
