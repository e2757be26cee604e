package dev.dfx.core.internal;

import dev.dfx.core.ActionId;
import dev.dfx.core.RequestId;
import dev.dfx.core.error.DfxException;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Draws JS-form request ids (docs/protocol.md §2.1: action id plus six random letters) that are unique among the ids in
 * use: requests in flight and active subscriptions. Thread-safe (it guards the random generator, which need not
 * be), so a measurement's subscription id can be drawn on the caller's thread.
 */
public final class RequestIdPool {
    /** Draws before giving up; only a broken generator gets near it (52^6 ids per action). */
    static final int MAX_DRAWS = 10_000;
    private final RandomGenerator random;
    private final Set<RequestId> inUse = new HashSet<>();

    /** @param random the randomness; guarded by this pool */
    public RequestIdPool(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * @param action the request's action
     * @return a fresh id, now in use
     * @throws DfxException if no unused id came up in {@value #MAX_DRAWS} draws
     */
    public synchronized RequestId allocate(ActionId action) {
        for (int i = 0; i < MAX_DRAWS; i++) {
            RequestId id = RequestId.random(action, random);
            if (inUse.add(id)) {
                return id;
            }
        }
        throw new DfxException("no unused request id for action " + action.code() + " after " + MAX_DRAWS
                + " draws; is the random generator broken?");
    }

    /** @param id an id no longer in use (unknown ids are ignored) */
    public synchronized void release(RequestId id) {
        inUse.remove(id);
    }

    /** @return a uniformly drawn number in [0, 1) from the same (guarded) randomness, for backoff jitter */
    public synchronized double nextDouble() {
        return random.nextDouble();
    }

    /** @return the number of ids in use */
    public synchronized int size() {
        return inUse.size();
    }
}
