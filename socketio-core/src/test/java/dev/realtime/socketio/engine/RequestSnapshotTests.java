package dev.realtime.socketio.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The compact copy a session keeps of its handshake request: the same answers as the maps
 * it was made from.
 */
class RequestSnapshotTests {

	@Test
	void headersAreMatchedIgnoringCaseAndDifferentlyCasedNamesAreOne() {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("X-Trace", List.of("a"));
		headers.put("Host", List.of("example.org"));
		headers.put("x-trace", List.of("b", "c"));
		headers.put("Empty", List.of());
		RequestSnapshot snapshot = snapshot(Map.of(), headers);

		assertThat(snapshot.header("HOST")).isEqualTo("example.org");
		assertThat(snapshot.header("x-TRACE")).isEqualTo("a");
		assertThat(snapshot.header("empty")).isNull();
		assertThat(snapshot.header("missing")).isNull();
		assertThat(snapshot.headers().get("X-TRACE")).containsExactly("a", "b", "c");
		assertThat(snapshot.headers().get("empty")).isEmpty();
		assertThat(snapshot.headers()).containsKey("host").doesNotContainKey("missing").hasSize(3);
		// the first spelling, in case-insensitive order, as a TreeMap would have them
		assertThat(snapshot.headers().keySet()).containsExactly("Empty", "Host", "X-Trace");
	}

	@Test
	void queryParametersKeepTheirOrderAndCase() {
		Map<String, List<String>> query = new LinkedHashMap<>();
		query.put("transport", List.of("websocket"));
		query.put("EIO", List.of("4"));
		query.put("tag", List.of("x", "y"));
		query.put("Tag", List.of("z"));
		RequestSnapshot snapshot = snapshot(query, Map.of());

		assertThat(snapshot.queryParameters().keySet()).containsExactly("transport", "EIO", "tag", "Tag");
		assertThat(snapshot.queryParameter("EIO")).isEqualTo("4");
		assertThat(snapshot.queryParameter("eio")).isNull();
		assertThat(snapshot.queryParameters().get("tag")).containsExactly("x", "y");
		assertThat(snapshot.queryParameters()).isEqualTo(query);
		assertThat(snapshot.queryParameters().hashCode()).isEqualTo(query.hashCode());
	}

	@Test
	void theMapsAreImmutableAndSharedByCopies() {
		RequestSnapshot snapshot = snapshot(Map.of("a", List.of("1")), Map.of("H", List.of("v")));

		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> snapshot.headers().put("x", List.of()));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> snapshot.headers().get("h").add("w"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> snapshot.queryParameters().entrySet().iterator().next().setValue(List.of()));
		RequestSnapshot copy = new RequestSnapshot(snapshot.method(), snapshot.path(), snapshot.rawQuery(),
				snapshot.queryParameters(), snapshot.headers(), null, null, false);
		assertThat(copy.headers()).isSameAs(snapshot.headers());
		assertThat(copy.queryParameters()).isSameAs(snapshot.queryParameters());
	}

	@Test
	void aNullValueIsRefused() {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("H", java.util.Arrays.asList("v", null));

		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> snapshot(Map.of(), headers));
	}

	@Test
	void headersReadStraightFromARequestAreTheMapACopyWouldBeAndAreKeptAsTheyAre() {
		Map<String, List<String>> request = new LinkedHashMap<>();
		request.put("X-Trace", List.of("a"));
		request.put("Host", List.of("example.org"));
		request.put("x-trace", List.of("b", "c"));
		request.put("Empty", List.of());
		request.put("EMPTY", List.of("late"));
		request.put("accept", List.of("*/*"));
		request.put("Multi", List.of("1", "2"));
		for (int i = 0; i < 20; i++) {
			request.put("Extra-" + (char) ('z' - i), List.of(Integer.toString(i)));
		}
		Map<String, List<String>> read = RequestSnapshot.headers(request.keySet().iterator(),
				(name) -> request.get(name).iterator());
		Map<String, List<String>> copied = snapshot(Map.of(), request).headers();

		assertThat(read).isEqualTo(copied);
		assertThat(read.keySet()).containsExactlyElementsOf(copied.keySet());
		assertThat(read.get("x-TRACE")).containsExactly("a", "b", "c");
		assertThat(read.get("empty")).containsExactly("late");
		assertThat(snapshot(Map.of(), read).headers()).isSameAs(read);
		assertThat(RequestSnapshot.headers(java.util.Collections.emptyIterator(),
				(name) -> java.util.Collections.emptyIterator()))
			.isEmpty();
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> RequestSnapshot
			.headers(List.of("H").iterator(), (name) -> java.util.Arrays.asList("v", (String) null).iterator()));
	}

	private static RequestSnapshot snapshot(Map<String, List<String>> query, Map<String, List<String>> headers) {
		return new RequestSnapshot("GET", "/engine.io/", null, query, headers, null, null, false);
	}

}
