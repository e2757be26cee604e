package dev.dfx.core.api;

import dev.dfx.core.ActionId;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The Studies actions (docs/protocol.md §3.3). Thread-safe; futures complete on the client's executor and fail with the
 * typed errors of docs/style.md §5.
 */
public final class Studies {
    private final ApiRequester api;

    private Studies(ApiRequester api) {
        this.api = api;
    }

    /** @param api sends the requests @return the facade */
    public static Studies of(ApiRequester api) {
        return new Studies(Objects.requireNonNull(api, "api"));
    }

    /**
     * {@code 0806} Studies.RetrieveSdkConfigData.
     *
     * @param request study, SDK id and the hash of the file held
     * @return the config file, or {@link SdkConfigResponse#notModified()} (status 304) when the hash is current
     */
    public CompletableFuture<SdkConfigResponse> sdkConfig(SdkConfigRequest request) {
        Objects.requireNonNull(request, "request");
        return api.send(ActionId.STUDIES_SDK_CONFIG, request.toBody())
                .thenApply(m -> SdkConfigResponse.fromBody(m.status(),
                        m.status() == 304 && m.rawBody().remaining() == 0 ? null : m.bodyValue()));
    }
}
