package dev.dfx.core.api;

import dev.dfx.core.ActionId;
import dev.dfx.core.body.LoginRequest;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The Organizations actions a device needs (docs/protocol.md §1.3, §3.3). Thread-safe; futures complete on the client's
 * executor and fail with the typed errors of docs/style.md §5 ({@link dev.dfx.core.error.DfxServerException} and its
 * subclasses, {@link dev.dfx.core.error.DfxTimeoutException}, {@link dev.dfx.core.error.DfxProtocolException} for a
 * body of the wrong shape).
 *
 * <p>A client configured with credentials registers and logs in by itself; call these only to manage a device by
 * hand. A successful {@link #registerLicense} on a socket that is not logged in logs it in (§1.3 C).
 */
public final class Organizations {
    private final ApiRequester api;

    private Organizations(ApiRequester api) {
        this.api = api;
    }

    /** @param api sends the requests @return the facade */
    public static Organizations of(ApiRequester api) {
        return new Organizations(Objects.requireNonNull(api, "api"));
    }

    /**
     * {@code 0705} Organizations.RegisterLicense; may go out before any login (§1.3 C). Each call takes a device slot
     * on the licence.
     *
     * @param request the licence key and device fields
     * @return the device token pair and ids; fails e.g. with a {@link dev.dfx.core.error.DfxLicenseException} for an
     *     unknown, expired or inactive licence
     */
    public CompletableFuture<RegisterLicenseResponse> registerLicense(RegisterLicenseRequest request) {
        Objects.requireNonNull(request, "request");
        return api.send(ActionId.ORGANIZATIONS_REGISTER_LICENSE, request.toBody())
                .thenApply(m -> RegisterLicenseResponse.fromBody(m.bodyValue()));
    }

    /**
     * {@code 0706} Organizations.UnregisterLicense: frees this device's slot. Right after a register the server may
     * answer {@code RESTRICTED_ACCESS} (§3.3 [CPP tests]).
     *
     * @return completes when the server accepted it
     */
    public CompletableFuture<Void> unregisterLicense() {
        return api.send(ActionId.of("0706"), Map.of()).thenApply(m -> null);
    }

    /**
     * {@code 0718} Organizations.LoginWithToken on the current socket (§1.3 A); may go out before any login.
     *
     * @param token the token; never logged
     * @return the reply, exposing a re-issued {@code Token} if the server sent one
     */
    public CompletableFuture<LoginWithTokenResponse> loginWithToken(String token) {
        LoginRequest body = new LoginRequest(Objects.requireNonNull(token, "token"));
        return api.send(ActionId.ORGANIZATIONS_LOGIN_WITH_TOKEN, Map.of("Token", body.token()))
                .thenApply(m -> LoginWithTokenResponse.fromBody(m.bodyValue()));
    }
}
