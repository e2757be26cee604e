package dev.dfx.testkit.server.internal;

import dev.dfx.testkit.server.ResultScript;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deterministic fake results shaped like real ones (PROTOCOL.md §5.3): the same measurement id, chunk order,
 * finality and resolution always give the same body. Values are plausible and scaled by {@value #MULTIPLIER}.
 * Intermediate results carry only the early points ({@link #EARLY_POINTS}); the final one adds the later points
 * ({@link #LATE_POINTS}) and {@code StatusID: COMPLETE}. With {@code Resolution} 100 each point's {@code Data} is a
 * series of {@value #SERIES_LENGTH} values; with 0 it is one value.
 */
public final class SyntheticResults {
    /** The {@code Multiplier} of every result. */
    public static final int MULTIPLIER = 10000;
    /** Values per point at {@code Resolution} 100. */
    public static final int SERIES_LENGTH = 10;
    /** The points of every result (those of the 5 s intermediate results, §5.3), in order. */
    public static final List<String> EARLY_POINTS = List.of("SNR", "HR_BPM", "AGE", "HEIGHT", "WEIGHT", "BMI_CALC",
            "ABSI", "WAIST_CIRCUM", "WAIST_TO_HEIGHT");
    /** The points only the final result adds (those that first appear at 30 s, §5.3), in order. */
    public static final List<String> LATE_POINTS = List.of("BR_BPM", "HRV_SDNN", "BP_SYSTOLIC", "BP_DIASTOLIC",
            "BP_CVD", "MSI", "HEALTH_SCORE");

    /** Channel, lowest real value, span of real values (point id → …); a value is low + fraction × span. */
    private record Point(String channel, double low, double span, String note) {
    }

    private static final Map<String, Point> POINTS = Map.ofEntries(
            Map.entry("SNR", new Point("slow/toi4", 1.0, 9.0, null)),
            Map.entry("HR_BPM", new Point("slow/toi4", 60.0, 40.0, null)),
            Map.entry("AGE", new Point("physio-age/slow", 25.0, 40.0, "NOTE_USED_PRED_DEMOG")),
            Map.entry("HEIGHT", new Point("metadata/bmi", 155.0, 40.0, null)),
            Map.entry("WEIGHT", new Point("metadata/bmi", 50.0, 50.0, null)),
            Map.entry("BMI_CALC", new Point("metadata/bmi", 19.0, 10.0, null)),
            Map.entry("ABSI", new Point("waist", 7.0, 1.5, null)),
            Map.entry("WAIST_CIRCUM", new Point("waist", 70.0, 40.0, null)),
            Map.entry("WAIST_TO_HEIGHT", new Point("waist", 40.0, 20.0, null)),
            Map.entry("BR_BPM", new Point("breathing/rois", 12.0, 8.0, null)),
            Map.entry("HRV_SDNN", new Point("slow/toi4", 20.0, 60.0, null)),
            Map.entry("BP_SYSTOLIC", new Point("bloodpressure/slow", 105.0, 30.0, "NOTE_USED_PRED_DEMOG")),
            Map.entry("BP_DIASTOLIC", new Point("bloodpressure/slow", 65.0, 20.0, "NOTE_USED_PRED_DEMOG")),
            Map.entry("BP_CVD", new Point("cvd-risk", 1.0, 10.0, "NOTE_MISSING_MEDICAL_INFO")),
            Map.entry("MSI", new Point("health", 1.0, 4.0, null)),
            Map.entry("HEALTH_SCORE", new Point("health", 50.0, 50.0, null)));

    private SyntheticResults() {
    }

    /**
     * A result of resolution 0, unscripted.
     *
     * @param measurementId the measurement
     * @param chunkOrder the chunk the result is for
     * @param last true for the LAST::PROCESS chunk: a final result
     * @return the result body
     */
    public static Map<String, Object> result(String measurementId, int chunkOrder, boolean last) {
        return result(measurementId, chunkOrder, last, 0, null);
    }

    /**
     * @param measurementId the measurement
     * @param chunkOrder the chunk the result is for
     * @param last true for the LAST::PROCESS chunk: a final result
     * @param resolution 0 (one value per point) or 100 (a series)
     * @param script how to bend it, or null
     * @return the result body
     */
    public static Map<String, Object> result(String measurementId, int chunkOrder, boolean last, int resolution,
                                             ResultScript script) {
        int h = mix(measurementId.hashCode() * 31 + chunkOrder);
        List<String> ids = new ArrayList<>(EARLY_POINTS);
        if (last) {
            ids.addAll(LATE_POINTS);
        }
        String code = script == null ? "OK" : script.errorCode();
        boolean scaled = script == null || !script.omitMultiplier();
        Map<String, Object> channels = new LinkedHashMap<>();
        int salt = 0;
        for (String id : ids) {
            Point p = POINTS.get(id);
            salt++;
            if ("LIVENESS_ERROR".equals(code) && !"SNR".equals(id)) {
                continue; // §5.3: a LIVENESS_ERROR returns only SNR
            }
            if ("WORKER_ERROR".equals(code) || (script != null && script.errors().containsKey(id)
                    && "ANALYSIS_ERROR".equals(code))) {
                continue;
            }
            List<Long> data = new ArrayList<>();
            int n = resolution == 100 ? SERIES_LENGTH : 1;
            for (int i = 0; i < n; i++) {
                int v = mix(h + salt * 7919 + i * 104729);
                double real = p.low() + (v % 1000) / 1000.0 * p.span();
                if ("SNR".equals(id) && script != null && script.snr() != null) {
                    real = script.snr();
                }
                data.add(Math.round(scaled ? real * MULTIPLIER : real));
            }
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("Channel", p.channel());
            point.put("Data", data);
            if (p.note() != null) {
                point.put("Notes", List.of(p.note()));
            }
            channels.put(id, point);
        }
        Map<String, Object> errors = new LinkedHashMap<>();
        if (script != null) {
            script.errors().forEach((k, msgs) -> errors.put(k, Map.of("msgs", msgs)));
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("Code", code);
        error.put("Errors", errors);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("MeasurementID", measurementId);
        if (script == null || !script.omitMeasurementDataId()) {
            body.put("MeasurementDataID", measurementId + ":" + chunkOrder);
        }
        body.put("MeasurementResultID", "result-" + Integer.toHexString(h) + "-" + chunkOrder);
        if (scaled) {
            body.put("Multiplier", MULTIPLIER);
        }
        if (script == null || !script.omitChannels()) {
            body.put("Channels", channels);
        }
        body.put("Error", error);
        if (last) {
            body.put("StatusID", "WORKER_ERROR".equals(code) ? "ERROR" : "COMPLETE");
        }
        return body;
    }

    /**
     * The stored record of a measurement as REST Measurements.Retrieve ({@code 0500}) returns it (PROTOCOL.md §5.4):
     * {@code {"ID","StatusID","Results":{pointId:[{"Data":[..],"Multiplier":10000,"Notes":[..]}]}}}. When
     * {@code finalOrder} is given, {@code Results} hold the same points and values as the unscripted final result
     * pushed for that LAST chunk; otherwise they are empty.
     *
     * @param measurementId the measurement
     * @param statusId {@code CAPTURING}, {@code PROCESSING} or {@code COMPLETE}
     * @param finalOrder the LAST::PROCESS chunk's order whose final result is stored, or -1 for none
     * @param resolution the measurement's resolution
     * @return the body
     */
    public static Map<String, Object> retrieved(String measurementId, String statusId, int finalOrder,
                                                int resolution) {
        Map<String, Object> results = new LinkedHashMap<>();
        if (finalOrder >= 0) {
            Map<String, Object> fin = result(measurementId, finalOrder, true, resolution, null);
            Object multiplier = fin.get("Multiplier");
            Map<?, ?> channels = (Map<?, ?>) fin.get("Channels");
            channels.forEach((pointId, value) -> {
                Map<?, ?> c = (Map<?, ?>) value;
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("Data", c.get("Data"));
                entry.put("Multiplier", multiplier);
                Object notes = c.get("Notes");
                entry.put("Notes", notes == null ? List.of() : notes);
                results.put((String) pointId, List.of(entry));
            });
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ID", measurementId);
        body.put("StatusID", statusId);
        body.put("Results", results);
        return body;
    }

    private static int mix(int x) {
        x ^= x >>> 16;
        x *= 0x7feb352d;
        x ^= x >>> 15;
        x *= 0x846ca68b;
        x ^= x >>> 16;
        return x & Integer.MAX_VALUE;
    }
}
