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
 * collector the JVM picks on one CPU), then {@code GC.class_histogram} (another full
 * collection) in one {@code jcmd} attach, and the histogram's total: the bytes of every
 * live object. {@code GC.heap_info}'s {@code used} is not taken: it counts the whole
 * allocation buffer (TLAB, up to hundreds of KB) of each thread that allocated anything
 * since the collection (a timer tick, a heartbeat), and a separate {@code jcmd} takes ~1
 * s to start; at 1000 connections that was 0-330 B per connection of noise. Node: the
 * server's {@code /__bench/heap} endpoint runs {@code global.gc()} twice
 * ({@code --expose-gc}) and answers {@code process.memoryUsage()}; its {@code heapUsed}
 * is the JS heap, the same kind of figure.
 */
final class HeapProbe {

	private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

	private static final Pattern NODE_HEAP = Pattern.compile("\"heapUsed\":(\\d+)");

	private HeapProbe() {
	}

	/** Live heap in bytes; {@code kind} is {@code jvm} or {@code node}. */
	static long liveHeapBytes(String kind, String pid, String nodeHeapUrl) {
		if ("node".equals(kind)) {
			return nodeHeap(nodeHeapUrl);
		}
		return histogramTotalOf(jcmdAll(pid, "GC.run", "GC.run", "GC.class_histogram"));
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

	/** The bytes of all live objects in a {@code GC.class_histogram}: its total line. */
	static long histogramTotalOf(String histogram) {
		Matcher matcher = TOTAL.matcher(histogram);
		if (!matcher.find()) {
			throw new IllegalStateException("cannot read GC.class_histogram:\n" + histogram);
		}
		return Long.parseLong(matcher.group(1));
	}

	/**
	 * Writes {@code jcmd <pid> GC.class_histogram} (live objects) to a file, after the
	 * same full collections as {@link #liveHeapBytes}: one collection leaves what only a
	 * second one frees (objects behind cleaners and weak references, ~1.5 KB per
	 * connection of {@code int[]} after the warm-up connections), which a diff of two
	 * histograms would count against the held connections.
	 */
	static void classHistogram(String pid, Path file) {
		try {
			Files.writeString(file, jcmdAll(pid, "GC.run", "GC.run", "GC.class_histogram"));
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
