package dev.dfx.core;

/**
 * A registered listener. {@link #close()} removes it; it is idempotent, thread-safe and throws nothing. A listener
 * removed while an event is being delivered may still see that event.
 */
@FunctionalInterface
public interface ListenerRegistration extends AutoCloseable {

    /** Removes the listener. Idempotent; throws nothing. */
    @Override
    void close();
}
