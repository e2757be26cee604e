package dev.dfx.testkit.server.internal;

import dev.dfx.testkit.server.LicenseStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who may log in, and how tokens are minted (PROTOCOL.md §1.3, §3.3). {@link #toString()} hides keys and passwords.
 *
 * @param licenses licence key → status
 * @param users e-mail → user
 * @param studies known study ids; empty means any study id is accepted
 * @param region the {@code Region} claim of minted tokens and of {@code 0100}
 * @param tokenTtl the longest token lifetime; a shorter {@code TokenExpiresIn} wins
 * @param refreshTokenTtl the lifetime of a refresh token
 * @param expireInSession true: a socket whose token expired is refused until a fresh {@code 0718}
 */
public record AccountSettings(Map<String, LicenseStatus> licenses, Map<String, User> users, Set<String> studies,
                              String region, Duration tokenTtl, Duration refreshTokenTtl, boolean expireInSession) {

    /**
     * A user account for {@code 0201} Users.Login.
     *
     * @param email the e-mail
     * @param password the password (never shown by {@link #toString()})
     * @param mfaToken the MFA token the login must carry, or null for none
     */
    public record User(String email, String password, String mfaToken) {
        /** Checks for nulls. */
        public User {
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "User[" + email + ", password=<hidden>, mfa=" + (mfaToken != null) + "]";
        }
    }

    /** Copies and checks for nulls. */
    public AccountSettings {
        licenses = Map.copyOf(licenses);
        users = Map.copyOf(users);
        studies = Set.copyOf(studies);
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(tokenTtl, "tokenTtl");
        Objects.requireNonNull(refreshTokenTtl, "refreshTokenTtl");
    }

    @Override
    public String toString() {
        return "AccountSettings[licenses=<" + licenses.size() + " hidden>, users=<" + users.size() + " hidden>, studies="
                + studies + ", region=" + region + ", tokenTtl=" + tokenTtl + ", refreshTokenTtl=" + refreshTokenTtl
                + ", expireInSession=" + expireInSession + "]";
    }
}
