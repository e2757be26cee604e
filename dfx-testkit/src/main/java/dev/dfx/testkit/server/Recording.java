package dev.dfx.testkit.server;

/**
 * How much of the traffic a fake server keeps for {@code receivedFrames()}, {@code sentFrames()} and the timed takes.
 * Immutable. Tests want {@link #everything()} (the default of {@code FakeDfxServer.builder()}); a long load run wants
 * a bound, or its heap fills with frames nobody reads ({@code dfx serve} keeps {@code metadataOnly(1000)} by
 * default).
 *
 * <p>The bound is per direction: at most {@code maxFrames} received and {@code maxFrames} sent frames are kept, the
 * newest ones; older frames are forgotten, including ones not yet taken by {@code takeFrame}/{@code takeSentFrame}.
 * Without {@code keepBytes} each frame keeps its header fields, size and time, but not its bytes
 * ({@link RecordedFrame#bytesDropped()}).
 *
 * @param maxFrames frames kept per direction, 0 or more; {@link Integer#MAX_VALUE} means no bound; 0 keeps none
 * @param keepBytes true: frames keep their bytes; false: metadata only
 */
public record Recording(int maxFrames, boolean keepBytes) {

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if {@code maxFrames} is negative
     */
    public Recording {
        if (maxFrames < 0) {
            throw new IllegalArgumentException("maxFrames must be 0 or more (Integer.MAX_VALUE for no bound), got "
                    + maxFrames);
        }
    }

    /** @return every frame with its bytes, forever: exact, for tests (the builder's default) */
    public static Recording everything() {
        return new Recording(Integer.MAX_VALUE, true);
    }

    /**
     * @param maxFrames frames kept per direction, 0 or more
     * @return the newest {@code maxFrames} frames each way, with their bytes
     */
    public static Recording lastFrames(int maxFrames) {
        return new Recording(maxFrames, true);
    }

    /**
     * @param maxFrames frames kept per direction, 0 or more
     * @return the newest {@code maxFrames} frames each way, without their bytes
     */
    public static Recording metadataOnly(int maxFrames) {
        return new Recording(maxFrames, false);
    }

    /** @return true if frames are kept without a bound */
    public boolean unbounded() {
        return maxFrames == Integer.MAX_VALUE;
    }
}
