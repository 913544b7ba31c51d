package dev.realtime.socketio.spring.testsupport;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a scenario of one of the scripts in {@code src/test/js} with the official
 * socket.io-client under Node and returns what it observed: the JSON of its
 * {@code RESULT} line (see {@code harness.js}). A failed or silent script fails the test
 * with everything it printed.
 */
public final class NodeScenario {

	private static final File SCRIPTS = new File(System.getProperty("socketio.test.js.dir", "src/test/js"));

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private NodeScenario() {
	}

	/**
	 * Runs {@code node <script> <scenario> <baseUrl> <extraArgs…>} and returns its
	 * result.
	 */
	public static JsonNode run(String script, String scenario, String baseUrl, String... extraArgs)
			throws IOException, InterruptedException {
		return result(start(script, scenario, baseUrl, extraArgs), scenario);
	}

	/** Starts a scenario without waiting for it. */
	public static Process start(String script, String scenario, String baseUrl, String... extraArgs)
			throws IOException {
		List<String> command = new ArrayList<>(List.of("node", script, scenario, baseUrl));
		command.addAll(List.of(extraArgs));
		return new ProcessBuilder(command).directory(SCRIPTS).redirectErrorStream(true).start();
	}

	/**
	 * Waits until a started scenario printed {@code line}; what it printed before is kept
	 * for errors.
	 */
	public static void awaitLine(Process process, String line) throws IOException {
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

	/** Waits for a started scenario and returns its result. */
	public static JsonNode result(Process process, String scenario) throws IOException, InterruptedException {
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
		throw new AssertionError(
				"node scenario " + scenario + " failed (exit " + process.exitValue() + "):\n" + output);
	}

	/** JSON text of a value, for scenarios that take their options as an argument. */
	public static String json(Object value) {
		return mapper.writeValueAsString(value);
	}

}
