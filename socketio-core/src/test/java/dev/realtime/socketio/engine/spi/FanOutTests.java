package dev.realtime.socketio.engine.spi;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The fan-out scope a broadcast opens for the bindings: hooks run once, when the
 * outermost fan-out of the thread ends.
 */
class FanOutTests {

	@Test
	void noFanOutOutsideBeginAndEnd() {
		assertThat(FanOut.current()).isNull();
		FanOut fanOut = FanOut.begin();
		try {
			assertThat(FanOut.current()).isSameAs(fanOut);
		}
		finally {
			fanOut.end();
		}
		assertThat(FanOut.current()).isNull();
	}

	@Test
	void hooksRunOnceWhenTheOutermostFanOutEnds() {
		List<String> ran = new ArrayList<>();
		Runnable first = () -> ran.add("first");
		Runnable second = () -> ran.add("second");
		FanOut outer = FanOut.begin();
		outer.atEnd(first);
		FanOut inner = FanOut.begin();
		inner.atEnd(second);
		inner.atEnd(first);
		inner.end();
		assertThat(ran).as("a nested fan-out runs nothing").isEmpty();
		outer.end();
		assertThat(ran).containsExactly("first", "second");

		FanOut next = FanOut.begin();
		next.end();
		assertThat(ran).as("hooks run once").hasSize(2);
	}

	@Test
	void aHookThatFailsDoesNotStopTheOthers() {
		List<String> ran = new ArrayList<>();
		FanOut fanOut = FanOut.begin();
		fanOut.atEnd(() -> {
			throw new IllegalStateException("boom");
		});
		fanOut.atEnd(() -> ran.add("after"));
		fanOut.end();
		assertThat(ran).containsExactly("after");
		assertThat(FanOut.current()).isNull();
	}

	@Test
	void aHookMayBroadcastAgain() {
		List<String> ran = new ArrayList<>();
		FanOut fanOut = FanOut.begin();
		fanOut.atEnd(() -> {
			FanOut nested = FanOut.begin();
			nested.atEnd(() -> ran.add("nested"));
			nested.end();
			ran.add("outer");
		});
		fanOut.end();
		assertThat(ran).containsExactly("nested", "outer");
	}

	@Test
	void endWithoutBeginIsRefused() {
		FanOut fanOut = FanOut.begin();
		fanOut.end();
		assertThatIllegalStateException().isThrownBy(fanOut::end);
	}

}
