package dev.dfx.cli;

import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.result.PointReading;
import dev.dfx.core.result.QualityVerdict;
import dev.dfx.core.result.ResultReadings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prints outcomes: the results table and the one-line JSON summary (issue 13). Values are read with
 * {@link ResultReadings}: {@code Data / Multiplier}, Multiplier 1 when absent, a series shown by its median with its
 * mean beside it, the unit from {@link dev.dfx.core.result.PointCatalogue} (docs/protocol.md §5.3). Unknown points are
 * shown with their values and no unit.
 */
final class Report {
    // ASCII only, so the line survives any stdout encoding (a unit such as kg/m² becomes \u00b2).
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private Report() {
    }

    /**
     * Prints the final result as a table, or says why there is none.
     *
     * @param outcome the run's outcome
     * @param out where to print (stdout)
     */
    static void table(MeasurementRun.Outcome outcome, PrintStream out) {
        MeasurementResult result = outcome.finalResult();
        if (outcome.server() != null && outcome.server().fake()) {
            out.printf("Values from a FAKE DFX server (%s): made up for testing, not a measurement of anyone.%n",
                    outcome.server().version().isEmpty() ? outcome.server().region() : outcome.server().version());
        }
        if (outcome.quality() != null) {
            out.printf("Quality gate: %s: %s%n", outcome.quality().decision(),
                    outcome.quality().reason());
        }
        if (result == null) {
            out.println("(no final result)");
            return;
        }
        out.printf("Results for measurement %s (%s)%n", result.measurementId(), result.statusId());
        if (outcome.resultsWithheld()) {
            out.println("(results withheld by the quality gate: the last chunk's SNR is below 0.5)");
            return;
        }
        String format = "%-28s %-36s %14s  %-12s %s%n";
        out.printf(format, "point", "name", "value", "unit", "notes");
        out.printf(format, "-".repeat(28), "-".repeat(36), "-".repeat(14), "-".repeat(12), "-".repeat(20));
        for (PointReading p : ResultReadings.of(result).points().values()) {
            List<String> notes = new ArrayList<>(p.notes());
            if (p.isSeries()) {
                notes.add(0, String.format(Locale.ROOT, "median of %d values, mean %.2f", p.values().size(),
                        p.mean()));
            }
            String name = p.catalogueEntry().map(i -> i.name()).orElse("(not in the catalogue)");
            out.printf(format, p.id(), name, p.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f", p.value()),
                    p.unit(), String.join(", ", notes));
        }
        if (result.error().isError()) {
            out.printf("result error: %s %s%n", result.error().code(), result.error().errors());
        }
    }

    /**
     * Puts the final result's points into the JSON object: {@code points} maps each point id to its {@code value}
     * (null when Data was empty), {@code unit} (empty when unknown or unitless), {@code name} when known,
     * {@code values}/{@code mean}/{@code median} for a series, and {@code notes} when any; {@code resultError} when
     * the result's {@code Error.Code} is not {@code OK}.
     *
     * @param m the JSON object being built
     * @param result the final result, or null
     * @param withheld true to leave the values out (the quality gate's HIDE_RESULTS): {@code points} is then empty
     */
    static void putResults(Map<String, Object> m, MeasurementResult result, boolean withheld) {
        Map<String, Object> points = new LinkedHashMap<>();
        if (result != null && !withheld) {
            for (PointReading p : ResultReadings.of(result).points().values()) {
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("value", number(p.value()));
                point.put("unit", p.unit());
                p.catalogueEntry().ifPresent(i -> point.put("name", i.name()));
                if (p.isSeries()) {
                    List<Object> values = new ArrayList<>();
                    p.values().forEach(v -> values.add(number(v)));
                    point.put("values", values);
                    point.put("mean", number(p.mean()));
                    point.put("median", number(p.median()));
                }
                if (!p.notes().isEmpty()) {
                    point.put("notes", p.notes());
                }
                points.put(p.id(), point);
            }
        }
        m.put("resultsWithheld", withheld);
        m.put("points", points);
        if (result != null && result.error().isError()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("code", result.error().code());
            e.put("errors", result.error().errors());
            m.put("resultError", e);
        }
    }

    /** @return the {@code server} JSON object: {@code version}, {@code region}, {@code fake} */
    static Map<String, Object> serverJson(MeasurementRun.ServerInfo server) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("version", server.version());
        s.put("region", server.region());
        s.put("fake", server.fake());
        return s;
    }

    /** @return the {@code qualityGate} JSON object: {@code decision}, {@code passed}, {@code chunk}, {@code snr}, {@code reason} */
    static Map<String, Object> qualityJson(QualityVerdict v) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("decision", v.decision().name());
        q.put("passed", v.passed());
        q.put("chunk", v.chunkIndex());
        q.put("snr", number(v.snr()));
        q.put("reason", v.reason());
        return q;
    }

    /**
     * Prints each error on its own line, then what to do about it.
     *
     * @param errors the outcome's errors ({@code code}, {@code status}, {@code message}, optional {@code fix})
     * @param out where to print
     */
    static void errors(List<Map<String, Object>> errors, PrintStream out) {
        for (Map<String, Object> e : errors) {
            out.println("error: " + e.get("code") + " (status " + e.get("status") + "): " + e.get("message"));
            if (e.get("fix") != null) {
                out.println("  what to do: " + e.get("fix"));
            }
        }
    }

    /**
     * @param object the JSON object
     * @return it on one line, with Jackson
     */
    static String json(Map<String, ?> object) {
        return JSON.writeValueAsString(object);
    }

    /** JSON has no NaN: an absent value is null. */
    private static Double number(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
