package dev.dfx.core.measurement;

import dev.dfx.core.port.Ticker;
import java.time.Duration;
import java.util.Objects;

/**
 * The real-time rule of PROTOCOL.md §4.3 as a pure calculator: never more chunk-seconds sent than real time elapsed
 * since the first chunk, plus a burst. It never sleeps; {@link #delayFor} says how long to wait. Not thread-safe.
 *
 * <p>The first chunk starts the clock and may always go (its data was captured before it was sent; the server, too,
 * measures from the first chunk it receives). After it, a chunk of duration {@code d} may go at time {@code t} when
 * {@code sent + d <= (t - t0) + burst}.
 *
 * <p>Time is read from a monotonic {@link Ticker} (STYLE.md §4, issue 12): a wall clock stepped back by NTP must not
 * stall the next chunk, nor a step forward let a burst through.
 */
public final class RateLimiter {
    private final Ticker ticker;
    private final long burstNanos;
    private boolean started;
    private long startNanos;
    private long sentNanos;

    /**
     * @param ticker the monotonic time source
     * @param burst how far ahead of real time the chunks may run, zero or more
     */
    public RateLimiter(Ticker ticker, Duration burst) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
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
        if (!started) {
            return Duration.ZERO;
        }
        long elapsed = ticker.nanoTime() - startNanos;
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
        if (!started) {
            started = true;
            startNanos = ticker.nanoTime();
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
