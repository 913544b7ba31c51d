package dev.realtime.socketio.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * One measured window: wall time, the server's CPU ticks and the load generator's own,
 * and the operations counted between {@link #start} and {@link #stop}.
 */
final class Meter {

	private final String serverPid;

	private long startNanos;

	private long startServerTicks;

	private long startClientTicks;

	private long startOps;

	/**
	 * @param serverPid the server's process id, or several separated by commas (the
	 * servers of a cluster: their CPU is summed)
	 */
	Meter(String serverPid) {
		this.serverPid = serverPid;
	}

	private static long serverTicks(String pids) {
		long ticks = 0;
		for (String pid : pids.split(",")) {
			ticks += ProcStat.cpuTicks(pid.trim());
		}
		return ticks;
	}

	void start(long ops) {
		startOps = ops;
		startNanos = System.nanoTime();
		startServerTicks = serverTicks(serverPid);
		startClientTicks = ProcStat.cpuTicks("self");
	}

	/**
	 * Ends the window.
	 * @return {@code ops}, {@code seconds}, {@code ops_per_s}, {@code server_cpu_s},
	 * {@code cpu_us_per_op} (server CPU per operation), {@code server_cpu_pct},
	 * {@code client_cpu_pct}
	 */
	Map<String, String> stop(long ops) {
		long serverTicks = serverTicks(serverPid) - startServerTicks;
		long clientTicks = ProcStat.cpuTicks("self") - startClientTicks;
		double seconds = (System.nanoTime() - startNanos) / 1e9;
		long count = ops - startOps;
		double serverCpu = serverTicks / ProcStat.TICKS_PER_SECOND;
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("ops", Long.toString(count));
		fields.put("seconds", format(seconds));
		fields.put("ops_per_s", format(count / seconds));
		fields.put("server_cpu_s", format(serverCpu));
		fields.put("cpu_us_per_op", (count > 0) ? format(serverCpu * 1e6 / count) : "NaN");
		fields.put("server_cpu_pct", format(100 * serverCpu / seconds));
		fields.put("client_cpu_pct", format(100 * clientTicks / ProcStat.TICKS_PER_SECOND / seconds));
		// the machine is shared: its load says how much the figures were disturbed
		fields.put("loadavg1", ProcStat.loadAverage());
		return fields;
	}

	/** Adds p50, p99 and p99.9 of a histogram of nanoseconds, in microseconds. */
	static void putLatency(Map<String, String> fields, String prefix, Histogram histogram) {
		fields.put(prefix + "p50_us", format(histogram.getValueAtPercentile(50) / 1e3));
		fields.put(prefix + "p99_us", format(histogram.getValueAtPercentile(99) / 1e3));
		fields.put(prefix + "p999_us", format(histogram.getValueAtPercentile(99.9) / 1e3));
		fields.put(prefix + "samples", Long.toString(histogram.getTotalCount()));
	}

	static String format(double value) {
		return String.format(Locale.ROOT, "%.2f", value);
	}

}
