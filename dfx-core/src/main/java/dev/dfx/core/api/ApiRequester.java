package dev.dfx.core.api;

import dev.dfx.core.ActionId;
import dev.dfx.core.DfxMessage;
import java.util.concurrent.CompletableFuture;

/**
 * What the grouped facades send through: one request, one answer. {@link dev.dfx.core.DfxClient} supplies it (its
 * {@code sendMessage}, which waits for the login where the action needs one and renews an expired token); tests may
 * supply their own.
 */
@FunctionalInterface
public interface ApiRequester {
    /**
     * @param actionId the action
     * @param body a {@code Map<String, ?>} tree
     * @return completes with the answer (status below 400) or fails with the typed error of docs/style.md §5
     */
    CompletableFuture<DfxMessage> send(ActionId actionId, Object body);
}
