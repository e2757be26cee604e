package dev.dfx.core.body;

import java.util.Objects;

/**
 * Body of {@code 0718} Organizations.LoginWithToken: {@code {"Token":"<JWT>"}} (docs/protocol.md §1.3).
 * {@link #toString()} hides the token.
 *
 * @param token the device or user token; never logged
 */
public record LoginRequest(String token) {
    /** @throws IllegalArgumentException if the token is empty */
    public LoginRequest {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("token must not be blank");
        }
    }

    @Override
    public String toString() {
        return "LoginRequest[token=<redacted>]";
    }
}
