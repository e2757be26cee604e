package dev.dfx.core.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * A token and, optionally, its one-time refresh token (docs/protocol.md §1.3: a device token from {@code 0705}, a user
 * token from {@code 0201}, a new pair from {@code 2304}). The token is usually a JWT (see {@link JwtClaims}); the
 * refresh token is opaque. Both are secrets: {@link #toString()} shows neither.
 *
 * @param token the token; non-blank
 * @param refreshToken the refresh token, or null when there is none (then the token cannot be renewed)
 */
public record TokenPair(String token, String refreshToken) {
    /**
     * @throws NullPointerException if token is null
     * @throws IllegalArgumentException if token is blank, or refreshToken is blank but not null
     */
    public TokenPair {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("token must not be blank");
        }
        if (refreshToken != null && refreshToken.isBlank()) {
            throw new IllegalArgumentException("refreshToken must not be blank; pass null when there is none");
        }
    }

    /** @return the refresh token, if any */
    public Optional<String> refresh() {
        return Optional.ofNullable(refreshToken);
    }

    /** @return the claims of the token if it is a JWT */
    public Optional<JwtClaims> claims() {
        return JwtClaims.parse(token);
    }

    @Override
    public String toString() {
        return "TokenPair[token=<redacted>, refreshToken=" + (refreshToken == null ? "none" : "<redacted>") + "]";
    }
}
