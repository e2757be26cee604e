package dev.dfx.core.internal;

import dev.dfx.core.ListenerRegistration;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A thread-safe list of listeners of one kind. {@link #dispatch} calls each in registration order; a listener that
 * throws anything, an {@link Error} included, is logged (WARNING) and skipped, and never breaks the engine (issue 12).
 *
 * @param <T> the event type
 */
public final class Listeners<T> {
    private static final System.Logger LOG = System.getLogger(Listeners.class.getName());
    private final String kind;
    private final CopyOnWriteArrayList<Holder<T>> list = new CopyOnWriteArrayList<>();

    /** @param kind names the listeners in log lines, e.g. {@code "onMessage"} */
    public Listeners(String kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * @param listener the listener
     * @return removes it
     */
    public ListenerRegistration add(Consumer<? super T> listener) {
        Holder<T> h = new Holder<>(Objects.requireNonNull(listener, "listener"));
        list.add(h);
        return () -> list.remove(h);
    }

    /** @param event given to every listener, in registration order */
    public void dispatch(T event) {
        for (Holder<T> h : list) {
            try {
                h.listener.accept(event);
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.WARNING, kind + " listener threw; ignored", e);
            }
        }
    }

    /** @return the number of listeners */
    public int size() {
        return list.size();
    }

    // Identity, not equals: one consumer registered twice has two registrations.
    private static final class Holder<T> {
        final Consumer<? super T> listener;

        Holder(Consumer<? super T> listener) {
            this.listener = listener;
        }
    }
}
