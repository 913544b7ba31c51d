package dev.realtime.socketio.engine;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task that fails, with an OutOfMemoryError even, never kills a shared thread nor stops
 * what follows.
 */
class ThreadSurvivalTests {

	@Test
	void timerThreadSurvivesAnOutOfMemoryErrorInATask() throws Exception {
		try (SystemScheduler scheduler = new SystemScheduler("survival-timer")) {
			AtomicReference<Thread> first = new AtomicReference<>();
			AtomicReference<Thread> second = new AtomicReference<>();
			CountDownLatch done = new CountDownLatch(1);
			scheduler.schedule(() -> {
				first.set(Thread.currentThread());
				throw new OutOfMemoryError("Java heap space (simulated)");
			}, 0);
			scheduler.schedule(() -> {
				second.set(Thread.currentThread());
				done.countDown();
			}, 50);

			assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(second.get()).isSameAs(first.get());
			assertThat(first.get().isAlive()).isTrue();
		}
	}

	@Test
	void serialExecutorGoesOnAfterAnOutOfMemoryErrorOnTheSamePoolThread() throws Exception {
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			SerialExecutor executor = new SerialExecutor(pool);
			AtomicReference<Thread> first = new AtomicReference<>();
			AtomicReference<Thread> later = new AtomicReference<>();
			CountDownLatch done = new CountDownLatch(1);
			executor.execute(() -> {
				first.set(Thread.currentThread());
				throw new OutOfMemoryError("Java heap space (simulated)");
			});
			executor.execute(() -> {
				later.set(Thread.currentThread());
				done.countDown();
			});

			assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(later.get()).isSameAs(first.get());
			CountDownLatch again = new CountDownLatch(1);
			executor.execute(again::countDown);
			assertThat(again.await(10, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			pool.shutdownNow();
		}
	}

}
