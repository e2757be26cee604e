package dev.dfx.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DfxClient} reconnects after it lost a connection it did not close itself (STYLE.md §6, PROTOCOL.md
 * §6.3): exponential backoff with jitter, a cap on the delay and a maximum number of attempts.
 *
 * <p>Attempt {@code n} (1-based) waits {@code min(initialDelay × multiplier^(n-1), maxDelay)}, spread by the jitter
 * ratio {@code j} to a uniformly drawn value in {@code [base × (1 - j), base × (1 + j)]} and then capped again at
 * {@code maxDelay}. After {@code maxAttempts} failed attempts the client gives up
 * ({@link ConnectionEvent.GaveUp}). Attempts count from the last connection that proved healthy (it carried an
 * acked chunk or stayed up 30 s): a connection that logs in and drops at once does not reset them (issue 12). The
 * same curve (without the attempt limit) paces the bounded retries of a
 * request answered with a {@code 5xx} status (PROTOCOL.md §6.3: at most three).
 *
 * <p>{@link #defaults()}: 0.5 s initial, ×2, 10 s cap, 20 % jitter, 8 attempts (about 0.5 + 1 + 2 + 4 + 8 + 10 + 10
 * + 10 s, so a kiosk rides out roughly 45 s of lost Wi-Fi). {@link #none()} never reconnects.
 *
 * @param initialDelay the wait before the first attempt; positive
 * @param multiplier growth per attempt; 1.0 or more
 * @param maxDelay the cap on any wait; not less than initialDelay
 * @param jitter the spread ratio, in [0, 1]
 * @param maxAttempts attempts before giving up; 0 means never reconnect
 */
public record ReconnectPolicy(Duration initialDelay, double multiplier, Duration maxDelay, double jitter,
                              int maxAttempts) {

    /** Validates; every bad field is named. */
    public ReconnectPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("initialDelay must be positive, got " + initialDelay);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number of 1.0 or more, got " + multiplier);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must not be less than initialDelay (" + initialDelay
                    + "), got " + maxDelay);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be in [0, 1], got " + jitter);
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must be 0 or more, got " + maxAttempts);
        }
    }

    /** @return 0.5 s initial delay, ×2, 10 s cap, 20 % jitter, 8 attempts */
    public static ReconnectPolicy defaults() {
        return new ReconnectPolicy(Duration.ofMillis(500), 2.0, Duration.ofSeconds(10), 0.2, 8);
    }

    /** @return a policy that never reconnects (the defaults' curve, for 5xx retries, with 0 attempts) */
    public static ReconnectPolicy none() {
        return new ReconnectPolicy(Duration.ofMillis(500), 2.0, Duration.ofSeconds(10), 0.2, 0);
    }

    /** @return true if the client reconnects at all */
    public boolean enabled() {
        return maxAttempts > 0;
    }

    /**
     * @param value the new attempt limit
     * @return a copy with that limit
     */
    public ReconnectPolicy withMaxAttempts(int value) {
        return new ReconnectPolicy(initialDelay, multiplier, maxDelay, jitter, value);
    }

    /**
     * The undithered delay of attempt {@code n}: {@code min(initialDelay × multiplier^(n-1), maxDelay)}.
     *
     * @param attempt 1 or more
     * @return the base delay
     * @throws IllegalArgumentException if attempt is less than 1
     */
    public Duration baseDelay(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be 1 or more, got " + attempt);
        }
        double nanos = initialDelay.toNanos() * Math.pow(multiplier, attempt - 1);
        long cap = maxDelay.toNanos();
        return Duration.ofNanos(nanos >= cap ? cap : (long) nanos);
    }

    /**
     * The delay of attempt {@code n} with jitter.
     *
     * @param attempt 1 or more
     * @param uniform a uniformly drawn number in [0, 1) (the caller's randomness, so tests can fix it)
     * @return {@code base × (1 - jitter + 2 × jitter × uniform)}, capped at maxDelay
     * @throws IllegalArgumentException if attempt is less than 1 or uniform is outside [0, 1]
     */
    public Duration delay(int attempt, double uniform) {
        if (!(uniform >= 0.0 && uniform <= 1.0)) {
            throw new IllegalArgumentException("uniform must be in [0, 1], got " + uniform);
        }
        long base = baseDelay(attempt).toNanos();
        double spread = base * (1.0 - jitter + 2.0 * jitter * uniform);
        long cap = maxDelay.toNanos();
        return Duration.ofNanos(spread >= cap ? cap : Math.max(0L, (long) spread));
    }
}
