package dev.dfx.core.auth;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The default {@link TokenStore}: one pair in memory, lost when the process ends (so a licence-key client
 * registers again on every start; use a {@link FileTokenStore} to avoid that). Thread-safe.
 */
public final class InMemoryTokenStore implements TokenStore {
    private final AtomicReference<TokenPair> pair = new AtomicReference<>();

    /** An empty store. */
    public InMemoryTokenStore() {
    }

    @Override
    public Optional<TokenPair> load() {
        return Optional.ofNullable(pair.get());
    }

    @Override
    public void save(TokenPair value) {
        pair.set(Objects.requireNonNull(value, "pair"));
    }

    @Override
    public void clear() {
        pair.set(null);
    }

    @Override
    public String toString() {
        return "InMemoryTokenStore[" + (pair.get() == null ? "empty" : "holds a pair") + "]";
    }
}
