package dev.realtime.socketio.benchmarks.jmh;

import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.realtime.socketio.engine.RequestSnapshot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The Spring MVC binding's copy of an upgrade request's headers (what every connect
 * pays), read from enumerations as a servlet request gives them: {@code mapThenSnapshot}
 * the way it was until Round 8 (a {@code LinkedHashMap} of lists, which the snapshot then
 * copied again), {@code readOnce} through {@link RequestSnapshot#headers} (read straight
 * into the map the snapshot keeps). Run with {@code -prof gc} for the bytes.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestSnapshotBenchmark extends ShortRun {

	/** The headers of the load generator's upgrade request, as Tomcat names them. */
	private final Map<String, List<String>> request = upgradeHeaders();

	private static Map<String, List<String>> upgradeHeaders() {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("host", List.of("127.0.0.1:8080"));
		headers.put("upgrade", List.of("websocket"));
		headers.put("connection", List.of("Upgrade"));
		headers.put("sec-websocket-key", List.of("dGhlIHNhbXBsZSBub25jZQ=="));
		headers.put("sec-websocket-version", List.of("13"));
		headers.put("user-agent", List.of("node"));
		headers.put("accept-encoding", List.of("gzip, deflate"));
		headers.put("x-forwarded-for", List.of("10.0.0.1", "10.0.0.2"));
		return headers;
	}

	private Enumeration<String> names() {
		return Collections.enumeration(request.keySet());
	}

	private Enumeration<String> values(String name) {
		return Collections.enumeration(request.get(name));
	}

	@Benchmark
	public RequestSnapshot mapThenSnapshot() {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String name : Collections.list(names())) {
			headers.put(name, Collections.list(values(name)));
		}
		return snapshot(headers);
	}

	@Benchmark
	public RequestSnapshot readOnce() {
		return snapshot(RequestSnapshot.headers(names().asIterator(), (name) -> values(name).asIterator()));
	}

	private static RequestSnapshot snapshot(Map<String, List<String>> headers) {
		return new RequestSnapshot("GET", "/socket.io/", "EIO=4&transport=websocket", Map.of(), headers, null, null,
				false);
	}

}
