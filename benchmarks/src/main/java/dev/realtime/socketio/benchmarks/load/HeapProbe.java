package dev.realtime.socketio.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live heap of the server process right after a full collection.
 *
 * <p>
 * JVM servers: {@code GC.run} twice (a full, stop-the-world collection with the serial
 * collector the JVM picks on one CPU), then {@code GC.heap_info}, in one {@code jcmd}
 * attach, the smallest of three such readings, and the sum of the {@code used} figures of
 * the heap's generations (metaspace excluded): what is left after a full GC is live.
 * Node: the server's {@code /__bench/heap} endpoint runs {@code global.gc()} twice
 * ({@code --expose-gc}) and answers {@code process.memoryUsage()}; its {@code heapUsed}
 * is the JS heap, the same kind of figure.
 */
final class HeapProbe {

	private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

	private static final Pattern NODE_HEAP = Pattern.compile("\"heapUsed\":(\\d+)");

	private HeapProbe() {
	}

	/** Live heap in bytes; {@code kind} is {@code jvm} or {@code node}. */
	static long liveHeapBytes(String kind, String pid, String nodeHeapUrl) {
		if ("node".equals(kind)) {
			return nodeHeap(nodeHeapUrl);
		}
		// the collections and the reading in one attach: a separate jcmd takes ~1 s to
		// start, and what the server allocates meanwhile (heartbeats) would be counted as
		// live; the smallest of three readings, since allocation only adds
		long least = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			least = Math.min(least, usedOf(jcmdAll(pid, "GC.run", "GC.run", "GC.heap_info")));
		}
		return least;
	}

	/** Runs several diagnostic commands in one attach ({@code jcmd <pid> -f file}). */
	private static String jcmdAll(String pid, String... commands) {
		try {
			Path file = Files.createTempFile("heap-probe", ".jcmd");
			try {
				Files.writeString(file, String.join("\n", commands) + "\n");
				return jcmd(pid, "-f", file.toString());
			}
			finally {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The sum of the {@code used} figures of {@code GC.heap_info}'s generation lines, in
	 * bytes.
	 */
	static long usedOf(String heapInfo) {
		Matcher matcher = USED.matcher(heapInfo);
		long kib = 0;
		boolean found = false;
		while (matcher.find()) {
			kib += Long.parseLong(matcher.group(1));
			found = true;
		}
		if (!found) {
			throw new IllegalStateException("cannot read GC.heap_info:\n" + heapInfo);
		}
		return kib * 1024;
	}

	/**
	 * Writes {@code jcmd <pid> GC.class_histogram} (live objects, after a full GC) to a
	 * file.
	 */
	static void classHistogram(String pid, Path file) {
		try {
			Files.writeString(file, jcmd(pid, "GC.class_histogram"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String jcmd(String pid, String... command) {
		try {
			List<String> line = new ArrayList<>(List.of("jcmd", pid));
			line.addAll(List.of(command));
			Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
			String out;
			try (InputStream in = process.getInputStream()) {
				out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException("jcmd " + pid + " " + String.join(" ", command) + " failed:\n" + out);
			}
			return out;
		}
		catch (IOException ex) {
			throw new IllegalStateException("jcmd not available", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static long nodeHeap(String url) {
		try {
			HttpClient client = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(5))
				.build();
			HttpResponse<String> response = client.send(
					HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
					HttpResponse.BodyHandlers.ofString());
			Matcher matcher = NODE_HEAP.matcher(response.body());
			if (response.statusCode() != 200 || !matcher.find()) {
				throw new IllegalStateException("bad heap answer " + response.statusCode() + ": " + response.body());
			}
			return Long.parseLong(matcher.group(1));
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot reach " + url, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
