package dev.realtime.socketio.msgpack;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * notepack.io itself, run by Node ({@code src/test/js/notepack.js}), to write and read
 * the bytes the tests compare.
 */
final class Notepack {

	private static final File SCRIPTS = new File(System.getProperty("socketio.test.js.dir", "src/test/js"));

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final HexFormat HEX = HexFormat.of();

	private Notepack() {
	}

	/** The bytes notepack 2.2 and 3.0 write for one of the script's named values. */
	record Written(byte[] v2, byte[] v3) {
	}

	/** The named values of the script, as each notepack version writes them. */
	static Map<String, Written> vectors() throws IOException, InterruptedException {
		Map<String, Written> vectors = new LinkedHashMap<>();
		for (String line : run("notepack.js", List.of("vectors"), "")) {
			JsonNode json = mapper.readTree(line);
			vectors.put(json.get("name").stringValue(), new Written(HEX.parseHex(json.get("v2").stringValue()),
					HEX.parseHex(json.get("v3").stringValue())));
		}
		return vectors;
	}

	/**
	 * What notepack reads from each input: {@code v2} and {@code v3} (the value described
	 * as JSON: binary as {@code {"$bin":hex}}, dates as {@code {"$date":iso}}), or
	 * {@code v2Error}/{@code v3Error}, and {@code reencoded}, notepack 3's bytes for the
	 * value it read.
	 */
	static List<JsonNode> decode(List<byte[]> inputs) throws IOException, InterruptedException {
		StringBuilder stdin = new StringBuilder();
		for (byte[] input : inputs) {
			stdin.append(HEX.formatHex(input)).append('\n');
		}
		List<JsonNode> results = new ArrayList<>();
		for (String line : run("notepack.js", List.of("decode"), stdin.toString())) {
			results.add(mapper.readTree(line));
		}
		if (results.size() != inputs.size()) {
			throw new AssertionError(
					"notepack.js answered " + results.size() + " lines for " + inputs.size() + " inputs");
		}
		return results;
	}

	static byte[] unhex(String hex) {
		return HEX.parseHex(hex);
	}

	static String hex(byte[] bytes) {
		return HEX.formatHex(bytes);
	}

	/**
	 * Runs {@code node <script> <arguments…>} in {@code src/test/js} with {@code stdin};
	 * returns its output lines.
	 */
	static List<String> run(String script, List<String> arguments, String stdin)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("node", script));
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).directory(SCRIPTS).redirectErrorStream(true).start();
		CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
			try {
				return process.getInputStream().readAllBytes();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		try (OutputStream in = process.getOutputStream()) {
			in.write(stdin.getBytes(StandardCharsets.UTF_8));
		}
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("node " + script + " " + arguments + " did not finish in 60 s");
		}
		String text = new String(output.join(), StandardCharsets.UTF_8);
		if (process.exitValue() != 0) {
			throw new AssertionError(
					"node " + script + " " + arguments + " failed (exit " + process.exitValue() + "):\n" + text);
		}
		return text.lines().filter((line) -> !line.isEmpty()).toList();
	}

}
