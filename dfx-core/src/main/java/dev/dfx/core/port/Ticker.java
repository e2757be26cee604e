package dev.dfx.core.port;

/**
 * The monotonic time source (docs/style.md §4): every duration the engine measures (pacing, request timeouts, backoff,
 * heartbeats, token renewal) is a difference of two readings of a ticker, never of the wall clock, so an NTP step,
 * a VM restore or a kiosk without a battery clock cannot stall or hurry it. Wall-clock time
 * ({@link java.time.InstantSource}) is only for timestamps people read and for comparing with server times such as a
 * JWT {@code exp}. Implementations are thread-safe.
 */
@FunctionalInterface
public interface Ticker {

    /**
     * @return nanoseconds since an arbitrary fixed origin; only differences between two readings mean anything, and
     *         they never decrease
     */
    long nanoTime();

    /** @return the JVM's monotonic clock, {@link System#nanoTime()} */
    static Ticker system() {
        return System::nanoTime;
    }
}
