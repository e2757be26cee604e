package dev.dfx.testkit.memory;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: one per connection side, so that side's events
 * are serial without a thread of its own. A task that throws is logged and does not stop the ones after it.
 * Thread-safe.
 */
final class SerialExecutor implements Executor {
    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());
    /** Tasks run per turn before the executor yields its pool thread to other connections. */
    private static final int BATCH = 64;

    private final Executor pool;
    private final String name;
    private final BooleanSupplier onPoolThread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** True while a drain is scheduled or running, or while suspended: whoever sets it owns the queue's head. */
    private final AtomicBoolean busy;

    /**
     * @param pool where drains run
     * @param name for log lines
     * @param suspended if true, queued tasks wait for {@link #resume()}
     * @param onPoolThread whether the calling thread is one of the pool's own
     */
    SerialExecutor(Executor pool, String name, boolean suspended, BooleanSupplier onPoolThread) {
        this.pool = pool;
        this.name = name;
        this.onPoolThread = onPoolThread;
        this.busy = new AtomicBoolean(suspended);
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    /** Lets a suspended executor run its queued tasks. Call once, only on one created suspended. */
    void resume() {
        busy.set(false);
        if (!tasks.isEmpty()) {
            schedule();
        }
    }

    private void schedule() {
        if (busy.compareAndSet(false, true)) {
            try {
                pool.execute(this::drain);
            } catch (RejectedExecutionException e) {
                if (onPoolThread.getAsBoolean()) {
                    // The transport is closing from one of its own threads (e.g. a listener called close()): the
                    // terminal events it queued must still run, and this thread may run them.
                    drain();
                    return;
                }
                // The transport was closed; its close() already waited for what it could.
                busy.set(false);
                LOG.log(System.Logger.Level.DEBUG, () -> name + ": pool is shut down, " + tasks.size()
                        + " task(s) dropped");
                tasks.clear();
            }
        }
    }

    private void drain() {
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                try {
                    task.run();
                } catch (RuntimeException | AssertionError e) {
                    // AssertionError: a test's listener failed an assertion; report it and keep the order going.
                    LOG.log(System.Logger.Level.WARNING, name + ": a callback threw; going on", e);
                }
            }
        } finally {
            busy.set(false);
            if (!tasks.isEmpty()) {
                schedule();
            }
        }
    }
}
