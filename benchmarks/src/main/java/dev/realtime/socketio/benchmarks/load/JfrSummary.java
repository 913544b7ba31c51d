package dev.realtime.socketio.benchmarks.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording the way {@code jfr print --events jdk.ExecutionSample} is
 * read by hand: CPU samples by top frame (self time), by the first frame in our own code
 * ({@code dev.realtime}) on the stack, and allocation samples by top frame (bytes).
 *
 * <pre>java -cp … dev.realtime.socketio.benchmarks.load.JfrSummary echo.jfr [rows]</pre>
 */
public final class JfrSummary {

	private JfrSummary() {
	}

	public static void main(String[] args) throws IOException {
		int rows = (args.length > 1) ? Integer.parseInt(args[1]) : 25;
		Map<String, Long> self = new HashMap<>();
		Map<String, Long> ours = new HashMap<>();
		Map<String, Long> allocations = new HashMap<>();
		long samples = 0;
		long allocated = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
			String type = event.getEventType().getName();
			RecordedStackTrace stack = event.getStackTrace();
			if (stack == null || stack.getFrames().isEmpty()) {
				continue;
			}
			if ("jdk.ExecutionSample".equals(type)) {
				samples++;
				self.merge(name(stack.getFrames().get(0)), 1L, Long::sum);
				for (RecordedFrame frame : stack.getFrames()) {
					if (frame.getMethod().getType().getName().startsWith("dev.realtime.")) {
						ours.merge(name(frame), 1L, Long::sum);
						break;
					}
				}
			}
			else if ("jdk.ObjectAllocationSample".equals(type)) {
				long weight = event.getLong("weight");
				allocated += weight;
				String where = name(stack.getFrames().get(0));
				for (RecordedFrame frame : stack.getFrames()) {
					if (frame.getMethod().getType().getName().startsWith("dev.realtime.")) {
						where = where + "  ← " + name(frame);
						break;
					}
				}
				allocations.merge(where, weight, Long::sum);
			}
		}
		System.out.println("CPU samples: " + samples);
		print("top frames (self)", self, samples, rows);
		print("first frame in dev.realtime (inclusive from there)", ours, samples, rows);
		System.out.printf("%nallocation samples, weight %.1f MiB%n", allocated / 1048576.0);
		print("allocations by top frame ← first dev.realtime frame (bytes)", allocations, allocated, rows);
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName() + ":" + frame.getLineNumber();
	}

	private static void print(String title, Map<String, Long> counts, long total, int rows) {
		System.out.println("\n" + title);
		List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
		entries.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
		for (int i = 0; i < Math.min(rows, entries.size()); i++) {
			Map.Entry<String, Long> entry = entries.get(i);
			System.out.printf("%6.2f%%  %s%n", 100.0 * entry.getValue() / Math.max(1, total), entry.getKey());
		}
	}

}
