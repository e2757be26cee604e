package dev.dfx.core.api;

import dev.dfx.core.auth.Credentials;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code 0201} Users.Login (docs/protocol.md §3.3): {@code {"Email","Password","MFAToken"?}}. Works on a socket that is
 * not logged in (§1.3 C). {@link #toString()} hides the password and MFA code.
 *
 * @param email {@code Email}
 * @param password {@code Password}; secret
 * @param mfaToken {@code MFAToken}, or null; secret
 */
public record UserLoginRequest(String email, String password, String mfaToken) {
    /** @throws NullPointerException naming a missing field */
    public UserLoginRequest {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(password, "password");
    }

    /**
     * @param c user credentials
     * @return the request they make
     */
    public static UserLoginRequest from(Credentials.User c) {
        Objects.requireNonNull(c, "credentials");
        return new UserLoginRequest(c.email(), c.password(), c.mfaToken());
    }

    /** @return the body tree */
    public Map<String, Object> toBody() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Email", email);
        m.put("Password", password);
        if (mfaToken != null) {
            m.put("MFAToken", mfaToken);
        }
        return m;
    }

    @Override
    public String toString() {
        return "UserLoginRequest[email=" + email + ", password=<redacted>, mfaToken="
                + (mfaToken == null ? "none" : "<redacted>") + "]";
    }
}
