package dev.dfx.testkit.server;

import java.time.Duration;
import java.util.Objects;

/**
 * A snapshot of one measurement on the fake server (docs/protocol.md §4), for assertions. Immutable.
 *
 * @param measurementId the measurement id
 * @param started true once an opening chunk was accepted
 * @param closed true after a LAST chunk was accepted and before the next FIRST
 * @param chunksAccepted chunks accepted since the last opening chunk
 * @param nextChunkOrder the ChunkOrder the server expects next (0 before the opener)
 * @param totalDuration the sum of accepted chunk durations since the opener
 * @param subscriptions live subscriptions on the measurement
 * @param resultsSent result messages pushed so far (one per subscription per PROCESS chunk)
 */
public record MeasurementState(String measurementId, boolean started, boolean closed, int chunksAccepted,
                               int nextChunkOrder, Duration totalDuration, int subscriptions, long resultsSent) {
    /** Validates. */
    public MeasurementState {
        Objects.requireNonNull(measurementId, "measurementId");
        Objects.requireNonNull(totalDuration, "totalDuration");
    }
}
