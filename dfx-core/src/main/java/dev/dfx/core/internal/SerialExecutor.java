package dev.dfx.core.internal;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs tasks one at a time, in submission order, on a delegate executor (docs/style.md §4: the engine's serial
 * executor). Thread-safe; {@link #execute} never blocks and never runs a task re-entrantly: a task submitted from a
 * running task runs after it. A task that throws anything, an {@link Error} included, is logged and the tasks behind
 * it still run (issue 12: no lost wake-up).
 *
 * <p>If the delegate rejects work (it was shut down, or its queue is full), the tasks never run on the submitting
 * thread, which may be a transport I/O thread (issue 12): they run, still one at a time, on a short-lived daemon
 * thread of this executor's own, and the rejection hook runs first there so that the owner can fail the affected
 * operations with a clear error.
 */
public final class SerialExecutor implements Executor {
    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());
    private final Executor delegate;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Thread current;
    private final Consumer<RejectedExecutionException> onRejected;

    /** @param delegate where the tasks run */
    public SerialExecutor(Executor delegate) {
        this(delegate, e -> { });
    }

    /**
     * @param delegate where the tasks run
     * @param onRejected runs serially, on the fallback thread, before the tasks, each time the delegate rejects
     */
    public SerialExecutor(Executor delegate, Consumer<RejectedExecutionException> onRejected) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.onRejected = Objects.requireNonNull(onRejected, "onRejected");
    }

    @Override
    public void execute(Runnable task) {
        queue.add(Objects.requireNonNull(task, "task"));
        schedule();
    }

    /** @return true if the calling thread is running this executor's tasks right now */
    public boolean inExecutor() {
        return current == Thread.currentThread();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                delegate.execute(() -> drain(null));
            } catch (RejectedExecutionException e) {
                Thread t = new Thread(() -> drain(e), "dfx-serial-fallback");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private void drain(RejectedExecutionException rejected) {
        current = Thread.currentThread();
        try {
            if (rejected != null) {
                try {
                    onRejected.accept(rejected);
                } catch (Throwable e) {
                    LOG.log(System.Logger.Level.WARNING, "rejection hook failed; continuing", e);
                }
            }
            Runnable task;
            while ((task = queue.poll()) != null) {
                try {
                    task.run();
                } catch (Throwable e) {
                    LOG.log(System.Logger.Level.WARNING, "engine task failed; continuing", e);
                }
            }
        } finally {
            current = null;
            scheduled.set(false);
        }
        if (!queue.isEmpty()) {
            schedule();
        }
    }
}
