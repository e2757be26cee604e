package dev.dfx.testkit;

import dev.dfx.core.port.Scheduler;
import dev.dfx.core.port.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A clock, ticker and scheduler that move only when told (STYLE.md §4), for deterministic tests of anything timed:
 * pass it as the {@link InstantSource}, the {@link Ticker} and the {@link Scheduler} of the code under test
 * ({@code DfxClient.builder().clock(c).ticker(c).scheduler(c)}; a {@link FakeDfxServer} built with
 * {@code .clock(manualClock)} uses it for its timers too).
 *
 * <p>Two kinds of time (issue 12): {@link #advance(Duration)} moves both the wall clock ({@link #instant()}) and the
 * monotonic ticker ({@link #nanoTime()}) and runs due tasks; {@link #stepWallClock(Duration)} steps the wall clock
 * alone, either way, as NTP or a VM restore does, and neither moves the ticker nor runs any task.
 *
 * <p>{@link #schedule} only queues a task; nothing runs until {@link #advance(Duration)}, which runs every task that
 * falls due, in due-time order (ties in scheduling order), on the caller's thread, with the clock set to each task's
 * due time while it runs. Tasks scheduled by a running task run in the same call if they fall due in time.
 * Thread-safe: any thread may read the time or schedule; tasks never run concurrently with each other as long as
 * only one thread advances.
 */
public final class ManualClock implements InstantSource, Ticker, Scheduler {
    /** Where {@link #create()} starts: 2030-01-01T00:00:00Z. */
    public static final Instant DEFAULT_START = Instant.parse("2030-01-01T00:00:00Z");

    private final Object lock = new Object();
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    /** The scheduler's (monotonic) time; the wall clock is {@code now + wallStep}. */
    private Instant now;
    private final Instant origin;
    private Duration wallStep = Duration.ZERO;
    private long sequence;

    private static final class Task implements Comparable<Task>, Cancellable {
        final Instant due;
        final long seq;
        final Runnable body;
        volatile boolean cancelled;

        Task(Instant due, long seq, Runnable body) {
            this.due = due;
            this.seq = seq;
            this.body = body;
        }

        @Override
        public int compareTo(Task o) {
            int c = due.compareTo(o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /**
     * @param start the initial time
     */
    public ManualClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
        this.origin = start;
    }

    /** @return a clock at {@link #DEFAULT_START} */
    public static ManualClock create() {
        return new ManualClock(DEFAULT_START);
    }

    /** @return the current manual wall time: start, plus every advance, plus every wall-clock step */
    @Override
    public Instant instant() {
        synchronized (lock) {
            return now.plus(wallStep);
        }
    }

    /** @return nanoseconds advanced since creation; wall-clock steps do not change it, and it never decreases */
    @Override
    public long nanoTime() {
        synchronized (lock) {
            return Duration.between(origin, now).toNanos();
        }
    }

    /**
     * Steps the wall clock alone (an NTP step, a VM restore): {@link #instant()} moves by {@code step}, which may be
     * negative; {@link #nanoTime()} and the timers do not move and no task runs.
     *
     * @param step the step, either sign
     */
    public void stepWallClock(Duration step) {
        Objects.requireNonNull(step, "step");
        synchronized (lock) {
            wallStep = wallStep.plus(step);
        }
    }

    /**
     * Queues a task to run when the clock has been advanced by {@code delay} from now.
     *
     * @param delay zero or more
     * @param task the task
     * @return a handle that cancels the task if it has not run
     */
    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(task, "task");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must be zero or more, got " + delay);
        }
        synchronized (lock) {
            Task t = new Task(now.plus(delay), sequence++, task);
            tasks.add(t);
            return t;
        }
    }

    /**
     * Moves the clock forward, running every task that falls due on the way (see the class comment). A task that
     * throws stops the advance: the exception propagates and the clock stays at that task's due time.
     *
     * @param duration zero or more; zero runs the tasks already due
     */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must be zero or more, got " + duration);
        }
        Instant target;
        synchronized (lock) {
            target = now.plus(duration);
        }
        while (true) {
            Task next;
            synchronized (lock) {
                next = tasks.peek();
                if (next == null || next.due.isAfter(target)) {
                    if (now.isBefore(target)) {
                        now = target;
                    }
                    return;
                }
                tasks.poll();
                if (next.due.isAfter(now)) {
                    now = next.due;
                }
            }
            if (!next.cancelled) {
                next.body.run();
            }
        }
    }

    /** @return the number of queued tasks not yet run or cancelled */
    public int pendingTasks() {
        synchronized (lock) {
            return (int) tasks.stream().filter(t -> !t.cancelled).count();
        }
    }

    @Override
    public String toString() {
        return "ManualClock[" + instant() + ", " + pendingTasks() + " pending]";
    }
}
