package dev.dfx.core.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * How a client gets its token (docs/protocol.md §1.3): exactly one of a {@link Tokens token pair}, a {@link License licence
 * key} registered with {@code 0705} Organizations.RegisterLicense, or a {@link User user login} with {@code 0201}
 * Users.Login. Immutable values; no {@code toString()} shows a token, refresh token, licence key, password or MFA
 * code.
 */
public sealed interface Credentials permits Credentials.Tokens, Credentials.License, Credentials.User {

    /**
     * @param token the token
     * @param refreshToken its refresh token, or null (then the token is never renewed)
     * @return token-pair credentials
     */
    static Tokens tokens(String token, String refreshToken) {
        return new Tokens(new TokenPair(token, refreshToken));
    }

    /**
     * A token pair got elsewhere. Without a refresh token it cannot be renewed: when it expires the client fails
     * with a {@link dev.dfx.core.error.DfxAuthenticationException}.
     *
     * @param pair the pair
     */
    record Tokens(TokenPair pair) implements Credentials {
        /** @throws NullPointerException if pair is null */
        public Tokens {
            Objects.requireNonNull(pair, "pair");
        }

        @Override
        public String toString() {
            return "Credentials.Tokens[" + pair + "]";
        }
    }

    /**
     * A licence key and the device it registers ({@code 0705} body {@code Key, DeviceTypeID, Name, Identifier,
     * Version, TokenExpiresIn}, docs/protocol.md §3.3). Each registration takes a device slot on the licence, so a client
     * registers only when it has no stored token pair.
     *
     * @param key the licence key; secret
     * @param deviceTypeId {@code DeviceTypeID}, e.g. {@code LINUX}
     * @param name {@code Name} of the device
     * @param identifier {@code Identifier}, unique per device
     * @param version {@code Version} of the app
     * @param tokenExpiresIn {@code TokenExpiresIn}: the token's lifetime to ask for (whole seconds, at least 1 s), or
     *     null for the server's default
     */
    record License(String key, String deviceTypeId, String name, String identifier, String version,
                   Duration tokenExpiresIn) implements Credentials {
        /** @throws NullPointerException naming a missing field @throws IllegalArgumentException naming a bad one */
        public License {
            nonBlank(key, "key");
            nonBlank(deviceTypeId, "deviceTypeId");
            nonBlank(name, "name");
            nonBlank(identifier, "identifier");
            nonBlank(version, "version");
            if (tokenExpiresIn != null && tokenExpiresIn.getSeconds() < 1) {
                throw new IllegalArgumentException("tokenExpiresIn must be at least 1 second, got " + tokenExpiresIn);
            }
        }

        @Override
        public String toString() {
            return "Credentials.License[key=<redacted>, deviceTypeId=" + deviceTypeId + ", name=" + name
                    + ", identifier=" + identifier + ", version=" + version + ", tokenExpiresIn=" + tokenExpiresIn
                    + "]";
        }
    }

    /**
     * A user login ({@code 0201} body {@code Email, Password, MFAToken?}, docs/protocol.md §3.3).
     *
     * @param email {@code Email}
     * @param password {@code Password}; secret
     * @param mfaToken {@code MFAToken}, or null; secret
     */
    record User(String email, String password, String mfaToken) implements Credentials {
        /** @throws NullPointerException naming a missing field @throws IllegalArgumentException naming a bad one */
        public User {
            nonBlank(email, "email");
            nonBlank(password, "password");
            if (mfaToken != null && mfaToken.isBlank()) {
                throw new IllegalArgumentException("mfaToken must not be blank; pass null when there is none");
            }
        }

        @Override
        public String toString() {
            return "Credentials.User[email=" + email + ", password=<redacted>, mfaToken="
                    + (mfaToken == null ? "none" : "<redacted>") + "]";
        }
    }

    private static void nonBlank(String v, String name) {
        Objects.requireNonNull(v, name);
        if (v.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
