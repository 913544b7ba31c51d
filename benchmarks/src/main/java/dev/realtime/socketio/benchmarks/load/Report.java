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
 * Prints the comparison table of a results file written by {@link LoadGenerator}: the
 * median of every field over the measured windows of each server and scenario, ratios
 * against Node's {@code socket.io} and against the floor of the same web stack (the bare
 * {@code WebSocketHandler} echo servers {@code floor-servlet} and {@code floor-webflux}),
 * and the targets, met or missed, for our lambda and our annotated handlers.
 *
 * <pre>java -cp … dev.realtime.socketio.benchmarks.load.Report results.tsv [more-results.tsv…]</pre>
 */
public final class Report {

	static final String NODE = "node";

	static final String NETTY = "netty-socketio";

	static final String WEBFLUX = "ours-webflux";

	static final String SERVLET = "ours-servlet";

	static final String ANNOTATED = "-annotated";

	/** The WebFlux servers with {@code socketio.webflux.listeners-on-event-loop=true}. */
	static final String EVENT_LOOP = "-eventloop";

	static final String FLOOR_WEBFLUX = "floor-webflux";

	static final String FLOOR_SERVLET = "floor-servlet";

	private static final List<String> ORDER = List.of(WEBFLUX, WEBFLUX + ANNOTATED, WEBFLUX + EVENT_LOOP,
			WEBFLUX + ANNOTATED + EVENT_LOOP, FLOOR_WEBFLUX, SERVLET, SERVLET + ANNOTATED, FLOOR_SERVLET, NODE, NETTY);

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

	/**
	 * Reads one or more results files: the medians are taken over the windows of all of
	 * them.
	 */
	public static void main(String[] args) throws IOException {
		List<String> lines = new ArrayList<>();
		for (String file : args) {
			lines.addAll(Files.readAllLines(Path.of(file)));
		}
		Report report = new Report(lines);
		System.out.print(report.render());
	}

	/**
	 * The bare server of the same web stack, or {@code null} for Node and netty-socketio.
	 */
	static @Nullable String floorOf(String server) {
		if (server.startsWith("ours-webflux") || server.equals(FLOOR_WEBFLUX)) {
			return FLOOR_WEBFLUX;
		}
		if (server.startsWith("ours-servlet") || server.equals(FLOOR_SERVLET)) {
			return FLOOR_SERVLET;
		}
		return null;
	}

	String render() {
		String[] echoHeaders = { "acks/s", "× Node", "server CPU µs/ack", "× Node", "× floor", "µs above floor",
				"RTT p50 µs", "p99 µs", "p99.9 µs", "server CPU %", "loadgen CPU %", "n" };
		table("echo", "echo: C clients, closed loop, event with ack (floor: the bare server echoes the frame)",
				echoHeaders,
				(s) -> row(s, "echo", col("ops_per_s"), ratio("ops_per_s"), col("cpu_us_per_op"),
						ratio("cpu_us_per_op"), floorRatio("cpu_us_per_op"), aboveFloor("cpu_us_per_op"), col("p50_us"),
						col("p99_us"), col("p999_us"), col("server_cpu_pct"), col("client_cpu_pct")));
		table("echo-deflate", "echo, the client offers permessage-deflate (as browsers do)",
				new String[] { "deflate accepted / clients", "acks/s", "server CPU µs/ack", "× Node", "× floor",
						"RTT p50 µs", "p99 µs", "server CPU %", "n" },
				(s) -> row(s, "echo-deflate",
						(f, n, fl) -> format(median(f, "deflate_accepted")) + " / " + format(median(f, "clients")),
						col("ops_per_s"), col("cpu_us_per_op"), ratio("cpu_us_per_op"), floorRatio("cpu_us_per_op"),
						col("p50_us"), col("p99_us"), col("server_cpu_pct")));
		table("broadcast", "broadcast: receivers, one sender, server re-emits to the namespace",
				new String[] { "deliveries/s", "× Node", "server CPU µs/delivery", "× Node", "latency p50 µs", "p99 µs",
						"p99.9 µs", "server CPU %", "loadgen CPU %", "n" },
				(s) -> row(s, "broadcast", col("ops_per_s"), ratio("ops_per_s"), col("cpu_us_per_op"),
						ratio("cpu_us_per_op"), col("p50_us"), col("p99_us"), col("p999_us"), col("server_cpu_pct"),
						col("client_cpu_pct")));
		table("broadcast-cluster",
				"broadcast-cluster: two servers of the same kind on one Redis, receivers split across them, one sender",
				new String[] { "deliveries/s", "× Node", "server CPU µs/delivery (both)", "× Node",
						"Redis commands/broadcast", "(S)PUBLISH/broadcast", "latency p50 µs", "p99 µs", "server CPU %",
						"n" },
				(s) -> row(s, "broadcast-cluster", col("ops_per_s"), ratio("ops_per_s"), col("cpu_us_per_op"),
						ratio("cpu_us_per_op"), col("redis_cmds_per_broadcast"), col("redis_publish_per_broadcast"),
						col("p50_us"), col("p99_us"), col("server_cpu_pct")));
		String[] handshakeHeaders = { "connects/s", "× Node", "server CPU µs/connect", "× Node", "× floor",
				"connect p50 µs", "p99 µs", "server CPU %", "loadgen CPU %", "n" };
		table("handshake", "handshake: WebSocket open, 40, 40{sid}, close, the client waits for the server's close",
				handshakeHeaders, (s) -> handshakeRow(s, "handshake"));
		table("handshake-nowait", "handshake: the same, the client drops the connection right after its close frame",
				handshakeHeaders, (s) -> handshakeRow(s, "handshake-nowait"));
		table("connections", "connections: idle WebSockets held with heartbeats (none on the floor servers)",
				new String[] { "held / target", "dropped", "failed", "live heap B/conn", "× Node", "B above floor",
						"RSS B/conn", "RSS after MiB", "idle CPU %", "n" },
				(s) -> row(s, "connections",
						(f, n, fl) -> format(median(f, "held")) + " / " + format(median(f, "target")), col("dropped"),
						col("failed"), col("heap_per_conn_b"), ratio("heap_per_conn_b"), aboveFloor("heap_per_conn_b"),
						col("rss_per_conn_b"), col("rss_after_mib"), col("idle_cpu_pct")));
		targets();
		return out.toString();
	}

	private @Nullable String handshakeRow(String server, String scenario) {
		return row(server, scenario, col("ops_per_s"), ratio("ops_per_s"), col("cpu_us_per_op"), ratio("cpu_us_per_op"),
				floorRatio("cpu_us_per_op"), col("p50_us"), col("p99_us"), col("server_cpu_pct"),
				col("client_cpu_pct"));
	}

	// ---------------------------------------------------------------- tables

	private interface Column {

		String value(Map<String, List<String>> fields, @Nullable Map<String, List<String>> node,
				@Nullable Map<String, List<String>> floor);

	}

	private interface Row {

		@Nullable String render(String server);

	}

	private void table(String scenario, String title, String[] headers, Row row) {
		out.append("\n### ")
			.append(title)
			.append("\n\n| server | ")
			.append(String.join(" | ", headers))
			.append(" |\n|");
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
		String floorServer = floorOf(server);
		Map<String, List<String>> floor = (floorServer != null) ? fields(floorServer, scenario) : null;
		for (Column column : columns) {
			line.append(column.value(fields, node, floor)).append(" | ");
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
		return (fields, node, floor) -> format(median(fields, field));
	}

	private static Column ratio(String field) {
		return (fields, node, floor) -> ratio(median(fields, field), median(node, field));
	}

	private static Column floorRatio(String field) {
		return (fields, node, floor) -> ratio(median(fields, field), median(floor, field));
	}

	private static Column aboveFloor(String field) {
		return (fields, node, floor) -> format(median(fields, field) - median(floor, field));
	}

	private static String ratio(double mine, double theirs) {
		return (Double.isNaN(mine) || Double.isNaN(theirs) || theirs == 0) ? "–"
				: String.format(Locale.ROOT, "%.2f", mine / theirs);
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
		if (Double.isInfinite(value)) {
			return "–";
		}
		if (Math.abs(value) >= 100 || value == Math.rint(value)) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

	// ---------------------------------------------------------------- targets

	private void targets() {
		out.append(
				"\n### targets (ratios of medians in this run)\n\n| target | measured | verdict |\n| --- | --- | --- |\n");
		for (String variant : List.of("", ANNOTATED)) {
			String webflux = WEBFLUX + variant;
			String servlet = SERVLET + variant;
			String handlers = variant.isEmpty() ? "" : " (annotated)";
			cpuTarget("echo", webflux, NODE, 0.5, "echo: WebFlux CPU/ack ≤ 0.5 × Node" + handlers);
			cpuTarget("echo", webflux, NETTY, 0.8, "echo: WebFlux CPU/ack ≤ 0.8 × netty-socketio" + handlers);
			cpuTarget("echo", servlet, NODE, 0.67, "echo: servlet CPU/ack ≤ 0.67 × Node" + handlers);
			latencyTarget("echo", webflux, "p99_us", "echo: WebFlux p99 ≤ Node's" + handlers);
			latencyTarget("echo", servlet, "p99_us", "echo: servlet p99 ≤ Node's" + handlers);
			aboveFloorTarget("echo", webflux, "cpu_us_per_op", 3, "µs",
					"echo: WebFlux CPU/ack above the floor ≤ 3 µs" + handlers);
			aboveFloorTarget("echo", servlet, "cpu_us_per_op", 4, "µs",
					"echo: servlet CPU/ack above the floor ≤ 4 µs" + handlers);
			cpuTarget("broadcast", webflux, NODE, 0.35, "broadcast: WebFlux CPU/delivery ≤ 0.35 × Node" + handlers);
			cpuTarget("broadcast", servlet, NODE, 0.67, "broadcast: servlet CPU/delivery ≤ 0.67 × Node" + handlers);
			latencyTarget("broadcast", webflux, "p50_us",
					"broadcast: WebFlux median delivery latency ≤ Node's" + handlers);
			latencyTarget("broadcast", servlet, "p50_us",
					"broadcast: servlet median delivery latency ≤ Node's" + handlers);
			if (variant.isEmpty()) {
				cpuTarget("broadcast-cluster", webflux, NODE, 0.5,
						"broadcast-cluster: WebFlux CPU/delivery ≤ 0.5 × Node");
				cpuTarget("broadcast-cluster", servlet, NODE, 0.67,
						"broadcast-cluster: servlet CPU/delivery ≤ 0.67 × Node");
				redisTarget(webflux);
				redisTarget(servlet);
			}
			for (String handshake : List.of("handshake", "handshake-nowait")) {
				cpuTarget(handshake, webflux, NETTY, 1.0,
						handshake + ": WebFlux CPU/connect ≤ 1.0 × netty-socketio" + handlers);
				cpuTarget(handshake, servlet, NODE, 0.67, handshake + ": servlet CPU/connect ≤ 0.67 × Node" + handlers);
			}
			heapTarget(webflux, 4096, "live heap per idle connection, WebFlux ≤ 4 KiB" + handlers);
			aboveFloorTarget("connections", servlet, "heap_per_conn_b", 2048, "B",
					"live heap per idle connection, servlet ≤ the bare Tomcat floor + 2 KiB" + handlers);
		}
		for (String variant : List.of(EVENT_LOOP, ANNOTATED + EVENT_LOOP)) {
			// the opt-in for listeners that never block (WebFlux only): echo and
			// handshakes
			String webflux = WEBFLUX + variant;
			String handlers = (variant.startsWith(ANNOTATED) ? " (annotated" : " (lambda")
					+ ", listeners on the event loop)";
			if (!data.containsKey(webflux)) {
				continue;
			}
			cpuTarget("echo", webflux, NODE, 0.5, "echo: WebFlux CPU/ack ≤ 0.5 × Node" + handlers);
			cpuTarget("echo", webflux, NETTY, 0.8, "echo: WebFlux CPU/ack ≤ 0.8 × netty-socketio" + handlers);
			latencyTarget("echo", webflux, "p99_us", "echo: WebFlux p99 ≤ Node's" + handlers);
			aboveFloorTarget("echo", webflux, "cpu_us_per_op", 3, "µs",
					"echo: WebFlux CPU/ack above the floor ≤ 3 µs" + handlers);
			for (String handshake : List.of("handshake", "handshake-nowait")) {
				cpuTarget(handshake, webflux, NETTY, 1.0,
						handshake + ": WebFlux CPU/connect ≤ 1.0 × netty-socketio" + handlers);
			}
		}
		heldTarget(WEBFLUX, 19_000, "WebFlux holds 19 000 idle connections with heartbeats, none dropped");
		heldTarget(SERVLET, 19_000, "servlet holds 19 000 idle connections with heartbeats, none dropped");
	}

	/**
	 * Redis round trips per broadcast equal to Node's (one PUBLISH), in whole commands:
	 * the commands are counted from {@code INFO commandstats} snapshots and the
	 * broadcasts by the receivers, so a broadcast at a window's edge can fall on either
	 * side (Node measured 0.98–1.00 for its one PUBLISH per broadcast).
	 */
	private void redisTarget(String server) {
		double mine = median(fields(server, "broadcast-cluster"), "redis_cmds_per_broadcast");
		double theirs = median(fields(NODE, "broadcast-cluster"), "redis_cmds_per_broadcast");
		verdict("broadcast-cluster: " + server + " Redis commands/broadcast ≤ Node's (whole commands)",
				format(mine) + " vs " + format(theirs), Math.rint(mine), Math.rint(theirs), 1.0);
	}

	private void latencyTarget(String scenario, String server, String field, String name) {
		double mine = median(fields(server, scenario), field);
		double theirs = median(fields(NODE, scenario), field);
		verdict(name, String.format(Locale.ROOT, "%.0f µs vs %.0f µs", mine, theirs), mine, theirs, 1.0);
	}

	private void aboveFloorTarget(String scenario, String server, String field, double limit, String unit,
			String name) {
		String floorServer = floorOf(server);
		double mine = median(fields(server, scenario), field);
		double floor = (floorServer != null) ? median(fields(floorServer, scenario), field) : Double.NaN;
		verdict(name, String.format(Locale.ROOT, "%.2f %s − floor %.2f %s = %.2f %s", mine, unit, floor, unit,
				mine - floor, unit), mine - floor, limit, 1.0);
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
