package dev.realtime.socketio.spring.client;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a scenario of {@code src/test/js/scenarios.js} with the official socket.io-client under
 * Node and returns what the script observed.
 */
final class NodeClient {

	private static final File SCRIPTS = new File(System.getProperty("socketio.test.js.dir", "src/test/js"));

	private NodeClient() {
	}

	static JsonNode run(String scenario, String baseUrl) throws IOException, InterruptedException {
		return result(start(scenario, baseUrl), scenario);
	}

	/** Starts a scenario without waiting for it. */
	static Process start(String scenario, String baseUrl) throws IOException {
		return new ProcessBuilder(List.of("node", "scenarios.js", scenario, baseUrl)).directory(SCRIPTS)
			.redirectErrorStream(true)
			.start();
	}

	/** Waits until a started scenario printed {@code line}. */
	static void awaitLine(Process process, String line) throws IOException {
		java.io.BufferedReader reader = process.inputReader(StandardCharsets.UTF_8);
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

	/** Waits for a started scenario and returns its result. */
	static JsonNode result(Process process, String scenario) throws IOException, InterruptedException {
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("node scenario " + scenario + " did not finish in 30 s");
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		for (String line : output.split("\n")) {
			if (line.startsWith("RESULT ")) {
				return JsonMapper.builder().build().readTree(line.substring("RESULT ".length()));
			}
		}
		throw new AssertionError("node scenario " + scenario + " failed (exit " + process.exitValue() + "):\n" + output);
	}
}
