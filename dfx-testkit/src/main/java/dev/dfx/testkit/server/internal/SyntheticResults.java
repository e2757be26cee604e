package dev.dfx.testkit.server.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deterministic fake results (docs/protocol.md §5.3): the same measurement id and chunk order always give the same body.
 * Values are plausible, scaled by {@value #MULTIPLIER}: HR 60.0..99.9 bpm, SNR 1.00..9.99, BR 12.0..19.9 bpm; the
 * final result adds MSI 1.0..4.9 and BP_SYSTOLIC 105.0..134.9 (with a note) and {@code StatusID: COMPLETE}.
 */
public final class SyntheticResults {
    /** The {@code Multiplier} of every result. */
    public static final int MULTIPLIER = 10000;

    private SyntheticResults() {
    }

    /**
     * @param measurementId the measurement
     * @param chunkOrder the chunk the result is for
     * @param last true for the LAST::PROCESS chunk: a final result
     * @return the result body
     */
    public static Map<String, Object> result(String measurementId, int chunkOrder, boolean last) {
        int h = mix(measurementId.hashCode() * 31 + chunkOrder);
        Map<String, Object> channels = new LinkedHashMap<>();
        channels.put("HR_BPM", point("slow/toi4", 600_000L + (h % 400) * 1000L, null));
        channels.put("SNR", point("slow/toi4", 10_000L + ((h >>> 9) % 900) * 100L, null));
        channels.put("BR_BPM", point("slow/toi4", 120_000L + ((h >>> 18) % 80) * 1000L, null));
        if (last) {
            channels.put("MSI", point("health", 10_000L + ((h >>> 3) % 40) * 1000L, null));
            channels.put("BP_SYSTOLIC", point("bloodpressure/slow", 1_050_000L + ((h >>> 5) % 300) * 1000L,
                    "NOTE_USED_PRED_DEMOG"));
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("Code", "OK");
        error.put("Errors", Map.of());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("MeasurementID", measurementId);
        body.put("MeasurementDataID", measurementId + ":" + chunkOrder);
        body.put("MeasurementResultID", "result-" + Integer.toHexString(h) + "-" + chunkOrder);
        body.put("Multiplier", MULTIPLIER);
        body.put("Channels", channels);
        body.put("Error", error);
        if (last) {
            body.put("StatusID", "COMPLETE");
        }
        return body;
    }

    /**
     * The stored record of a measurement as REST Measurements.Retrieve ({@code 0500}) returns it (docs/protocol.md §5.4):
     * {@code {"ID","StatusID","Results":{pointId:[{"Data":[..],"Multiplier":10000,"Notes":[..]}]}}}. When
     * {@code finalOrder} is given, {@code Results} hold the same points and values as the final result pushed for that
     * LAST chunk ({@link #result(String, int, boolean)}); otherwise they are empty.
     *
     * @param measurementId the measurement
     * @param statusId {@code CAPTURING}, {@code PROCESSING} or {@code COMPLETE}
     * @param finalOrder the LAST::PROCESS chunk's order whose final result is stored, or -1 for none
     * @return the body
     */
    public static Map<String, Object> retrieved(String measurementId, String statusId, int finalOrder) {
        Map<String, Object> results = new LinkedHashMap<>();
        if (finalOrder >= 0) {
            Map<String, Object> fin = result(measurementId, finalOrder, true);
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

    private static Map<String, Object> point(String channel, long value, String note) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Channel", channel);
        p.put("Data", List.of(value));
        if (note != null) {
            p.put("Notes", List.of(note));
        }
        return p;
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
