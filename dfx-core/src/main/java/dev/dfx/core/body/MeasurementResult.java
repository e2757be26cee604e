package dev.dfx.core.body;

import java.util.Map;
import java.util.OptionalInt;

/**
 * A result pushed on a subscription (docs/protocol.md §5.3). Every field may be missing on the wire; a missing string is
 * empty here, a missing multiplier is 0, a missing status is null.
 *
 * @param measurementId {@code MeasurementID}
 * @param measurementDataId {@code MeasurementDataID}, {@code <MeasurementID>:<ChunkOrder>}
 * @param measurementResultId {@code MeasurementResultID}
 * @param multiplier {@code Multiplier}: real value = data / multiplier; 0 if absent, which means 1 (see
 *     {@link #effectiveMultiplier()})
 * @param channels {@code Channels}: point id to channel
 * @param error {@code Error}
 * @param statusId {@code StatusID} ({@code COMPLETE}, {@code PARTIAL}, {@code ERROR}) on the final result only,
 *     else null
 */
public record MeasurementResult(String measurementId, String measurementDataId, String measurementResultId,
                                long multiplier, Map<String, SignalChannel> channels, ResultError error,
                                String statusId) {
    /** Normalises nulls and copies. */
    public MeasurementResult {
        measurementId = measurementId == null ? "" : measurementId;
        measurementDataId = measurementDataId == null ? "" : measurementDataId;
        measurementResultId = measurementResultId == null ? "" : measurementResultId;
        channels = channels == null ? Map.of() : Map.copyOf(channels);
        error = error == null ? new ResultError(null, null) : error;
    }

    /**
     * @return the chunk index: the digits after the last {@code ':'} of {@link #measurementDataId()}, or empty if
     *     there are none (docs/protocol.md §5.3)
     */
    public OptionalInt chunkOrder() {
        int colon = measurementDataId.lastIndexOf(':');
        String tail = measurementDataId.substring(colon + 1);
        if (tail.isEmpty() || tail.length() > 9) {
            return OptionalInt.empty();
        }
        for (int i = 0; i < tail.length(); i++) {
            if (tail.charAt(i) < '0' || tail.charAt(i) > '9') {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.of(Integer.parseInt(tail));
    }

    /** @return true if the result carries a {@code StatusID}: the final result (docs/protocol.md §5.5 (b)) */
    public boolean isFinal() {
        return statusId != null;
    }

    /**
     * The multiplier to divide {@code Data} by: {@link #multiplier()}, or 1 when it is absent (0 here). docs/protocol.md
     * §5.3: the C++ client takes {@code Multiplier} = 1 when absent.
     *
     * @return the multiplier, never 0
     */
    public long effectiveMultiplier() {
        return multiplier == 0 ? 1 : multiplier;
    }

    /**
     * The point's first value divided by {@link #effectiveMultiplier()} (docs/protocol.md §5.3). For every value of a
     * series, its mean and median, and the point's name and unit, use
     * {@link dev.dfx.core.result.ResultReadings#of(MeasurementResult)}.
     *
     * @param pointId e.g. {@code HR_BPM}
     * @return the point's first value divided by the multiplier (1 when absent), or NaN if the point is missing or
     *     has no data
     */
    public double value(String pointId) {
        SignalChannel c = channels.get(pointId);
        if (c == null || c.data().isEmpty()) {
            return Double.NaN;
        }
        return c.data().get(0) / (double) effectiveMultiplier();
    }
}
