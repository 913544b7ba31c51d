package dev.realtime.socketio.server;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The copy-on-write maps of a socket's event listeners: each change a new immutable map,
 * the one before untouched.
 */
class CopyOnWriteTests {

	@Test
	void eventsAreAddedReplacedAndRemovedInNewMapsLeavingTheOldOnesAsTheyWere() {
		Map<String, List<String>> none = Map.of();
		Map<String, List<String>> one = CopyOnWrite.with(none, "a", List.of("1"));
		Map<String, List<String>> two = CopyOnWrite.with(one, "b", List.of("2"));
		Map<String, List<String>> three = CopyOnWrite.with(two, "c", List.of("3"));
		Map<String, List<String>> replaced = CopyOnWrite.with(one, "a", List.of("1", "1b"));
		Map<String, List<String>> removed = CopyOnWrite.with(two, "a", List.of());

		assertThat(none).isEmpty();
		assertThat(one).containsExactlyInAnyOrderEntriesOf(Map.of("a", List.of("1")));
		assertThat(two).containsExactlyInAnyOrderEntriesOf(Map.of("a", List.of("1"), "b", List.of("2")));
		assertThat(three)
			.containsExactlyInAnyOrderEntriesOf(Map.of("a", List.of("1"), "b", List.of("2"), "c", List.of("3")));
		assertThat(replaced).containsExactlyInAnyOrderEntriesOf(Map.of("a", List.of("1", "1b")));
		assertThat(removed).containsExactlyInAnyOrderEntriesOf(Map.of("b", List.of("2")));
		assertThat(CopyOnWrite.with(one, "b", List.<String>of())).isSameAs(one);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> two.put("x", List.of()));
	}

}
