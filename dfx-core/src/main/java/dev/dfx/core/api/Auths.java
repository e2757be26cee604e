package dev.dfx.core.api;

import dev.dfx.core.ActionId;
import dev.dfx.core.auth.TokenPair;
import dev.dfx.core.internal.Tree;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The Auths actions (docs/protocol.md §1.3, §3.3). Thread-safe; futures complete on the client's executor and fail with
 * the typed errors of docs/style.md §5.
 *
 * <p>A client configured with credentials renews its own token; calling {@link #renew} with that pair spends its
 * refresh token behind the client's back, so the client's next renewal would be refused.
 */
public final class Auths {
    private final ApiRequester api;

    private Auths(ApiRequester api) {
        this.api = api;
    }

    /** @param api sends the requests @return the facade */
    public static Auths of(ApiRequester api) {
        return new Auths(Objects.requireNonNull(api, "api"));
    }

    /**
     * {@code 2304} Auths.Renew; may go out before any login (§1.3 C). Both tokens change; the old refresh token is
     * spent.
     *
     * @param request the pair to renew
     * @return the new pair; fails with a {@link dev.dfx.core.error.DfxServerException} when the refresh token is spent
     *     or invalid
     */
    public CompletableFuture<TokenPair> renew(RenewRequest request) {
        Objects.requireNonNull(request, "request");
        return api.send(ActionId.AUTHS_RENEW, request.toBody())
                .thenApply(m -> ApiBodies.tokens(Tree.object(m.bodyValue(), "Renew"), "Renew"));
    }
}
