package dev.dfx.core.result;

import java.util.Optional;

/**
 * The special values a result's {@code SNR} point can carry instead of a ratio (docs/protocol.md §5.3). All are below the
 * 0.5 threshold, so {@link SnrQualityGate} counts them as a low SNR; this type only names them.
 */
public enum SnrSentinel {
    /** {@code -100}: the whole measurement's SNR is too low (sent with {@code LIVENESS_ERROR}, §5.3). */
    WHOLE_MEASUREMENT_TOO_LOW(-100),
    /** {@code -90}: a liveness marker, the face tracker's (§5.3 lists −90 and −91 as face tracker, TOI). */
    FACE_TRACKER_LIVENESS(-90),
    /** {@code -91}: a liveness marker, the TOI signal's (§5.3). */
    TOI_LIVENESS(-91);

    private final int value;

    SnrSentinel(int value) {
        this.value = value;
    }

    /** @return the sentinel's value, e.g. −100 */
    public int value() {
        return value;
    }

    /**
     * @param snr an SNR value
     * @return the sentinel with exactly that value, or empty for an ordinary ratio (NaN included)
     */
    public static Optional<SnrSentinel> of(double snr) {
        for (SnrSentinel s : values()) {
            if (snr == s.value) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
