package dev.dfx.core.auth;

import java.util.Optional;

/**
 * Driven port: where a client keeps its token pair between runs (docs/protocol.md §1.3). A device that restarts with a
 * stored pair logs in with it ({@code 0718}, renewing with {@code 2304} if needed) and does not register its licence
 * again, since every {@code 0705} takes a device slot. The client saves a new pair before it uses it, so a crash
 * right after a renewal cannot lose the only valid refresh token.
 *
 * <p>Implementations are thread-safe; the client calls them on its serial executor, so they should be quick (a small
 * local file is fine, a network call is not). Exceptions they throw fail the operation that needed the store; their
 * messages must not carry a token.
 */
public interface TokenStore {

    /**
     * @return the stored pair, or empty if none is stored
     * @throws java.io.UncheckedIOException if the store cannot be read
     */
    Optional<TokenPair> load();

    /**
     * Replaces the stored pair.
     *
     * @param pair the new pair
     * @throws NullPointerException if pair is null
     * @throws java.io.UncheckedIOException if the pair cannot be written
     */
    void save(TokenPair pair);

    /**
     * Forgets the stored pair (after the server refused it for good).
     *
     * @throws java.io.UncheckedIOException if the store cannot be written
     */
    void clear();

    /** @return a new empty in-memory store */
    static TokenStore inMemory() {
        return new InMemoryTokenStore();
    }
}
