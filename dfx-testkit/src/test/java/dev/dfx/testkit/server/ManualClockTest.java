package dev.dfx.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dfx.core.port.Scheduler;
import dev.dfx.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ManualClock}: time moves only on {@code advance}, which runs due tasks in time order. */
class ManualClockTest {
    private final ManualClock clock = ManualClock.create();

    @Test
    void advance_runsDueTasksInTimeOrder_withTheClockAtEachDueTime() {
        List<String> ran = new ArrayList<>();
        Instant start = clock.instant();
        clock.schedule(Duration.ofSeconds(3), () -> ran.add("c@" + Duration.between(start, clock.instant())));
        clock.schedule(Duration.ofSeconds(1), () -> ran.add("a@" + Duration.between(start, clock.instant())));
        clock.schedule(Duration.ofSeconds(1), () -> ran.add("b@" + Duration.between(start, clock.instant())));
        clock.schedule(Duration.ofSeconds(9), () -> ran.add("late"));

        clock.advance(Duration.ofSeconds(5));

        assertThat(ran).containsExactly("a@PT1S", "b@PT1S", "c@PT3S");
        assertThat(clock.instant()).isEqualTo(start.plusSeconds(5));
        assertThat(clock.pendingTasks()).isEqualTo(1);
    }

    @Test
    void tasksScheduledByTasks_runInTheSameAdvanceWhenDue() {
        List<Integer> ran = new ArrayList<>();
        clock.schedule(Duration.ofSeconds(1), () -> {
            ran.add(1);
            clock.schedule(Duration.ofSeconds(1), () -> ran.add(2));
        });

        clock.advance(Duration.ofSeconds(2));

        assertThat(ran).containsExactly(1, 2);
    }

    @Test
    void cancelledTask_neverRuns() {
        List<Integer> ran = new ArrayList<>();
        Scheduler.Cancellable c = clock.schedule(Duration.ofSeconds(1), () -> ran.add(1));

        c.cancel();
        clock.advance(Duration.ofSeconds(2));

        assertThat(ran).isEmpty();
        assertThat(clock.pendingTasks()).isZero();
    }

    @Test
    void nothingRunsWithoutAdvance_andZeroAdvanceRunsTasksAlreadyDue() {
        List<Integer> ran = new ArrayList<>();
        clock.schedule(Duration.ZERO, () -> ran.add(1));
        boolean before = ran.isEmpty();

        clock.advance(Duration.ZERO);

        assertThat(before).isTrue();
        assertThat(ran).containsExactly(1);
    }

    @Test
    void negativeArguments_areRefused() {
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> clock.schedule(Duration.ofSeconds(-1), () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay");
        assertThatThrownBy(() -> new ManualClock(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("start");
    }

    /** Issue 12 item 2: the wall clock steps alone; the ticker and the timers keep monotonic time. */
    @Test
    void stepWallClock_movesOnlyTheWallClock_tickerAndTimersStayMonotonic() {
        List<String> ran = new ArrayList<>();
        Instant start = clock.instant();
        clock.schedule(Duration.ofSeconds(5), () -> ran.add("t"));
        clock.advance(Duration.ofSeconds(2));
        long ticks = clock.nanoTime();
        assertThat(ticks).isEqualTo(Duration.ofSeconds(2).toNanos());

        clock.stepWallClock(Duration.ofHours(-1));

        assertThat(clock.instant()).isEqualTo(start.plusSeconds(2).minus(Duration.ofHours(1)));
        assertThat(clock.nanoTime()).isEqualTo(ticks);
        assertThat(ran).isEmpty();
        clock.advance(Duration.ofSeconds(3));
        assertThat(ran).containsExactly("t");
        assertThat(clock.nanoTime()).isEqualTo(Duration.ofSeconds(5).toNanos());
        assertThat(clock.instant()).isEqualTo(start.plusSeconds(5).minus(Duration.ofHours(1)));
        assertThatThrownBy(() -> clock.stepWallClock(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("step");
    }
}
