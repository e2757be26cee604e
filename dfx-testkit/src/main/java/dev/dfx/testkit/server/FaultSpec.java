package dev.dfx.testkit.server;

import dev.dfx.core.ActionId;
import java.time.Duration;
import java.util.Objects;

/**
 * One armed {@link Fault} with its parameters. Build it with the static factories; each returns a one-shot spec
 * (used up when it fires), and {@link #persistent()} turns it into one that fires every time it matches until
 * {@link dev.dfx.testkit.FakeDfxServer#clearFaults()}. Immutable.
 *
 * @param fault the fault
 * @param action the action the fault is limited to (SLOW_ACK, ERROR_STATUS, optionally CLOSE_WITH), or null for any
 * @param status the HTTP status (REJECT_HANDSHAKE) or response status (ERROR_STATUS); 0 otherwise
 * @param code the error {@code Code} of ERROR_STATUS; null otherwise
 * @param message the error {@code Message} of ERROR_STATUS; null otherwise
 * @param frames N of DROP_AFTER_N; 0 otherwise
 * @param closeCode the close code of CLOSE_WITH; 0 otherwise
 * @param reason the close reason of CLOSE_WITH; null otherwise
 * @param delay the delay of SLOW_ACK; null otherwise
 * @param oneShot true: fires once and is used up; false: fires every time it matches (see {@link #persistent()})
 */
public record FaultSpec(Fault fault, ActionId action, int status, String code, String message, int frames,
                        int closeCode, String reason, Duration delay, boolean oneShot) {

    /** @throws NullPointerException if fault is null */
    public FaultSpec {
        Objects.requireNonNull(fault, "fault");
    }

    /**
     * @param status HTTP status to answer the next upgrade with, 200..599 except 101
     * @return a one-shot REJECT_HANDSHAKE
     */
    public static FaultSpec rejectHandshake(int status) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be 200..599, got " + status);
        }
        return new FaultSpec(Fault.REJECT_HANDSHAKE, null, status, null, null, 0, 0, null, null, true);
    }

    /** @return a one-shot NO_SUBPROTOCOL */
    public static FaultSpec noSubprotocol() {
        return new FaultSpec(Fault.NO_SUBPROTOCOL, null, 0, null, null, 0, 0, null, null, true);
    }

    /** @return a one-shot STALL */
    public static FaultSpec stall() {
        return new FaultSpec(Fault.STALL, null, 0, null, null, 0, 0, null, null, true);
    }

    /**
     * @param frames N, 1 or more: the N-th frame received from now on triggers the drop
     * @return a one-shot DROP_AFTER_N
     */
    public static FaultSpec dropAfterFrames(int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("frames must be 1 or more, got " + frames);
        }
        return new FaultSpec(Fault.DROP_AFTER_N, null, 0, null, null, frames, 0, null, null, true);
    }

    /**
     * @param closeCode a close code a server may send, 1000..4999
     * @param reason the close reason, at most 123 bytes of UTF-8
     * @return a one-shot CLOSE_WITH for the next frame of any action; see {@link #forAction(ActionId)}
     */
    public static FaultSpec closeWith(int closeCode, String reason) {
        Objects.requireNonNull(reason, "reason");
        if (closeCode < 1000 || closeCode > 4999) {
            throw new IllegalArgumentException("closeCode must be 1000..4999, got " + closeCode);
        }
        if (reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 123) {
            throw new IllegalArgumentException("reason must be at most 123 bytes of UTF-8");
        }
        return new FaultSpec(Fault.CLOSE_WITH, null, 0, null, null, 0, closeCode, reason, null, true);
    }

    /** @return a one-shot NO_PONG: the next client ping goes unanswered */
    public static FaultSpec noPong() {
        return new FaultSpec(Fault.NO_PONG, null, 0, null, null, 0, 0, null, null, true);
    }

    /**
     * @param action the action whose next request is delayed
     * @param delay how long, zero or more
     * @return a one-shot SLOW_ACK
     */
    public static FaultSpec slowAck(ActionId action, Duration delay) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must be zero or more, got " + delay);
        }
        return new FaultSpec(Fault.SLOW_ACK, action, 0, null, null, 0, 0, null, delay, true);
    }

    /**
     * @param action the action whose next request fails
     * @param status the status, 400..599
     * @param code the error {@code Code}, e.g. {@code RATE_LIMIT}
     * @param message the error {@code Message}
     * @return a one-shot ERROR_STATUS
     */
    public static FaultSpec errorStatus(ActionId action, int status, String code, String message) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 400..599, got " + status);
        }
        if (code.isBlank()) {
            throw new IllegalArgumentException("code must not be blank");
        }
        return new FaultSpec(Fault.ERROR_STATUS, action, status, code, message, 0, 0, null, null, true);
    }

    /** @return a copy that fires every time it matches, until the faults are cleared */
    public FaultSpec persistent() {
        return new FaultSpec(fault, action, status, code, message, frames, closeCode, reason, delay, false);
    }

    /**
     * @param actionId the only action the fault applies to
     * @return a copy limited to that action (meaningful for CLOSE_WITH, SLOW_ACK and ERROR_STATUS)
     * @throws IllegalArgumentException for a handshake, DROP_AFTER_N or NO_PONG fault, which have no action
     */
    public FaultSpec forAction(ActionId actionId) {
        Objects.requireNonNull(actionId, "actionId");
        if (fault != Fault.CLOSE_WITH && fault != Fault.SLOW_ACK && fault != Fault.ERROR_STATUS) {
            throw new IllegalArgumentException(fault + " does not apply to an action");
        }
        return new FaultSpec(fault, actionId, status, code, message, frames, closeCode, reason, delay, oneShot);
    }

    /**
     * @param candidate a request's action
     * @return true if this spec applies to it (its action is null or equal)
     */
    public boolean matches(ActionId candidate) {
        return action == null || action.equals(candidate);
    }
}
