package dev.dfx.core.api;

import dev.dfx.core.auth.TokenPair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code 2304} Auths.Renew (docs/protocol.md §3.3): {@code {"Token","RefreshToken"}}; the answer is a new pair and the
 * old refresh token is spent. Works on a socket that is not logged in (§1.3 C). {@link #toString()} hides both.
 *
 * @param pair the pair to renew; must carry a refresh token
 */
public record RenewRequest(TokenPair pair) {
    /** @throws IllegalArgumentException if the pair has no refresh token */
    public RenewRequest {
        Objects.requireNonNull(pair, "pair");
        if (pair.refreshToken() == null) {
            throw new IllegalArgumentException("pair has no refresh token, so it cannot be renewed");
        }
    }

    /** @return the body tree */
    public Map<String, Object> toBody() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Token", pair.token());
        m.put("RefreshToken", pair.refreshToken());
        return m;
    }

    @Override
    public String toString() {
        return "RenewRequest[<redacted>]";
    }
}
