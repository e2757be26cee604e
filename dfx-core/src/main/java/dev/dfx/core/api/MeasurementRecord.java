package dev.dfx.core.api;

import dev.dfx.core.internal.Tree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answer to {@code 0500} Measurements.Retrieve: the stored record in the REST shape of docs/protocol.md §5.4,
 * {@code {ID, StatusID, StudyID?, Created?, Results: {pointId: [{Data, Multiplier, Notes?}]} | null, SignalNames,
 * SignalUnits, SignalDescriptions}}. Not the shape of a streamed result (§5.3).
 *
 * @param id {@code ID}; empty if absent
 * @param statusId {@code StatusID} as sent; empty if absent
 * @param studyId {@code StudyID}; empty if absent
 * @param created {@code Created} (epoch seconds on the wire), or null
 * @param results {@code Results}: point id to value sets; null when the server sent none (e.g. still capturing)
 * @param signalNames {@code SignalNames}: point id to name; empty if absent
 * @param signalUnits {@code SignalUnits}; empty if absent
 * @param signalDescriptions {@code SignalDescriptions}; empty if absent
 */
public record MeasurementRecord(String id, String statusId, String studyId, Instant created,
                                Map<String, List<ResultPoint>> results, Map<String, String> signalNames,
                                Map<String, String> signalUnits, Map<String, String> signalDescriptions) {
    /** Normalises and copies. */
    public MeasurementRecord {
        id = id == null ? "" : id;
        statusId = statusId == null ? "" : statusId;
        studyId = studyId == null ? "" : studyId;
        if (results != null) {
            Map<String, List<ResultPoint>> copy = new LinkedHashMap<>();
            results.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            results = Collections.unmodifiableMap(copy);
        }
        signalNames = signalNames == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(signalNames));
        signalUnits = signalUnits == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(signalUnits));
        signalDescriptions = signalDescriptions == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(signalDescriptions));
    }

    /** @return the parsed status ({@link MeasurementStatus#UNKNOWN} for an unknown text) */
    public MeasurementStatus status() {
        return MeasurementStatus.parse(statusId.isEmpty() ? null : statusId);
    }

    /** @return the results, or empty when {@code Results} was null or absent */
    public Optional<Map<String, List<ResultPoint>>> resultsIfAny() {
        return Optional.ofNullable(results);
    }

    /**
     * @param pointId e.g. {@code HR_BPM}
     * @return the point's first value divided by its multiplier, or NaN if absent
     */
    public double value(String pointId) {
        if (results == null) {
            return Double.NaN;
        }
        List<ResultPoint> p = results.get(pointId);
        return p == null || p.isEmpty() ? Double.NaN : p.get(0).value();
    }

    /**
     * @param body the decoded body
     * @return the record
     * @throws dev.dfx.core.error.DfxProtocolException if it is not an object or a field has the wrong type
     */
    public static MeasurementRecord fromBody(Object body) {
        String w = "MeasurementRecord";
        Map<String, Object> m = Tree.object(body, w);
        Map<String, Object> r = Tree.obj(m, "Results", w);
        Map<String, List<ResultPoint>> results = null;
        if (r != null) {
            results = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : r.entrySet()) {
                results.put(e.getKey(), points(e.getValue(), w + ".Results." + e.getKey()));
            }
        }
        return new MeasurementRecord(Tree.str(m, "ID", w), Tree.str(m, "StatusID", w), Tree.str(m, "StudyID", w),
                Tree.epoch(m, "Created", w), results, Tree.strings(m, "SignalNames", w),
                Tree.strings(m, "SignalUnits", w), Tree.strings(m, "SignalDescriptions", w));
    }

    private static List<ResultPoint> points(Object v, String where) {
        List<ResultPoint> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        List<?> items = v instanceof List ? (List<?>) v : List.of(v);
        for (Object item : items) {
            Map<String, Object> p = Tree.object(item, where);
            List<Double> data = new ArrayList<>();
            Object d = p.get("Data");
            for (Object x : d instanceof List ? (List<?>) d : d == null ? List.of() : List.of(d)) {
                if (!(x instanceof Number)) {
                    throw new dev.dfx.core.error.DfxProtocolException("cannot decode " + where
                            + ": Data must hold numbers, got " + Tree.kind(x));
                }
                data.add(((Number) x).doubleValue());
            }
            Object mult = p.get("Multiplier");
            List<?> notes = Tree.list(p, "Notes", where);
            List<String> n = new ArrayList<>();
            if (notes != null) {
                for (Object x : notes) {
                    n.add(String.valueOf(x));
                }
            }
            out.add(new ResultPoint(data, mult instanceof Number ? ((Number) mult).doubleValue() : 1, n));
        }
        return out;
    }
}
