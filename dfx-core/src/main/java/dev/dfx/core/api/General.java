package dev.dfx.core.api;

import dev.dfx.core.ActionId;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The General actions (docs/protocol.md §3.2, §3.3). Thread-safe; futures complete on the client's executor and fail
 * with the typed errors of docs/style.md §5.
 */
public final class General {
    private final ApiRequester api;

    private General(ApiRequester api) {
        this.api = api;
    }

    /** @param api sends the requests @return the facade */
    public static General of(ApiRequester api) {
        return new General(Objects.requireNonNull(api, "api"));
    }

    /** @return {@code 0100} General.Status: a cheap liveness probe */
    public CompletableFuture<StatusResponse> status() {
        return api.send(ActionId.GENERAL_STATUS, Map.of()).thenApply(m -> StatusResponse.fromBody(m.bodyValue()));
    }

    /** @return {@code 0107} General.VerifyToken: the server's view of the socket's token */
    public CompletableFuture<VerifyTokenResponse> verifyToken() {
        return api.send(ActionId.GENERAL_VERIFY_TOKEN, Map.of())
                .thenApply(m -> VerifyTokenResponse.fromBody(m.bodyValue()));
    }

    /** @return {@code 0108} General.Regions: cluster id to label */
    public CompletableFuture<RegionsResponse> regions() {
        return api.send(ActionId.GENERAL_REGIONS, Map.of()).thenApply(m -> RegionsResponse.fromBody(m.bodyValue()));
    }
}
