package dev.dfx.core.auth;

import dev.dfx.core.internal.MiniJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The claims of a DFX token that the client uses (docs/protocol.md §1.3, token facts): {@code exp}, {@code iat} and
 * {@code Region}. Read from the JWT's middle segment (base64url, padding optional) with java.base; the signature is
 * not checked, since the server does that and the client only needs to know when to renew and which cluster holds
 * its data. A token that is not a JWT has no claims ({@link #parse} is empty): it gets no proactive renewal.
 *
 * @param expiresAt {@code exp}, or null if absent
 * @param issuedAt {@code iat}, or null if absent
 * @param region {@code Region} (e.g. {@code na-east}), or null if absent
 */
public record JwtClaims(Instant expiresAt, Instant issuedAt, String region) {

    /**
     * @param token any token; never echoed in an exception
     * @return its claims, or empty if it is not three dot-separated segments whose middle one is base64url JSON
     * @throws NullPointerException if token is null
     */
    public static Optional<JwtClaims> parse(String token) {
        Objects.requireNonNull(token, "token");
        int a = token.indexOf('.');
        int b = a < 0 ? -1 : token.indexOf('.', a + 1);
        if (a <= 0 || b < 0 || token.indexOf('.', b + 1) >= 0) {
            return Optional.empty();
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(token.substring(a + 1, b));
            Object tree = MiniJson.parse(new String(json, StandardCharsets.UTF_8));
            if (!(tree instanceof Map)) {
                return Optional.empty();
            }
            Map<?, ?> m = (Map<?, ?>) tree;
            Object region = m.get("Region");
            return Optional.of(new JwtClaims(seconds(m.get("exp")), seconds(m.get("iat")),
                    region instanceof String && !((String) region).isBlank() ? (String) region : null));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Instant seconds(Object v) {
        if (v instanceof Long) {
            return Instant.ofEpochSecond((Long) v);
        }
        if (v instanceof Double && Double.isFinite((Double) v)) {
            return Instant.ofEpochMilli((long) ((Double) v * 1000));
        }
        return null;
    }

    /** @return {@code exp}, if present */
    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    /** @return {@code Region}, if present */
    public Optional<String> regionId() {
        return Optional.ofNullable(region);
    }

    /**
     * @param now the wall-clock time (compared with the server's {@code exp}, docs/style.md §4)
     * @return true if {@code exp} is present and not after {@code now}
     */
    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /**
     * The token's lifetime, {@code exp - iat}; when {@code iat} is absent, the time left at {@code now}.
     *
     * @param now the wall-clock time
     * @return the lifetime, or empty without {@code exp}
     */
    public Optional<Duration> lifetime(Instant now) {
        if (expiresAt == null) {
            return Optional.empty();
        }
        Instant from = issuedAt != null && issuedAt.isBefore(expiresAt) ? issuedAt : now;
        return Optional.of(Duration.between(from, expiresAt));
    }
}
