package dev.dfx.core.engine;

import dev.dfx.core.port.Scheduler;
import dev.dfx.core.port.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A manual clock, ticker and scheduler in one: time moves only in {@link #advance(Duration)}, which runs every task
 * that falls due, in due order, with the clock set to each task's due time. No threads, no sleeps.
 * {@link #stepWall(Duration)} steps the wall clock alone (an NTP step), leaving the ticker and the timers alone.
 */
final class ManualScheduler implements Scheduler, InstantSource, Ticker {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            Comparator.comparing((Task t) -> t.due).thenComparingLong(t -> t.seq));
    private Instant now = START;
    private Duration wallStep = Duration.ZERO;
    private long seq;
    private long scheduleCalls;

    @Override
    public synchronized Instant instant() {
        return now.plus(wallStep);
    }

    @Override
    public synchronized long nanoTime() {
        return Duration.between(START, now).toNanos();
    }

    /** Steps the wall clock only (either way), as NTP does; the ticker and the timers do not move. */
    synchronized void stepWall(Duration step) {
        wallStep = wallStep.plus(step);
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        scheduleCalls++;
        Task t = new Task(now.plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task);
        tasks.add(t);
        return () -> {
            synchronized (ManualScheduler.this) {
                t.cancelled = true;
                tasks.remove(t);
            }
        };
    }

    /** Moves time forward, running every task due by the end, each at its due time. */
    void advance(Duration d) {
        Instant end;
        synchronized (this) {
            end = now.plus(d);
        }
        while (true) {
            Task t;
            synchronized (this) {
                t = tasks.peek();
                if (t == null || t.due.isAfter(end)) {
                    now = end;
                    return;
                }
                tasks.poll();
                if (t.due.isAfter(now)) {
                    now = t.due;
                }
            }
            if (!t.cancelled) {
                t.task.run();
            }
        }
    }

    /** @return how many times {@link #schedule} was called so far (cancelled and run tasks included) */
    synchronized long scheduleCalls() {
        return scheduleCalls;
    }

    /** @return tasks scheduled and not yet run or cancelled */
    synchronized int pending() {
        return tasks.size();
    }

    private static final class Task {
        final Instant due;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Task(Instant due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }
    }
}
