package dev.dfx.testkit.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the fake server bends one synthetic result so that it looks like the unusual results real servers send
 * (PROTOCOL.md §5.3): an SNR sentinel, a {@code LIVENESS_ERROR}, an {@code ANALYSIS_ERROR} with messages per point, a
 * {@code WORKER_ERROR}, or a result without {@code Multiplier}, {@code MeasurementDataID} or {@code Channels}.
 * Armed with {@code FakeDfxServer#scriptResult}. Immutable; the {@code with…} methods return new scripts, so effects
 * combine, e.g. {@code ResultScript.snr(-90).withoutMultiplier()}.
 *
 * @param snr the real SNR value to report ({@code Data = snr × Multiplier}, or {@code snr} itself without a
 *     multiplier), e.g. a sentinel −100, −90 or −91; or null to keep the synthetic SNR
 * @param errorCode the result's {@code Error.Code}: {@code OK}, {@code LIVENESS_ERROR}, {@code ANALYSIS_ERROR} or
 *     {@code WORKER_ERROR}
 * @param errors per point id, the messages of {@code Error.Errors} ({@code {key:{"msgs":[…]}}}); for
 *     {@code ANALYSIS_ERROR} these points are also left out of {@code Channels}
 * @param omitMultiplier true: no {@code Multiplier} field (a client takes 1)
 * @param omitMeasurementDataId true: no {@code MeasurementDataID} field
 * @param omitChannels true: no {@code Channels} field
 */
public record ResultScript(Integer snr, String errorCode, Map<String, List<String>> errors, boolean omitMultiplier,
                           boolean omitMeasurementDataId, boolean omitChannels) {
    /** The sentinel of a whole-measurement SNR too low (PROTOCOL.md §5.3). */
    public static final int SNR_TOO_LOW = -100;
    /** The face-tracker liveness sentinel (PROTOCOL.md §5.3). */
    public static final int SNR_FACE_TRACKER_LIVENESS = -90;
    /** The TOI liveness sentinel (PROTOCOL.md §5.3). */
    public static final int SNR_TOI_LIVENESS = -91;

    /** Validates and copies. */
    public ResultScript {
        Objects.requireNonNull(errorCode, "errorCode");
        if (!List.of("OK", "LIVENESS_ERROR", "ANALYSIS_ERROR", "WORKER_ERROR").contains(errorCode)) {
            throw new IllegalArgumentException("errorCode must be OK, LIVENESS_ERROR, ANALYSIS_ERROR or WORKER_ERROR, "
                    + "got " + errorCode);
        }
        Objects.requireNonNull(errors, "errors");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        errors.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "errors key"), List.copyOf(v)));
        errors = java.util.Collections.unmodifiableMap(copy);
    }

    /** @return a script that changes nothing (a normal {@code OK} result) */
    public static ResultScript ok() {
        return new ResultScript(null, "OK", Map.of(), false, false, false);
    }

    /**
     * @param value the real SNR value to report, e.g. {@link #SNR_TOO_LOW}
     * @return an {@code OK} result whose {@code SNR} is that value
     */
    public static ResultScript snr(int value) {
        return new ResultScript(value, "OK", Map.of(), false, false, false);
    }

    /** @return a {@code LIVENESS_ERROR} result: only {@code SNR}, at −100 (PROTOCOL.md §5.3) */
    public static ResultScript livenessError() {
        return new ResultScript(SNR_TOO_LOW, "LIVENESS_ERROR", Map.of(), false, false, false);
    }

    /**
     * @param messages per failed point id, its messages (at least one point)
     * @return an {@code ANALYSIS_ERROR} result: those points are missing from {@code Channels} and listed in
     *     {@code Error.Errors}
     */
    public static ResultScript analysisError(Map<String, List<String>> messages) {
        if (Objects.requireNonNull(messages, "messages").isEmpty()) {
            throw new IllegalArgumentException("messages must name at least one point");
        }
        return new ResultScript(null, "ANALYSIS_ERROR", messages, false, false, false);
    }

    /** @return a {@code WORKER_ERROR} result: no points ({@code Channels} is empty) */
    public static ResultScript workerError() {
        return new ResultScript(null, "WORKER_ERROR", Map.of(), false, false, false);
    }

    /** @return this script, and the result has no {@code Multiplier} */
    public ResultScript withoutMultiplier() {
        return new ResultScript(snr, errorCode, errors, true, omitMeasurementDataId, omitChannels);
    }

    /** @return this script, and the result has no {@code MeasurementDataID} */
    public ResultScript withoutMeasurementDataId() {
        return new ResultScript(snr, errorCode, errors, omitMultiplier, true, omitChannels);
    }

    /** @return this script, and the result has no {@code Channels} */
    public ResultScript withoutChannels() {
        return new ResultScript(snr, errorCode, errors, omitMultiplier, omitMeasurementDataId, true);
    }
}
