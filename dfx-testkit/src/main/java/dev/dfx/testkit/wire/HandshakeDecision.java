package dev.dfx.testkit.wire;

/**
 * How the fake server answers an upgrade request. Front ends carry it out exactly.
 *
 * @param kind accept, reject with a status, redirect, or stall (never answer)
 * @param subprotocol for ACCEPT: the subprotocol to select, or null to select none (a fault)
 * @param status for REJECT and REDIRECT: the HTTP status
 * @param location for REDIRECT: the {@code Location} header; null otherwise
 */
public record HandshakeDecision(Kind kind, String subprotocol, int status, String location) {
    /** The answers. */
    public enum Kind {
        /** 101 Switching Protocols. */
        ACCEPT,
        /** An HTTP error status instead of the upgrade. */
        REJECT,
        /** A {@code 3xx} with a {@code Location} header instead of the upgrade (a client must never follow it). */
        REDIRECT,
        /** Read the request and never answer (the client's connect timeout must fire). */
        STALL
    }

    /** Validates the redirect's fields. */
    public HandshakeDecision {
        java.util.Objects.requireNonNull(kind, "kind");
        if (kind == Kind.REDIRECT) {
            java.util.Objects.requireNonNull(location, "location");
            if (status < 300 || status > 399) {
                throw new IllegalArgumentException("a redirect status must be 3xx, got " + status);
            }
        }
    }

    /** @param subprotocol selected subprotocol, or null for none @return an accept */
    public static HandshakeDecision accept(String subprotocol) {
        return new HandshakeDecision(Kind.ACCEPT, subprotocol, 101, null);
    }

    /** @param status HTTP status @return a rejection */
    public static HandshakeDecision reject(int status) {
        return new HandshakeDecision(Kind.REJECT, null, status, null);
    }

    /**
     * @param status a {@code 3xx} status, e.g. 302
     * @param location the {@code Location} to name, e.g. {@code ws://another-host/}
     * @return a redirect
     */
    public static HandshakeDecision redirect(int status, String location) {
        return new HandshakeDecision(Kind.REDIRECT, null, status, location);
    }

    /** @return a stall */
    public static HandshakeDecision stall() {
        return new HandshakeDecision(Kind.STALL, null, 0, null);
    }
}
