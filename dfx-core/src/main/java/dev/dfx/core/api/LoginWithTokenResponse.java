package dev.dfx.core.api;

import dev.dfx.core.internal.Tree;
import java.util.Map;
import java.util.Optional;

/**
 * Answer to {@code 0718} Organizations.LoginWithToken (docs/protocol.md §1.3 A, §8 Q1): any JSON object, {@code {}}
 * included; when it carries a {@code Token} (as the vendor's C++ client reads it), that token is exposed here, since
 * a server may hand back a re-issued token. {@link #toString()} hides it.
 *
 * @param token the {@code Token} of the reply, or null if it had none
 */
public record LoginWithTokenResponse(String token) {

    /**
     * @param body the decoded body; an object (a body that is not an object counts as {@code {}})
     * @return the response
     */
    public static LoginWithTokenResponse fromBody(Object body) {
        if (!(body instanceof Map)) {
            return new LoginWithTokenResponse(null);
        }
        String t = Tree.str(Tree.object(body, "LoginWithTokenResponse"), "Token", "LoginWithTokenResponse");
        return new LoginWithTokenResponse(t == null || t.isBlank() ? null : t);
    }

    /** @return the token the server handed back, if any */
    public Optional<String> reissuedToken() {
        return Optional.ofNullable(token);
    }

    @Override
    public String toString() {
        return "LoginWithTokenResponse[token=" + (token == null ? "none" : "<redacted>") + "]";
    }
}
