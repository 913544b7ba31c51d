package dev.realtime.socketio.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Prints the comparison table of a results file written by {@link LoadGenerator}: the median of
 * every field over the measured windows of each server and scenario, ratios against Node's
 * {@code socket.io}, and the targets, met or missed.
 *
 * <pre>java -cp … dev.realtime.socketio.benchmarks.load.Report results.tsv [more-results.tsv…]</pre>
 */
public final class Report {

	static final String NODE = "node";

	static final String NETTY = "netty-socketio";

	static final String WEBFLUX = "ours-webflux";

	static final String SERVLET = "ours-servlet";

	private static final List<String> ORDER = List.of(WEBFLUX, SERVLET, NODE, NETTY);

	/** server → scenario → field → values of each window. */
	private final Map<String, Map<String, Map<String, List<String>>>> data = new LinkedHashMap<>();

	private final StringBuilder out = new StringBuilder();

	Report(List<String> lines) {
		for (String line : lines) {
			String[] columns = line.split("\t");
			if (columns.length < 4) {
				continue;
			}
			Map<String, List<String>> fields = data.computeIfAbsent(columns[0], (k) -> new LinkedHashMap<>())
				.computeIfAbsent(columns[1], (k) -> new LinkedHashMap<>());
			for (String pair : columns[3].split(";")) {
				int eq = pair.indexOf('=');
				if (eq > 0) {
					fields.computeIfAbsent(pair.substring(0, eq), (k) -> new ArrayList<>()).add(pair.substring(eq + 1));
				}
			}
		}
	}

	/** Reads one or more results files: the medians are taken over the windows of all of them. */
	public static void main(String[] args) throws IOException {
		List<String> lines = new ArrayList<>();
		for (String file : args) {
			lines.addAll(Files.readAllLines(Path.of(file)));
		}
		Report report = new Report(lines);
		System.out.print(report.render());
	}

	String render() {
		table("echo", "echo: C clients, closed loop, event with ack", new String[] { "acks/s", "× Node",
				"server CPU µs/ack", "× Node", "RTT p50 µs", "p99 µs", "p99.9 µs", "server CPU %", "loadgen CPU %", "n" },
				(s) -> row(s, "echo", col("ops_per_s"), ratio("ops_per_s"), col("cpu_us_per_op"), ratio("cpu_us_per_op"),
						col("p50_us"), col("p99_us"), col("p999_us"), col("server_cpu_pct"), col("client_cpu_pct")));
		table("broadcast", "broadcast: receivers, one sender, server re-emits to the namespace",
				new String[] { "deliveries/s", "× Node", "server CPU µs/delivery", "× Node", "latency p50 µs",
						"p99 µs", "p99.9 µs", "server CPU %", "loadgen CPU %", "n" },
				(s) -> row(s, "broadcast", col("ops_per_s"), ratio("ops_per_s"), col("cpu_us_per_op"),
						ratio("cpu_us_per_op"), col("p50_us"), col("p99_us"), col("p999_us"), col("server_cpu_pct"),
						col("client_cpu_pct")));
		table("handshake", "handshake: WebSocket open, 40, 40{sid}, close",
				new String[] { "connects/s", "× Node", "server CPU µs/connect", "× Node", "connect p50 µs", "p99 µs",
						"server CPU %", "loadgen CPU %", "n" },
				(s) -> row(s, "handshake", col("ops_per_s"), ratio("ops_per_s"), col("cpu_us_per_op"),
						ratio("cpu_us_per_op"), col("p50_us"), col("p99_us"), col("server_cpu_pct"), col("client_cpu_pct")));
		table("connections", "connections: idle WebSockets held with heartbeats",
				new String[] { "held / target", "dropped", "failed", "live heap B/conn", "× Node", "RSS B/conn",
						"RSS after MiB", "idle CPU %", "n" },
				(s) -> row(s, "connections", (f, n) -> format(median(f, "held")) + " / " + format(median(f, "target")), col("dropped"),
						col("failed"), col("heap_per_conn_b"), ratio("heap_per_conn_b"), col("rss_per_conn_b"),
						col("rss_after_mib"), col("idle_cpu_pct")));
		targets();
		return out.toString();
	}

	// ---------------------------------------------------------------- tables

	private interface Column {

		String value(Map<String, List<String>> fields, @Nullable Map<String, List<String>> node);
	}

	private interface Row {

		@Nullable String render(String server);
	}

	private void table(String scenario, String title, String[] headers, Row row) {
		out.append("\n### ").append(title).append("\n\n| server | ").append(String.join(" | ", headers)).append(" |\n|");
		for (int i = 0; i <= headers.length; i++) {
			out.append(" --- |");
		}
		out.append('\n');
		for (String server : servers()) {
			String line = row.render(server);
			if (line != null) {
				out.append(line).append('\n');
			}
		}
	}

	private @Nullable String row(String server, String scenario, Column... columns) {
		Map<String, List<String>> fields = fields(server, scenario);
		if (fields == null) {
			return null;
		}
		StringBuilder line = new StringBuilder("| ").append(server).append(" | ");
		List<String> errors = fields.get("error");
		List<String> ops = fields.get("ops");
		if (ops == null) {
			line.append("error: ").append((errors != null) ? String.join("; ", errors) : "no result").append(" |");
			return line.toString();
		}
		Map<String, List<String>> node = fields(NODE, scenario);
		for (Column column : columns) {
			line.append(column.value(fields, node)).append(" | ");
		}
		line.append(ops.size());
		long empty = ops.stream().filter("0"::equals).count();
		if (empty > 0) {
			line.append(" (").append(empty).append(" with no operation)");
		}
		if (errors != null) {
			line.append(" (error: ").append(String.join("; ", errors)).append(')');
		}
		line.append(" |");
		return line.toString();
	}

	private static Column col(String field) {
		return (fields, node) -> format(median(fields, field));
	}

	private static Column ratio(String field) {
		return (fields, node) -> {
			double mine = median(fields, field);
			double theirs = (node != null) ? median(node, field) : Double.NaN;
			return (Double.isNaN(mine) || Double.isNaN(theirs) || theirs == 0) ? "–"
					: String.format(Locale.ROOT, "%.2f", mine / theirs);
		};
	}

	private @Nullable Map<String, List<String>> fields(String server, String scenario) {
		Map<String, Map<String, List<String>>> byScenario = data.get(server);
		return (byScenario != null) ? byScenario.get(scenario) : null;
	}

	private List<String> servers() {
		List<String> servers = new ArrayList<>();
		for (String known : ORDER) {
			if (data.containsKey(known)) {
				servers.add(known);
			}
		}
		for (String other : data.keySet()) {
			if (!servers.contains(other)) {
				servers.add(other);
			}
		}
		return servers;
	}

	static double median(@Nullable Map<String, List<String>> fields, String field) {
		if (fields == null || fields.get(field) == null) {
			return Double.NaN;
		}
		List<Double> values = new ArrayList<>();
		for (String value : fields.get(field)) {
			try {
				values.add(Double.parseDouble(value));
			}
			catch (NumberFormatException ex) {
				// not a number: left out
			}
		}
		if (values.isEmpty()) {
			return Double.NaN;
		}
		Collections.sort(values);
		int n = values.size();
		return (n % 2 == 1) ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
	}

	private static String format(double value) {
		if (Double.isNaN(value)) {
			return "–";
		}
		if (Math.abs(value) >= 100 || value == Math.rint(value)) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

	// ---------------------------------------------------------------- targets

	private void targets() {
		out.append("\n### targets (ratios of medians in this run)\n\n| target | measured | verdict |\n| --- | --- | --- |\n");
		cpuTarget("echo", WEBFLUX, NODE, 0.5, "echo: WebFlux CPU/ack ≤ 0.5 × Node");
		cpuTarget("echo", WEBFLUX, NETTY, 0.8, "echo: WebFlux CPU/ack ≤ 0.8 × netty-socketio");
		double p99 = median(fields(WEBFLUX, "echo"), "p99_us");
		double nodeP99 = median(fields(NODE, "echo"), "p99_us");
		verdict("echo: WebFlux p99 ≤ Node's", String.format(Locale.ROOT, "%.0f µs vs %.0f µs", p99, nodeP99),
				p99, nodeP99, 1.0);
		cpuTarget("echo", SERVLET, NODE, 0.67, "echo: servlet CPU/ack ≤ 0.67 × Node");
		cpuTarget("broadcast", WEBFLUX, NODE, 0.5, "broadcast: WebFlux CPU/delivery ≤ 0.5 × Node");
		cpuTarget("broadcast", SERVLET, NODE, 0.67, "broadcast: servlet CPU/delivery ≤ 0.67 × Node");
		cpuTarget("handshake", WEBFLUX, NODE, 0.5, "handshake: WebFlux CPU/connect ≤ 0.5 × Node");
		cpuTarget("handshake", SERVLET, NODE, 0.67, "handshake: servlet CPU/connect ≤ 0.67 × Node");
		heapTarget(WEBFLUX, 4096, "live heap per idle connection, WebFlux ≤ 4 KiB");
		heapTarget(SERVLET, 8192, "live heap per idle connection, servlet ≤ 8 KiB");
		heldTarget(WEBFLUX, 50_000, "WebFlux holds 50 000 idle connections, none dropped");
		heldTarget(SERVLET, 20_000, "servlet holds 20 000 idle connections, none dropped");
	}

	private void cpuTarget(String scenario, String server, String reference, double limit, String name) {
		double mine = median(fields(server, scenario), "cpu_us_per_op");
		double theirs = median(fields(reference, scenario), "cpu_us_per_op");
		verdict(name, String.format(Locale.ROOT, "%.2f µs vs %.2f µs = %.2f ×", mine, theirs, mine / theirs), mine,
				theirs, limit);
	}

	private void heapTarget(String server, double limit, String name) {
		double mine = median(fields(server, "connections"), "heap_per_conn_b");
		verdict(name, String.format(Locale.ROOT, "%.0f B", mine), mine, limit, 1.0);
	}

	private void heldTarget(String server, int target, String name) {
		Map<String, List<String>> fields = fields(server, "connections");
		double held = median(fields, "held");
		double wanted = median(fields, "target");
		double dropped = median(fields, "dropped");
		String measured = String.format(Locale.ROOT, "%.0f held of %.0f tried, %.0f dropped", held, wanted, dropped);
		String verdict;
		if (Double.isNaN(held)) {
			verdict = "not measured";
		}
		else if (held >= target && dropped == 0) {
			verdict = "met";
		}
		else if (wanted < target && held >= wanted && dropped == 0) {
			verdict = "not measurable here (see the file-descriptor limit); none dropped at " + (long) wanted;
		}
		else {
			verdict = "MISSED";
		}
		out.append("| ").append(name).append(" | ").append(measured).append(" | ").append(verdict).append(" |\n");
	}

	private void verdict(String name, String measured, double mine, double reference, double limit) {
		String verdict = (Double.isNaN(mine) || Double.isNaN(reference)) ? "not measured"
				: (mine <= reference * limit) ? "met" : "MISSED";
		out.append("| ").append(name).append(" | ").append(measured).append(" | ").append(verdict).append(" |\n");
	}
}
