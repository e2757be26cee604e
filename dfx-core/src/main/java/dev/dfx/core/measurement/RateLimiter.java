package dev.dfx.core.measurement;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The real-time rule of docs/protocol.md §4.3 as a pure calculator: never more chunk-seconds sent than real time elapsed
 * since the first chunk, plus a burst. It never sleeps; {@link #delayFor} says how long to wait. Not thread-safe.
 *
 * <p>The first chunk starts the clock and may always go (its data was captured before it was sent; the server, too,
 * measures from the first chunk it receives). After it, a chunk of duration {@code d} may go at time {@code t} when
 * {@code sent + d <= (t - t0) + burst}.
 */
public final class RateLimiter {
    private final InstantSource clock;
    private final long burstNanos;
    private Instant start;
    private long sentNanos;

    /**
     * @param clock the time source
     * @param burst how far ahead of real time the chunks may run, zero or more
     */
    public RateLimiter(InstantSource clock, Duration burst) {
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(burst, "burst");
        if (burst.isNegative()) {
            throw new IllegalArgumentException("burst must be zero or more, got " + burst);
        }
        this.burstNanos = burst.toNanos();
    }

    /**
     * @param chunkDuration the next chunk's duration
     * @return how long to wait before sending it; zero if it may go now
     */
    public Duration delayFor(Duration chunkDuration) {
        long d = checkDuration(chunkDuration);
        if (start == null) {
            return Duration.ZERO;
        }
        long elapsed = Duration.between(start, clock.instant()).toNanos();
        long wait = sentNanos + d - burstNanos - elapsed;
        return wait > 0 ? Duration.ofNanos(wait) : Duration.ZERO;
    }

    /**
     * Records a chunk as sent; the first call starts the clock.
     *
     * @param chunkDuration the chunk's duration
     */
    public void recordSent(Duration chunkDuration) {
        long d = checkDuration(chunkDuration);
        if (start == null) {
            start = clock.instant();
        }
        sentNanos += d;
    }

    /** @return the chunk-seconds recorded so far */
    public Duration sent() {
        return Duration.ofNanos(sentNanos);
    }

    private static long checkDuration(Duration d) {
        Objects.requireNonNull(d, "chunkDuration");
        if (d.isNegative()) {
            throw new IllegalArgumentException("chunkDuration must be zero or more, got " + d);
        }
        return d.toNanos();
    }
}
