package dev.dfx.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT) or SIGTERM during a measurement (issue 15). The JVM turns the signal into its shutdown sequence;
 * the hook installed by {@link #installHook()} then completes {@link #requested()}, which a running measurement
 * watches: it cancels the stream, closes the socket normally (code 1000) and prints its summary (with
 * {@code --json}, a last line saying it was cancelled). The hook waits for that, at most {@link #GRACE_SECONDS}
 * seconds, and the JVM then exits with 128 + the signal number (130 for SIGINT).
 *
 * <p>Only {@link Main#main} installs the hook; in-process runs (tests) never see {@link #requested()} complete.
 */
final class Interrupt {
    /** The longest a measurement may take to close and report after the signal. */
    static final long GRACE_SECONDS = 10;

    private static final CompletableFuture<Void> REQUESTED = new CompletableFuture<>();
    private static final Object LOCK = new Object();
    private static int active;
    private static boolean exiting;

    private Interrupt() {
    }

    /** A running measurement; closing it tells the hook that its summary is out. */
    interface Running extends AutoCloseable {
        @Override
        void close();
    }

    /** Installs the shutdown hook (once, from {@link Main#main}). */
    static void installHook() {
        Runtime.getRuntime().addShutdownHook(new Thread(Interrupt::onShutdown, "dfx-interrupt"));
    }

    /** @return completes when the user asked the process to stop (Ctrl-C or SIGTERM); never fails */
    static CompletableFuture<Void> requested() {
        return REQUESTED;
    }

    /**
     * Marks a measurement as running until the returned handle is closed; the hook waits for open handles.
     *
     * @return closes when the measurement has reported
     */
    static Running running() {
        synchronized (LOCK) {
            active++;
        }
        return () -> {
            synchronized (LOCK) {
                active--;
                LOCK.notifyAll();
            }
        };
    }

    /** Called by {@link Main#main} before it exits normally: the hook then has nothing to do. */
    static void exiting() {
        synchronized (LOCK) {
            exiting = true;
        }
    }

    private static void onShutdown() {
        synchronized (LOCK) {
            if (exiting) {
                return;
            }
        }
        REQUESTED.complete(null);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
        synchronized (LOCK) {
            long left;
            while (active > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(LOCK, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
