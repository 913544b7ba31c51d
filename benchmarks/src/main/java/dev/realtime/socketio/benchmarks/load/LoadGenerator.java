package dev.realtime.socketio.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.HdrHistogram.Histogram;

/**
 * The load generator's entry point: runs one scenario against a server that is already
 * listening, and appends one line per measured window to a results file.
 *
 * <pre>
 * java -cp … dev.realtime.socketio.benchmarks.load.LoadGenerator --scenario echo --port 3000 \
 *     --server-pid 1234 --server-name node --server-kind node --clients 50 --warmup 3 --duration 8 \
 *     --repeat 3 --out results.tsv
 * </pre>
 *
 * <p>
 * Scenarios: {@code echo}, {@code broadcast}, {@code handshake}, {@code connections}.
 * Options beyond each scenario's counts: {@code --protocol raw} for the bare floor
 * servers (no Engine.IO), {@code --deflate true} to offer permessage-deflate,
 * {@code --wait-close false} for handshake loops that do not wait for the server's close,
 * {@code --label name} for the scenario name written to the results (e.g.
 * {@code echo-deflate}). {@code broadcast} on a cluster: {@code --port2} (receivers
 * alternate between the two servers), {@code --server-pid pid1,pid2} (their CPU summed),
 * {@code --redis-port} (Redis commands per broadcast, from {@code INFO commandstats}).
 * {@code --meters-ab <url>} (echo and broadcast, against a server with meters): the
 * in-JVM A/B of what the meters cost ({@link MetersAb}, {@code --ab-windows},
 * {@code --ab-settle}). Every wait is bounded; a scenario that cannot go on (clients that
 * do not connect, a stalled broadcast) writes an {@code error} line and the process exits
 * with status 2.
 */
public final class LoadGenerator {

	private final Map<String, String> options;

	private final String pid;

	private final WsClient client;

	private LoadGenerator(Map<String, String> options) {
		this.options = options;
		this.pid = option("server-pid", null);
		String protocol = option("protocol", "socketio");
		if (!protocol.equals("socketio") && !protocol.equals("raw")) {
			throw new IllegalArgumentException("--protocol is socketio or raw, got " + protocol);
		}
		this.client = new WsClient("127.0.0.1", Integer.parseInt(option("port", null)), option("path", "/socket.io/"),
				protocol.equals("raw"), booleanOption("deflate", false));
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
			}
			options.put(args[i].substring(2), args[i + 1]);
		}
		LoadGenerator generator = new LoadGenerator(options);
		int status = 0;
		try {
			generator.run();
		}
		catch (ScenarioFailure ex) {
			System.err.println("FAILED: " + ex.getMessage());
			generator.write(0, Map.of("error", ex.getMessage().replace('\t', ' ').replace('\n', ' ')));
			status = 2;
		}
		finally {
			generator.client.close();
		}
		System.exit(status);
	}

	private void run() throws InterruptedException {
		String scenario = option("scenario", null);
		switch (scenario) {
			case "echo":
				echo();
				break;
			case "broadcast":
				broadcast();
				break;
			case "handshake":
				handshake();
				break;
			case "connections":
				connections();
				break;
			default:
				throw new IllegalArgumentException("unknown scenario " + scenario);
		}
	}

	// ---------------------------------------------------------------- scenarios

	private void echo() throws InterruptedException {
		int clients = intOption("clients", 50);
		EchoScenario echo = new EchoScenario("raw".equals(option("protocol", "socketio")));
		List<Conn> conns = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			conns.add(client.open(echo));
		}
		await("all echo clients connected", 30, () -> onLoop(() -> echo.connected + echo.closed >= clients));
		require(onLoop(() -> echo.closed) == 0, "echo clients closed while connecting");
		windows(() -> {
			Meter meter = new Meter(pid);
			meter.start(onLoop(() -> {
				echo.rtt.reset();
				return echo.acks;
			}));
			sleepSeconds(intOption("duration", 8));
			Histogram rtt = new Histogram(3);
			long acks = onLoop(() -> {
				rtt.add(echo.rtt);
				return echo.acks;
			});
			Map<String, String> fields = meter.stop(acks);
			Meter.putLatency(fields, "", rtt);
			fields.put("clients", Integer.toString(clients));
			fields.put("unexpected", Long.toString(onLoop(() -> echo.unexpected)));
			fields.put("closed", Integer.toString(onLoop(() -> echo.closed)));
			fields.put("deflate_offered", Boolean.toString(booleanOption("deflate", false)));
			fields.put("deflate_accepted", Integer.toString(onLoop(() -> echo.deflated)));
			return fields;
		});
		onLoop(() -> {
			echo.running = false;
			return null;
		});
		for (Conn conn : conns) {
			client.loop().execute(conn::close);
		}
		await("echo clients closed", 30, () -> onLoop(() -> echo.closed >= clients));
	}

	private void broadcast() throws InterruptedException {
		int receivers = intOption("receivers", 1000);
		// a cluster (broadcast-cluster): receivers alternate between the two servers, the
		// sender is on the first one
		int port2 = intOption("port2", -1);
		int redisPort = intOption("redis-port", -1);
		BroadcastScenario broadcast = new BroadcastScenario(intOption("window", 4));
		List<Conn> conns = new ArrayList<>();
		int batch = 100;
		for (int i = 0; i < receivers; i += batch) {
			int count = Math.min(batch, receivers - i);
			for (int j = 0; j < count; j++) {
				conns.add((port2 > 0 && (i + j) % 2 == 1) ? client.open(broadcast, port2) : client.open(broadcast));
			}
			int expected = i + count;
			awaitQuietly(10, () -> onLoop(() -> broadcast.connected + broadcast.closed >= expected));
		}
		// a few receivers the server never answered are left out (and counted), not
		// waited for
		int connected = onLoop(() -> {
			for (Conn conn : conns) {
				if (!conn.connected) {
					conn.close();
				}
			}
			return broadcast.connected;
		});
		require(connected >= receivers * 0.95,
				"only " + connected + " of " + receivers + " broadcast receivers connected within 10 s per batch");
		require(onLoop(() -> broadcast.lost) == 0, "broadcast receivers closed while connecting");
		Conn sender = conns.stream().filter((conn) -> conn.connected).findFirst().orElseThrow();
		onLoop(() -> {
			broadcast.start(sender);
			return null;
		});
		windows(() -> {
			Meter meter = new Meter(pid);
			Map<String, Long> redisBefore = (redisPort > 0) ? RedisStats.commandCalls(redisPort) : Map.of();
			long broadcastsBefore = onLoop(() -> broadcast.completed);
			meter.start(onLoop(() -> {
				broadcast.latency.reset();
				return broadcast.deliveries;
			}));
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(intOption("duration", 8));
			long last = -1;
			long lastProgress = System.nanoTime();
			while (System.nanoTime() < deadline) {
				Thread.sleep(250);
				long now = onLoop(() -> broadcast.deliveries);
				if (now != last) {
					last = now;
					lastProgress = System.nanoTime();
				}
				else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(3)) {
					throw new ScenarioFailure("broadcast stalled: no delivery for 3 s (closed receivers: "
							+ onLoop(() -> broadcast.closed) + ")");
				}
			}
			Histogram latency = new Histogram(3);
			long deliveries = onLoop(() -> {
				latency.add(broadcast.latency);
				return broadcast.deliveries;
			});
			Map<String, String> fields = meter.stop(deliveries);
			Meter.putLatency(fields, "", latency);
			fields.put("receivers", Integer.toString(connected));
			fields.put("stragglers", Integer.toString(receivers - connected));
			fields.put("messages_per_s", Meter.format(Double.parseDouble(fields.get("ops_per_s")) / connected));
			fields.put("lost", Integer.toString(onLoop(() -> broadcast.lost)));
			if (redisPort > 0) {
				// Redis round trips per broadcast, over the same window
				long[] calls = RedisStats.delta(redisBefore, RedisStats.commandCalls(redisPort));
				long broadcasts = onLoop(() -> broadcast.completed) - broadcastsBefore;
				fields.put("broadcasts", Long.toString(broadcasts));
				fields.put("redis_cmds_per_broadcast",
						(broadcasts > 0) ? Meter.format((double) calls[0] / broadcasts) : "NaN");
				fields.put("redis_publish_per_broadcast",
						(broadcasts > 0) ? Meter.format((double) calls[1] / broadcasts) : "NaN");
			}
			return fields;
		});
		onLoop(() -> {
			broadcast.running = false;
			return null;
		});
		for (Conn conn : conns) {
			client.loop().execute(conn::close);
		}
		await("broadcast receivers closed", 30, () -> onLoop(() -> broadcast.closed >= conns.size()));
	}

	private void handshake() throws InterruptedException {
		int concurrency = intOption("clients", 8);
		boolean waitForClose = booleanOption("wait-close", true);
		HandshakeScenario handshake = new HandshakeScenario(client, waitForClose);
		onLoop(() -> {
			for (int i = 0; i < concurrency; i++) {
				handshake.openOne();
			}
			return null;
		});
		sleepSeconds(intOption("warmup", 3));
		for (int repeat = 1; repeat <= intOption("repeat", 1); repeat++) {
			Meter meter = new Meter(pid);
			long failedBefore = onLoop(() -> handshake.failed);
			meter.start(onLoop(() -> {
				handshake.connectTime.reset();
				return handshake.completed;
			}));
			sleepSeconds(intOption("duration", 8));
			Histogram connectTime = new Histogram(3);
			long completed = onLoop(() -> {
				connectTime.add(handshake.connectTime);
				return handshake.completed;
			});
			Map<String, String> fields = meter.stop(completed);
			Meter.putLatency(fields, "", connectTime);
			fields.put("clients", Integer.toString(concurrency));
			fields.put("failed", Long.toString(onLoop(() -> handshake.failed) - failedBefore));
			fields.put("wait_close", Boolean.toString(waitForClose));
			write(repeat, fields);
		}
		onLoop(() -> {
			handshake.running = false;
			return null;
		});
		await("handshake loops ended", 30, () -> onLoop(() -> handshake.active == 0));
	}

	private void connections() throws InterruptedException {
		int target = intOption("connections", 1000);
		String kind = option("server-kind", "jvm");
		String heapUrl = option("heap-url", "");
		String histogram = options.get("histogram");
		// a fresh server builds its one-off state (event-loop caches, pools, classes'
		// mirrors) on its first connections: a few opened and closed first keep that out
		// of the per-connection figure
		int warmup = intOption("warmup-connections", 50);
		if (warmup > 0) {
			ConnectionsScenario first = new ConnectionsScenario(client, warmup, intOption("concurrency", 200));
			onLoop(() -> {
				first.openMore();
				return null;
			});
			await("warm-up connections opened", intOption("connect-timeout", 120),
					() -> onLoop(() -> first.connected + first.failed >= warmup));
			closeAll(first, "warm-up connections closed");
		}
		if (histogram != null && "jvm".equals(kind)) {
			HeapProbe.classHistogram(pid, Path.of(histogram + ".before"));
		}
		long heapBefore = HeapProbe.liveHeapBytes(kind, pid, heapUrl);
		long rssBefore = ProcStat.rssKib(pid);
		ConnectionsScenario scenario = new ConnectionsScenario(client, target, intOption("concurrency", 200));
		long startNanos = System.nanoTime();
		onLoop(() -> {
			scenario.openMore();
			return null;
		});
		await("connections opened", intOption("connect-timeout", 120),
				() -> onLoop(() -> scenario.connected + scenario.failed >= target));
		double connectSeconds = (System.nanoTime() - startNanos) / 1e9;
		Meter meter = new Meter(pid);
		meter.start(0);
		sleepSeconds(intOption("hold", 10));
		Map<String, String> fields = meter.stop(0);
		long heapAfter = HeapProbe.liveHeapBytes(kind, pid, heapUrl);
		long rssAfter = ProcStat.rssKib(pid);
		int connected = onLoop(() -> scenario.connected);
		int dropped = onLoop(() -> scenario.dropped);
		int failed = onLoop(() -> scenario.failed);
		Map<String, String> result = new LinkedHashMap<>();
		result.put("ops", Integer.toString(connected - dropped));
		result.put("target", Integer.toString(target));
		result.put("held", Integer.toString(connected - dropped));
		result.put("dropped", Integer.toString(dropped));
		result.put("failed", Integer.toString(failed));
		result.put("connect_s", Meter.format(connectSeconds));
		result.put("hold_s", fields.get("seconds"));
		result.put("idle_cpu_pct", fields.get("server_cpu_pct"));
		result.put("heap_before_mib", Meter.format(heapBefore / 1048576.0));
		result.put("heap_after_mib", Meter.format(heapAfter / 1048576.0));
		result.put("heap_per_conn_b", (connected > 0) ? Long.toString((heapAfter - heapBefore) / connected) : "NaN");
		result.put("rss_before_mib", Meter.format(rssBefore / 1024.0));
		result.put("rss_after_mib", Meter.format(rssAfter / 1024.0));
		result.put("rss_per_conn_b",
				(connected > 0) ? Long.toString((rssAfter - rssBefore) * 1024 / connected) : "NaN");
		result.put("loadavg1", fields.get("loadavg1"));
		write(1, result);
		if (histogram != null && "jvm".equals(kind)) {
			// what the held connections are made of: live objects by class, after a full
			// GC
			HeapProbe.classHistogram(pid, Path.of(histogram));
		}
		closeAll(scenario, "connections closed");
		require(failed == 0 && dropped == 0,
				"connections: " + failed + " failed to open, " + dropped + " dropped while held");
	}

	private void closeAll(ConnectionsScenario scenario, String what) throws InterruptedException {
		onLoop(() -> {
			scenario.closing = true;
			for (Conn conn : scenario.conns) {
				conn.close();
			}
			return null;
		});
		int opened = onLoop(() -> scenario.opened);
		await(what, 60, () -> onLoop(() -> scenario.closed >= opened));
	}

	// ---------------------------------------------------------------- support

	/** Measures one window of a running load: its result fields. */
	@FunctionalInterface
	private interface Window {

		Map<String, String> measure() throws InterruptedException;

	}

	/**
	 * The warm-up, then {@code --repeat} measured windows; with {@code --meters-ab <url>}
	 * the in-JVM A/B of the meters instead ({@link MetersAb}): {@code --ab-windows}
	 * windows (default 12), half with the meters on, each {@code --ab-settle} seconds
	 * (default 1) after its switch, written with the labels {@code <scenario>-meters-on}
	 * and {@code <scenario>-meters-off}, then their summary as
	 * {@code <scenario>-meters-ab}. The meters are left on.
	 */
	private void windows(Window window) throws InterruptedException {
		String abUrl = options.get("meters-ab");
		if (abUrl == null) {
			sleepSeconds(intOption("warmup", 3));
			for (int repeat = 1; repeat <= intOption("repeat", 1); repeat++) {
				write(repeat, window.measure());
			}
			return;
		}
		MetersAb ab = new MetersAb(abUrl, intOption("ab-windows", 12), intOption("ab-settle", 1));
		String label = option("label", option("scenario", "?"));
		try {
			ab.warmUp(intOption("warmup", 3));
			for (int index = 0; index < ab.windows; index++) {
				boolean on = MetersAb.metersOn(index);
				ab.set(on);
				sleepSeconds(ab.settleSeconds);
				Map<String, String> fields = window.measure();
				fields.put("meters", on ? "on" : "off");
				write(label + "-meters-" + (on ? "on" : "off"), index + 1, fields);
				ab.record(index, Double.parseDouble(fields.get("cpu_us_per_op")));
			}
			Map<String, String> summary = ab.summary();
			summary.put("windows", Integer.toString(ab.windows));
			summary.put("window_s", Integer.toString(intOption("duration", 8)));
			write(label + "-meters-ab", 0, summary);
		}
		catch (IllegalStateException ex) {
			throw new ScenarioFailure(ex.getMessage());
		}
		finally {
			try {
				ab.set(true);
			}
			catch (IllegalStateException ex) {
				System.err.println("could not switch the meters back on: " + ex.getMessage());
			}
		}
	}

	private void write(int repeat, Map<String, String> fields) {
		write(option("label", option("scenario", "?")), repeat, fields);
	}

	private void write(String label, int repeat, Map<String, String> fields) {
		StringBuilder line = new StringBuilder();
		line.append(option("server-name", "server"))
			.append('\t')
			.append(label)
			.append('\t')
			.append(repeat)
			.append('\t');
		boolean first = true;
		for (Map.Entry<String, String> field : fields.entrySet()) {
			if (!first) {
				line.append(';');
			}
			first = false;
			line.append(field.getKey()).append('=').append(field.getValue());
		}
		System.out.println(line);
		String out = options.get("out");
		if (out != null) {
			try {
				Files.writeString(Path.of(out), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	private <T> T onLoop(Callable<T> task) {
		return client.onLoop(task);
	}

	private static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new ScenarioFailure("timed out after " + seconds + " s waiting for: " + what);
			}
			Thread.sleep(50);
		}
	}

	/** Waits like {@link #await} but goes on when the time is up. */
	private static void awaitQuietly(int seconds, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new ScenarioFailure(message);
		}
	}

	private static void sleepSeconds(int seconds) throws InterruptedException {
		Thread.sleep(seconds * 1000L);
	}

	private String option(String name, String fallback) {
		String value = options.getOrDefault(name, fallback);
		if (value == null) {
			throw new IllegalArgumentException("--" + name + " is required");
		}
		return value;
	}

	private boolean booleanOption(String name, boolean fallback) {
		String value = options.get(name);
		if (value == null) {
			return fallback;
		}
		if (!value.equals("true") && !value.equals("false")) {
			throw new IllegalArgumentException("--" + name + " is true or false, got " + value);
		}
		return Boolean.parseBoolean(value);
	}

	private int intOption(String name, int fallback) {
		String value = options.get(name);
		return (value != null) ? Integer.parseInt(value) : fallback;
	}

	/** A scenario that cannot go on. */
	private static final class ScenarioFailure extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ScenarioFailure(String message) {
			super(message);
		}

	}

}
