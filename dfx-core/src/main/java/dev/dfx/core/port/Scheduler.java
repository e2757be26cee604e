package dev.dfx.core.port;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The time seam (docs/style.md §4): every timer of the engine (request timeouts, heartbeats, pacing, backoff) goes
 * through it, so tests drive time with a manual scheduler instead of sleeping. Implementations are thread-safe.
 */
public interface Scheduler {

    /**
     * Runs a task once after a delay.
     *
     * @param delay zero or more
     * @param task the task; it must not block
     * @return a handle that cancels the task if it has not run
     */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not run yet; idempotent. */
        void cancel();
    }

    /**
     * Adapts an executor service, which stays the caller's to shut down.
     *
     * @param executor the executor
     * @return a scheduler on it
     */
    static Scheduler of(ScheduledExecutorService executor) {
        Objects.requireNonNull(executor, "executor");
        return (delay, task) -> {
            ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }
}
