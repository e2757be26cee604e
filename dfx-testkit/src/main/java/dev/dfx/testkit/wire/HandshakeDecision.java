package dev.dfx.testkit.wire;

/**
 * How the fake server answers an upgrade request. Front ends carry it out exactly.
 *
 * @param kind accept, reject with a status, or stall (never answer)
 * @param subprotocol for ACCEPT: the subprotocol to select, or null to select none (a fault)
 * @param status for REJECT: the HTTP status
 */
public record HandshakeDecision(Kind kind, String subprotocol, int status) {
    /** The three answers. */
    public enum Kind {
        /** 101 Switching Protocols. */
        ACCEPT,
        /** An HTTP error status instead of the upgrade. */
        REJECT,
        /** Read the request and never answer (the client's connect timeout must fire). */
        STALL
    }

    /** @param subprotocol selected subprotocol, or null for none @return an accept */
    public static HandshakeDecision accept(String subprotocol) {
        return new HandshakeDecision(Kind.ACCEPT, subprotocol, 101);
    }

    /** @param status HTTP status @return a rejection */
    public static HandshakeDecision reject(int status) {
        return new HandshakeDecision(Kind.REJECT, null, status);
    }

    /** @return a stall */
    public static HandshakeDecision stall() {
        return new HandshakeDecision(Kind.STALL, null, 0);
    }
}
