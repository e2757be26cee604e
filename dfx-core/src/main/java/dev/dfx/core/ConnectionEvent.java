package dev.dfx.core;

import dev.dfx.core.error.DfxException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What happened to a {@link DfxClient}'s connection, for apps that follow it (docs/style.md §4). Delivered to
 * {@link DfxClient#onConnectionEvent} listeners on the client's executor, in order.
 *
 * <p>A dropped connection that the {@link ReconnectPolicy} resumes reads: {@link Disconnected}, then
 * {@link RetryScheduled}(1, d1), and per failed attempt {@link RetryFailed}(n) and {@link RetryScheduled}(n+1); then
 * {@link Connected} once logged in again, or {@link GaveUp} after the last attempt or a refused login. Tokens never
 * appear in any event.
 */
public sealed interface ConnectionEvent {

    /**
     * The connection is {@link ConnectionState#READY}: open and authenticated.
     *
     * @param uri the server URI
     */
    record Connected(URI uri) implements ConnectionEvent {
        /** Validates. */
        public Connected {
            Objects.requireNonNull(uri, "uri");
        }
    }

    /**
     * The connection ended (once per connection, together with the {@link CloseEvent}).
     *
     * @param code the WebSocket close code
     * @param reason the close reason, possibly empty, never null
     * @param remote true if the server closed or dropped it
     */
    record Disconnected(int code, String reason, boolean remote) implements ConnectionEvent {
        /** Normalises a null reason to empty. */
        public Disconnected {
            reason = reason == null ? "" : reason;
        }
    }

    /**
     * A reconnect attempt is scheduled.
     *
     * @param attempt 1 for the first retry
     * @param delay the wait before it
     */
    record RetryScheduled(int attempt, Duration delay) implements ConnectionEvent {
        /** Validates. */
        public RetryScheduled {
            if (attempt < 1) {
                throw new IllegalArgumentException("attempt must be 1 or more, got " + attempt);
            }
            Objects.requireNonNull(delay, "delay");
        }
    }

    /**
     * A reconnect attempt failed.
     *
     * @param attempt the attempt's number
     * @param cause why it failed
     */
    record RetryFailed(int attempt, DfxException cause) implements ConnectionEvent {
        /** Validates. */
        public RetryFailed {
            if (attempt < 1) {
                throw new IllegalArgumentException("attempt must be 1 or more, got " + attempt);
            }
            Objects.requireNonNull(cause, "cause");
        }
    }

    /**
     * The reconnect policy stopped trying.
     *
     * @param cause the last failure
     */
    record GaveUp(DfxException cause) implements ConnectionEvent {
        /** Validates. */
        public GaveUp {
            Objects.requireNonNull(cause, "cause");
        }
    }
}
