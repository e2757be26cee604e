package dev.dfx.core.internal;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in submission order, on a delegate executor (STYLE.md §4: the engine's serial
 * executor). Thread-safe; {@link #execute} never blocks and never runs a task re-entrantly: a task submitted from a
 * running task runs after it. A task that throws anything, an {@link Error} included, is logged and the tasks behind
 * it still run (issue 12: no lost wake-up). If the delegate rejects work (for example after the client shut it down) the tasks run
 * on the submitting thread, still one at a time, so late callbacks are not lost.
 */
public final class SerialExecutor implements Executor {
    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());
    private final Executor delegate;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Thread current;

    /** @param delegate where the tasks run */
    public SerialExecutor(Executor delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
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
                delegate.execute(this::drain);
            } catch (RejectedExecutionException e) {
                drain();
            }
        }
    }

    private void drain() {
        current = Thread.currentThread();
        try {
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
