package dev.realtime.socketio.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timer wheel that holds every session's heartbeat: deadlines (never early, at most
 * one tick late), cancellation, many entries, late ticks, failing tasks; and the
 * {@link SystemScheduler} that sends long delays to it.
 */
class TimerWheelTests {

	@Test
	void runsATaskAtItsDeadlineRoundedUpToATickAndNeverEarly() {
		TimerWheel wheel = new TimerWheel(1_000);
		List<String> ran = new ArrayList<>();
		wheel.add(() -> ran.add("a"), 1_000 + 25_000);

		assertThat(wheel.expire(1_000 + 24_999)).isZero();
		assertThat(ran).isEmpty();
		// 25,000 ms is a tick boundary: due exactly then
		assertThat(wheel.expire(1_000 + 25_000)).isOne();
		assertThat(ran).containsExactly("a");
		assertThat(wheel.size()).isZero();

		wheel.add(() -> ran.add("b"), 30_001);
		assertThat(wheel.expire(30_009)).isZero();
		assertThat(wheel.expire(30_010)).isOne();
		assertThat(ran).containsExactly("a", "b");
	}

	@Test
	void keepsEntriesOfLaterTurnsInTheirBucket() {
		TimerWheel wheel = new TimerWheel(0);
		List<String> ran = new ArrayList<>();
		// the same bucket, one and two turns of the wheel (5.12 s) later
		wheel.add(() -> ran.add("first"), 100);
		wheel.add(() -> ran.add("second"), 100 + 5_120);
		wheel.add(() -> ran.add("third"), 100 + 2 * 5_120);
		for (long now = 0; now <= 100 + 2 * 5_120; now += 10) {
			wheel.expire(now);
			if (now == 100) {
				assertThat(ran).containsExactly("first");
			}
			if (now == 100 + 5_110) {
				assertThat(ran).containsExactly("first");
			}
			if (now == 100 + 5_120) {
				assertThat(ran).containsExactly("first", "second");
			}
		}
		assertThat(ran).containsExactly("first", "second", "third");
	}

	@Test
	void aCancelledTaskNeverRunsAndLeavesTheWheel() {
		TimerWheel wheel = new TimerWheel(0);
		List<String> ran = new ArrayList<>();
		Scheduler.Cancellable a = wheel.add(() -> ran.add("a"), 1_000);
		wheel.add(() -> ran.add("b"), 1_000);
		Scheduler.Cancellable c = wheel.add(() -> ran.add("c"), 1_000);
		a.cancel();
		a.cancel();
		c.cancel();

		assertThat(wheel.size()).isOne();
		assertThat(wheel.expire(60_000)).isOne();
		assertThat(ran).containsExactly("b");
		// cancelling what already ran changes nothing
		c.cancel();
		assertThat(wheel.size()).isZero();
	}

	@Test
	void aDeadlineInThePastRunsAtTheNextTick() {
		TimerWheel wheel = new TimerWheel(5_000);
		List<String> ran = new ArrayList<>();
		wheel.add(() -> ran.add("late"), 10);
		assertThat(wheel.expire(5_000)).isZero();
		assertThat(wheel.expire(5_010)).isOne();
		assertThat(ran).containsExactly("late");
	}

	@Test
	void aLateTickRunsEverythingDueInDeadlineOrder() {
		TimerWheel wheel = new TimerWheel(0);
		List<Long> ran = new ArrayList<>();
		// deadlines over three turns of the wheel, added out of order
		long[] deadlines = { 12_000, 50, 7_770, 3_000, 15_000, 5_130, 20_000 };
		for (long deadline : deadlines) {
			wheel.add(() -> ran.add(deadline), deadline);
		}
		// the ticking thread was held up for 15 s
		assertThat(wheel.expire(15_000)).isEqualTo(6);
		assertThat(ran).containsExactly(50L, 3_000L, 5_130L, 7_770L, 12_000L, 15_000L);
		assertThat(wheel.expire(19_990)).isZero();
		assertThat(wheel.expire(20_000)).isOne();
	}

	@Test
	void manySessionsEachGetTheirDeadlineAndCancelledOnesAreGone() {
		TimerWheel wheel = new TimerWheel(0);
		int sessions = 20_000;
		long[] ranAt = new long[sessions];
		AtomicLong now = new AtomicLong();
		List<Scheduler.Cancellable> entries = new ArrayList<>();
		for (int i = 0; i < sessions; i++) {
			int session = i;
			// spread over 30 s, as heartbeats of connections opened one after another
			long deadline = 25_000 + (i * 7L) % 5_000;
			entries.add(wheel.add(() -> ranAt[session] = now.get(), deadline));
		}
		// every third session closed before its heartbeat
		for (int i = 0; i < sessions; i += 3) {
			entries.get(i).cancel();
		}
		assertThat(wheel.size()).isEqualTo(sessions - (sessions + 2) / 3);
		for (long t = 0; t <= 31_000; t += 10) {
			now.set(t);
			wheel.expire(t);
		}
		for (int i = 0; i < sessions; i++) {
			long deadline = 25_000 + (i * 7L) % 5_000;
			if (i % 3 == 0) {
				assertThat(ranAt[i]).as("cancelled session %d", i).isZero();
			}
			else {
				assertThat(ranAt[i]).as("session %d", i)
					.isGreaterThanOrEqualTo(deadline)
					.isLessThan(deadline + TimerWheel.TICK_MILLIS);
			}
		}
		assertThat(wheel.size()).isZero();
	}

	@Test
	void aFailingTaskDoesNotStopTheOthersDueWithIt() {
		TimerWheel wheel = new TimerWheel(0);
		List<String> ran = new ArrayList<>();
		wheel.add(() -> {
			throw new IllegalStateException("task failed (expected by the test)");
		}, 1_000);
		wheel.add(() -> ran.add("after"), 1_000);
		assertThat(wheel.expire(1_000)).isEqualTo(2);
		assertThat(ran).containsExactly("after");
	}

	@Test
	void systemSchedulerRunsLongTimersOnTheWheelNotEarlyAndCancelsThem() throws Exception {
		try (SystemScheduler scheduler = new SystemScheduler("wheel-timer")) {
			long delay = SystemScheduler.WHEEL_MIN_DELAY_MILLIS;
			CountDownLatch done = new CountDownLatch(1);
			AtomicLong ranAt = new AtomicLong();
			CountDownLatch cancelledRan = new CountDownLatch(1);
			long start = scheduler.nowMillis();
			scheduler.schedule(cancelledRan::countDown, delay).cancel();
			scheduler.schedule(() -> {
				ranAt.set(scheduler.nowMillis());
				done.countDown();
			}, delay);

			assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(ranAt.get() - start).isGreaterThanOrEqualTo(delay);
			// scheduled after the other, cancelled before it: it has had its time
			assertThat(cancelledRan.getCount()).isOne();
		}
	}

}
