package dev.realtime.socketio.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link SerialExecutor#allowInline()}: the calling thread runs a task itself only when
 * the executor is idle, keeps the executor's order and one-at-a-time rule, and runs one
 * task per permission.
 */
class SerialExecutorInlineTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ExecutorService pool = Executors.newFixedThreadPool(2, (task) -> new Thread(task, "pool"));

	private final SerialExecutor executor = new SerialExecutor(pool);

	private final List<String> ran = new CopyOnWriteArrayList<>();

	@AfterEach
	void shutdown() {
		pool.shutdownNow();
	}

	private Runnable record(String name) {
		return () -> ran.add(name + "@" + Thread.currentThread().getName());
	}

	private void inline(Runnable submissions) {
		SerialExecutor previous = executor.allowInline();
		try {
			submissions.run();
		}
		finally {
			SerialExecutor.endInline(previous);
		}
	}

	@Test
	void anIdleExecutorsTaskRunsOnTheCallingThreadBeforeTheCallReturns() {
		String caller = Thread.currentThread().getName();
		inline(() -> executor.execute(record("a")));
		assertThat(ran).containsExactly("a@" + caller);
	}

	@Test
	void aTaskRunAloneRunsOnTheCallingThreadAndWhatItSubmitsGoesToThePool() {
		String caller = Thread.currentThread().getName();
		boolean ran = executor.runAloneIfIdle(() -> {
			record("alone").run();
			executor.execute(record("after"));
		});
		assertThat(ran).isTrue();
		await().atMost(WAIT).until(() -> this.ran.size() == 2);
		assertThat(this.ran).containsExactly("alone@" + caller, "after@pool");
	}

	@Test
	void aBusyExecutorRunsNothingAlone() throws InterruptedException {
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		executor.execute(() -> {
			running.countDown();
			awaitQuietly(release);
		});
		assertThat(running.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(executor.runAloneIfIdle(record("alone"))).isFalse();
		release.countDown();
		assertThat(ran).isEmpty();
	}

	@Test
	void withoutPermissionOrForAnotherExecutorTheTaskGoesToThePool() {
		SerialExecutor other = new SerialExecutor(pool);
		executor.execute(record("a"));
		inline(() -> other.execute(record("b")));
		await().atMost(WAIT).until(() -> ran.size() == 2);
		assertThat(ran).containsExactlyInAnyOrder("a@pool", "b@pool");
	}

	@Test
	void aBusyExecutorQueuesTheTaskBehindTheRunningOne() throws InterruptedException {
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		executor.execute(() -> {
			running.countDown();
			awaitQuietly(release);
			ran.add("held@" + Thread.currentThread().getName());
		});
		assertThat(running.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		inline(() -> executor.execute(record("a")));
		assertThat(ran).isEmpty();
		release.countDown();
		await().atMost(WAIT).until(() -> ran.size() == 2);
		assertThat(ran).containsExactly("held@pool", "a@pool");
	}

	@Test
	void tasksSubmittedByAnInlineTaskRunAfterItInOrderOnTheSameThread() {
		String caller = Thread.currentThread().getName();
		SerialExecutor other = new SerialExecutor(pool);
		inline(() -> executor.execute(() -> {
			executor.execute(record("second"));
			executor.execute(record("third"));
			// no nested inline run, not even of another executor
			other.execute(record("other"));
			ran.add("first@" + Thread.currentThread().getName());
		}));
		await().atMost(WAIT).until(() -> ran.size() == 4);
		// the other executor's task runs on the pool, concurrently with these: only this
		// executor's order is checked
		assertThat(ran.stream().filter((name) -> !name.startsWith("other@"))).containsExactly("first@" + caller,
				"second@" + caller, "third@" + caller);
		assertThat(ran).contains("other@pool");
	}

	@Test
	void onePermissionRunsOneTaskInline() {
		String caller = Thread.currentThread().getName();
		inline(() -> {
			executor.execute(record("a"));
			executor.execute(record("b"));
		});
		await().atMost(WAIT).until(() -> ran.size() == 2);
		assertThat(ran).containsExactly("a@" + caller, "b@pool");
	}

	@Test
	void aFailingInlineTaskLeavesTheExecutorUsable() {
		String caller = Thread.currentThread().getName();
		inline(() -> executor.execute(() -> {
			throw new IllegalStateException("listener bug");
		}));
		inline(() -> executor.execute(record("after")));
		assertThat(ran).containsExactly("after@" + caller);
	}

	@Test
	void thePermissionEndsWithItsScope() {
		inline(() -> {
		});
		executor.execute(record("a"));
		await().atMost(WAIT).until(() -> ran.size() == 1);
		assertThat(ran).containsExactly("a@pool");
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
