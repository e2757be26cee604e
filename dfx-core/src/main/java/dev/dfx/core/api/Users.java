package dev.dfx.core.api;

import dev.dfx.core.ActionId;
import dev.dfx.core.auth.TokenPair;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The Users actions (docs/protocol.md §3.3). Thread-safe; futures complete on the client's executor and fail with the
 * typed errors of docs/style.md §5.
 */
public final class Users {
    private final ApiRequester api;

    private Users(ApiRequester api) {
        this.api = api;
    }

    /** @param api sends the requests @return the facade */
    public static Users of(ApiRequester api) {
        return new Users(Objects.requireNonNull(api, "api"));
    }

    /**
     * {@code 0201} Users.Login; may go out before any login, and a success logs the socket in (§1.3 C).
     *
     * @param request email, password, optional MFA code
     * @return the user token pair; fails with a {@link dev.dfx.core.error.DfxAuthenticationException} for wrong
     *     credentials
     */
    public CompletableFuture<TokenPair> login(UserLoginRequest request) {
        Objects.requireNonNull(request, "request");
        return api.send(ActionId.USERS_LOGIN, request.toBody())
                .thenApply(m -> ApiBodies.tokens(dev.dfx.core.internal.Tree.object(m.bodyValue(), "UserLogin"),
                        "UserLogin"));
    }
}
