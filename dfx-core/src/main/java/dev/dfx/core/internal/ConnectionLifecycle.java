package dev.dfx.core.internal;

import dev.dfx.core.ConnectionState;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The connection life cycle as an explicit transition table, states × triggers (STYLE.md §4, issue 12). The engine
 * changes {@link ConnectionState} only through {@link #next}; a pair missing from the table is a bug in the engine,
 * never a silent state change. The same table is printed in {@link ConnectionState}'s Javadoc.
 *
 * <pre>
 * state \ trigger | CONNECT    OPENED         LOGGED_IN  OPEN_FAILED  DROPPED   DROPPED_RESUMABLE  RETRY_DUE   ATTEMPT_FAILED  GIVE_UP  DISCONNECT  CLOSED
 * NEW             | CONNECTING -              -          -            -         -                  -           -               -        NEW         -
 * CONNECTING      | (refused)  AUTHENTICATING READY      FAILED       -         -                  -           RECONNECTING    FAILED   CLOSING     -
 * AUTHENTICATING  | (refused)  -              READY      FAILED       -         -                  -           RECONNECTING    FAILED   CLOSING     -
 * READY           | (refused)  -              -          -            CLOSED    RECONNECTING       -           -               -        CLOSING     -
 * RECONNECTING    | (refused)  -              -          -            -         -                  CONNECTING  RECONNECTING    FAILED   CLOSED      -
 * CLOSING         | (refused)  -              -          -            CLOSED    -                  -           -               -        CLOSING     CLOSED
 * CLOSED          | CONNECTING -              -          -            -         -                  -           -               -        CLOSED      CLOSED
 * FAILED          | CONNECTING -              -          -            -         -                  -           -               -        FAILED      FAILED
 * </pre>
 * "(refused)": {@code connect()} fails with {@link IllegalStateException} and the state stays. "-": no such event
 * can reach the engine in that state (the engine checks the session first), and {@link #next} answers empty.
 */
public final class ConnectionLifecycle {

    /** What moves the state. */
    public enum Trigger {
        /** The app called {@code connect()}. */
        CONNECT,
        /** The socket opened and the in-band login ({@code 0718}) was sent (PROTOCOL.md §1.3 A). */
        OPENED,
        /** The login was answered 200, or the socket opened with header auth (§1.3 B). */
        LOGGED_IN,
        /** The app's own connect failed before READY: refused, timed out, login refused, socket lost. */
        OPEN_FAILED,
        /** A READY connection ended and no reconnect follows (policy off, or after a close the app asked for). */
        DROPPED,
        /** A READY connection ended unexpectedly and the reconnect policy resumes it (§6.3). */
        DROPPED_RESUMABLE,
        /** The reconnect backoff elapsed: the next attempt opens a socket. */
        RETRY_DUE,
        /** A reconnect attempt failed before READY and another attempt is scheduled. */
        ATTEMPT_FAILED,
        /** The reconnect policy stops: attempts used up, or the login refused for good. */
        GIVE_UP,
        /** The app called {@code disconnect()} or {@code close()}. */
        DISCONNECT,
        /** The socket closed after the close handshake (or its bounded wait) that DISCONNECT started. */
        CLOSED
    }

    private static final Map<ConnectionState, Map<Trigger, ConnectionState>> TABLE = build();

    private ConnectionLifecycle() {
    }

    private static Map<ConnectionState, Map<Trigger, ConnectionState>> build() {
        Map<ConnectionState, Map<Trigger, ConnectionState>> t = new EnumMap<>(ConnectionState.class);
        for (ConnectionState s : ConnectionState.values()) {
            t.put(s, new EnumMap<>(Trigger.class));
        }
        put(t, ConnectionState.NEW, Trigger.CONNECT, ConnectionState.CONNECTING);
        put(t, ConnectionState.NEW, Trigger.DISCONNECT, ConnectionState.NEW);

        for (ConnectionState opening : new ConnectionState[] {ConnectionState.CONNECTING,
                ConnectionState.AUTHENTICATING}) {
            put(t, opening, Trigger.LOGGED_IN, ConnectionState.READY);
            put(t, opening, Trigger.OPEN_FAILED, ConnectionState.FAILED);
            put(t, opening, Trigger.ATTEMPT_FAILED, ConnectionState.RECONNECTING);
            put(t, opening, Trigger.GIVE_UP, ConnectionState.FAILED);
            put(t, opening, Trigger.DISCONNECT, ConnectionState.CLOSING);
        }
        put(t, ConnectionState.CONNECTING, Trigger.OPENED, ConnectionState.AUTHENTICATING);

        put(t, ConnectionState.READY, Trigger.DROPPED, ConnectionState.CLOSED);
        put(t, ConnectionState.READY, Trigger.DROPPED_RESUMABLE, ConnectionState.RECONNECTING);
        put(t, ConnectionState.READY, Trigger.DISCONNECT, ConnectionState.CLOSING);

        put(t, ConnectionState.RECONNECTING, Trigger.RETRY_DUE, ConnectionState.CONNECTING);
        put(t, ConnectionState.RECONNECTING, Trigger.ATTEMPT_FAILED, ConnectionState.RECONNECTING);
        put(t, ConnectionState.RECONNECTING, Trigger.GIVE_UP, ConnectionState.FAILED);
        put(t, ConnectionState.RECONNECTING, Trigger.DISCONNECT, ConnectionState.CLOSED);

        put(t, ConnectionState.CLOSING, Trigger.DROPPED, ConnectionState.CLOSED);
        put(t, ConnectionState.CLOSING, Trigger.DISCONNECT, ConnectionState.CLOSING);
        put(t, ConnectionState.CLOSING, Trigger.CLOSED, ConnectionState.CLOSED);

        for (ConnectionState end : new ConnectionState[] {ConnectionState.CLOSED, ConnectionState.FAILED}) {
            put(t, end, Trigger.CONNECT, ConnectionState.CONNECTING);
            put(t, end, Trigger.DISCONNECT, end);
            put(t, end, Trigger.CLOSED, end);
        }
        Map<ConnectionState, Map<Trigger, ConnectionState>> out = new EnumMap<>(ConnectionState.class);
        t.forEach((k, v) -> out.put(k, Collections.unmodifiableMap(v)));
        return Collections.unmodifiableMap(out);
    }

    private static void put(Map<ConnectionState, Map<Trigger, ConnectionState>> t, ConnectionState from,
                            Trigger trigger, ConnectionState to) {
        t.get(from).put(trigger, to);
    }

    /**
     * @param from the current state
     * @param trigger what happened
     * @return the next state, or empty if the table has no such transition
     */
    public static Optional<ConnectionState> next(ConnectionState from, Trigger trigger) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(trigger, "trigger");
        return Optional.ofNullable(TABLE.get(from).get(trigger));
    }

    /** @return the whole table, read-only, for tests and documentation */
    public static Map<ConnectionState, Map<Trigger, ConnectionState>> table() {
        return TABLE;
    }
}
