package dev.dfx.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-measurement knobs for {@link DfxClient#startMeasurement(String, int, MeasurementOptions)}. Immutable.
 * {@link #from(DfxClientConfig)} takes the client-wide defaults.
 *
 * @param realTimePacing true to hold each chunk until real time allows it (docs/protocol.md §4.3)
 * @param pacingBurst how far chunk-seconds may run ahead of real time, zero or more
 * @param resultTimeout wait for the completing result after the LAST chunk's ack (§5.5), positive
 */
public record MeasurementOptions(boolean realTimePacing, Duration pacingBurst, Duration resultTimeout) {

    /** Validates. */
    public MeasurementOptions {
        Objects.requireNonNull(pacingBurst, "pacingBurst");
        Objects.requireNonNull(resultTimeout, "resultTimeout");
        if (pacingBurst.isNegative()) {
            throw new IllegalArgumentException("pacingBurst must be zero or more, got " + pacingBurst);
        }
        if (resultTimeout.isNegative() || resultTimeout.isZero()) {
            throw new IllegalArgumentException("resultTimeout must be positive, got " + resultTimeout);
        }
    }

    /**
     * @param config the client configuration
     * @return its {@code realTimePacing}, {@code pacingBurst} and {@code resultTimeout}
     */
    public static MeasurementOptions from(DfxClientConfig config) {
        Objects.requireNonNull(config, "config");
        return new MeasurementOptions(config.realTimePacing(), config.pacingBurst(), config.resultTimeout());
    }

    /** @param value pace by real time or not @return a copy with that setting */
    public MeasurementOptions withRealTimePacing(boolean value) {
        return new MeasurementOptions(value, pacingBurst, resultTimeout);
    }

    /** @param value zero or more @return a copy with that burst */
    public MeasurementOptions withPacingBurst(Duration value) {
        return new MeasurementOptions(realTimePacing, value, resultTimeout);
    }

    /** @param value positive @return a copy with that result timeout */
    public MeasurementOptions withResultTimeout(Duration value) {
        return new MeasurementOptions(realTimePacing, pacingBurst, value);
    }
}
