package dev.realtime.socketio.spring.annotation.client;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a scenario of {@code src/test/js/annotation-scenarios.js} with the official socket.io-client
 * under Node and returns what the script observed (its {@code RESULT} line).
 */
final class AnnotationNodeClient {

	private static final File SCRIPTS = new File(System.getProperty("socketio.test.js.dir", "src/test/js"));

	private AnnotationNodeClient() {
	}

	static JsonNode run(String scenario, String baseUrl) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(List.of("node", "annotation-scenarios.js", scenario, baseUrl))
			.directory(SCRIPTS)
			.redirectErrorStream(true)
			.start();
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
