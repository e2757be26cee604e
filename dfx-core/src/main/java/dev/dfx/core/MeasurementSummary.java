package dev.dfx.core;

import dev.dfx.core.body.MeasurementResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a completed measurement ({@link MeasurementStream#completion()}). Immutable.
 *
 * @param measurementId the measurement
 * @param chunksAcked chunks the server acknowledged
 * @param results every result received, in arrival order
 * @param finalResult the result that completed the stream (docs/protocol.md §5.5: one with {@code StatusID}, the LAST
 *     chunk's result, or a {@code WORKER_ERROR} result); empty when a {@code LAST::IGNORE} ack completed it
 */
public record MeasurementSummary(String measurementId, int chunksAcked, List<MeasurementResult> results,
                                 Optional<MeasurementResult> finalResult) {
    /** Validates and copies. */
    public MeasurementSummary {
        Objects.requireNonNull(measurementId, "measurementId");
        if (chunksAcked < 0) {
            throw new IllegalArgumentException("chunksAcked must be 0 or more, got " + chunksAcked);
        }
        results = List.copyOf(Objects.requireNonNull(results, "results"));
        Objects.requireNonNull(finalResult, "finalResult");
    }
}
