package dev.realtime.socketio.spring.redis;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import static org.awaitility.Awaitility.await;

/**
 * A process of {@code src/test/js-cluster/peer.js}: a Node socket.io server with Node's
 * Redis adapter, an official client, or Node's emitter, driven by JSON commands (see the
 * script). What it reports by itself is kept in {@link #events()}.
 */
final class NodePeer implements AutoCloseable {

	private static final File SCRIPTS = new File(
			System.getProperty("socketio.test.cluster.js.dir", "src/test/js-cluster"));

	static final JsonMapper mapper = JsonMapper.builder().build();

	/** A Redis stream entry id: the offset the streams adapter appends. */
	static final Pattern STREAM_OFFSET = Pattern.compile("^[0-9]+-[0-9]+$");

	private final String name;

	private final Process process;

	private final OutputStream stdin;

	private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();

	private final List<JsonNode> events = new CopyOnWriteArrayList<>();

	private final List<String> output = new CopyOnWriteArrayList<>();

	private final AtomicInteger ids = new AtomicInteger();

	private volatile String sid;

	private volatile boolean stripOffsets;

	private NodePeer(String name, List<String> args) throws IOException {
		this.name = name;
		List<String> command = new ArrayList<>(List.of("node", "peer.js"));
		command.addAll(args);
		this.process = new ProcessBuilder(command).directory(SCRIPTS).redirectErrorStream(true).start();
		this.stdin = process.getOutputStream();
		Thread reader = new Thread(this::read, "node-peer-" + name);
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * A Node socket.io server on Node's adapter; returns once it listens.
	 * @param more further arguments of {@code peer.js server} (the sharded adapter's
	 * subscription mode)
	 */
	static NodePeer server(String adapter, String redisUri, String keyPrefix, String... more) throws IOException {
		List<String> args = new ArrayList<>(List.of("server", adapter, redisUri, keyPrefix));
		args.addAll(List.of(more));
		NodePeer peer = new NodePeer("server", args);
		peer.awaitEvent("ready");
		return peer;
	}

	/**
	 * An official client connected (over WebSocket) to {@code url} with this
	 * {@code auth}; returns once connected.
	 */
	static NodePeer client(String url, Map<String, Object> auth) throws IOException {
		NodePeer peer = new NodePeer("client", List.of("client", url, mapper.writeValueAsString(auth)));
		peer.sid = peer.awaitEvent("connect").get("sid").asString();
		return peer;
	}

	/** Node's {@code @socket.io/redis-emitter}. */
	static NodePeer emitter(String redisUri, String keyPrefix) throws IOException {
		NodePeer peer = new NodePeer("emitter", List.of("emitter", redisUri, keyPrefix));
		peer.awaitEvent("ready");
		return peer;
	}

	private void read() {
		try (BufferedReader reader = process.inputReader(StandardCharsets.UTF_8)) {
			String line;
			while ((line = reader.readLine()) != null) {
				output.add(line);
				JsonNode message;
				try {
					message = mapper.readTree(line);
				}
				catch (RuntimeException ex) {
					continue;
				}
				if (message.has("id")) {
					CompletableFuture<JsonNode> call = calls.remove(message.get("id").asInt());
					if (call != null) {
						if (message.has("error")) {
							call.completeExceptionally(
									new IllegalStateException(name + ": " + message.get("error").asString()));
						}
						else {
							call.complete(message.get("result"));
						}
					}
				}
				else {
					events.add(message);
				}
			}
		}
		catch (IOException ex) {
			// the process ended
		}
		calls.values()
			.forEach((call) -> call
				.completeExceptionally(new IllegalStateException(name + " ended:\n" + String.join("\n", output))));
	}

	/** Runs a command and returns its result (fails after 20 s). */
	JsonNode call(String op, Object... keysAndValues) {
		Map<String, Object> command = new LinkedHashMap<>();
		int id = ids.incrementAndGet();
		command.put("id", id);
		command.put("op", op);
		for (int i = 0; i < keysAndValues.length; i += 2) {
			command.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		CompletableFuture<JsonNode> result = new CompletableFuture<>();
		calls.put(id, result);
		try {
			synchronized (stdin) {
				stdin.write((mapper.writeValueAsString(command) + "\n").getBytes(StandardCharsets.UTF_8));
				stdin.flush();
			}
			return result.get(20, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new AssertionError(
					name + " " + op + " failed: " + ex.getMessage() + "\noutput:\n" + String.join("\n", output), ex);
		}
	}

	/** Everything the peer reported by itself, in order. */
	List<JsonNode> events() {
		return events;
	}

	/**
	 * Events the client received with this name (their arguments), without the recovery
	 * offset a server appends when {@link #withoutOffsets()} was called.
	 */
	List<JsonNode> received(String event) {
		List<JsonNode> result = new ArrayList<>();
		for (JsonNode args : receivedWithOffsets(event)) {
			int last = args.size() - 1;
			if (stripOffsets && last >= 0 && args.get(last).isString()
					&& STREAM_OFFSET.matcher(args.get(last).asString()).matches()) {
				ArrayNode copy = ((ArrayNode) args).deepCopy();
				copy.remove(last);
				result.add(copy);
			}
			else {
				result.add(args);
			}
		}
		return result;
	}

	/** Events the client received with this name, their arguments as they came. */
	List<JsonNode> receivedWithOffsets(String event) {
		List<JsonNode> result = new ArrayList<>();
		for (JsonNode message : events) {
			if ("received".equals(message.path("event").asString()) && event.equals(message.path("name").asString())) {
				result.add(message.get("args"));
			}
		}
		return result;
	}

	/**
	 * Makes {@link #received} leave out the offsets (stream entry ids) that servers with
	 * connection state recovery append to broadcast events.
	 */
	NodePeer withoutOffsets() {
		stripOffsets = true;
		return this;
	}

	/**
	 * Waits (10 s at most) for the client to receive {@code event}, and returns the
	 * arguments of the first one.
	 */
	JsonNode awaitReceived(String event) {
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> !received(event).isEmpty());
		}
		catch (RuntimeException ex) {
			throw new AssertionError(name + " did not receive " + event + ":\n" + String.join("\n", output), ex);
		}
		return received(event).get(0);
	}

	/** Waits for a reported event of this kind and returns it. */
	JsonNode awaitEvent(String kind) {
		return awaitEvent((message) -> kind.equals(message.path("event").asString()), kind);
	}

	JsonNode awaitEvent(Predicate<JsonNode> matcher, String description) {
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> events.stream().anyMatch(matcher) || !process.isAlive());
		}
		catch (RuntimeException ex) {
			throw new AssertionError(name + " did not report " + description + ":\n" + String.join("\n", output), ex);
		}
		return events.stream()
			.filter(matcher)
			.findFirst()
			.orElseThrow(() -> new AssertionError(
					name + " ended before " + description + ":\n" + String.join("\n", output)));
	}

	/** Forgets the events reported so far. */
	void clearEvents() {
		events.clear();
	}

	/** The client's socket id (of its first connection). */
	String sid() {
		return sid;
	}

	long pid() {
		return process.pid();
	}

	boolean isAlive() {
		return process.isAlive();
	}

	/** Kills the process at once (SIGKILL). */
	void kill() throws InterruptedException {
		process.destroyForcibly();
		process.waitFor(10, TimeUnit.SECONDS);
	}

	@Override
	public void close() throws InterruptedException {
		try {
			stdin.close();
		}
		catch (IOException ex) {
			// already gone
		}
		if (!process.waitFor(5, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			process.waitFor(5, TimeUnit.SECONDS);
		}
	}

	/** {@code {"$bin": [bytes]}}: how binary travels to and from the peer. */
	static Map<String, Object> bin(int... bytes) {
		List<Integer> list = new ArrayList<>();
		for (int b : bytes) {
			list.add(b);
		}
		return Map.of("$bin", list);
	}

}
