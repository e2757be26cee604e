package dev.dfx.cli;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.body.SignalChannel;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** Prints outcomes: the results table and the one-line JSON summary. */
final class Report {
    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("HR_BPM", "bpm"), Map.entry("BR_BPM", "breaths/min"), Map.entry("SNR", "dB"),
            Map.entry("BP_SYSTOLIC", "mmHg"), Map.entry("BP_DIASTOLIC", "mmHg"), Map.entry("MSI", "(1-6)"),
            Map.entry("HRV_SDNN", "ms"), Map.entry("AGE", "years"), Map.entry("BMI_CALC", "kg/m2"));

    private Report() {
    }

    static void table(MeasurementResult result, PrintStream out) {
        if (result == null) {
            out.println("(no final result)");
            return;
        }
        out.printf("Results for measurement %s (%s)%n", result.measurementId(), result.statusId());
        String format = "%-14s %20s  %s%n";
        out.printf(format, "signal", "value", "notes");
        out.printf(format, "-".repeat(14), "-".repeat(20), "-".repeat(20));
        for (Map.Entry<String, SignalChannel> e : new java.util.TreeMap<>(result.channels()).entrySet()) {
            double v = result.value(e.getKey());
            String unit = UNITS.getOrDefault(e.getKey(), "");
            String value = Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f %s", v, unit).trim();
            out.printf(format, e.getKey(), value, String.join(", ", e.getValue().notes()));
        }
        if (result.error().isError()) {
            out.printf("error: %s %s%n", result.error().code(), result.error().errors());
        }
    }

    /**
     * Prints each error on its own line, then what to do about it.
     *
     * @param errors the outcome's errors ({@code code}, {@code status}, {@code message}, optional {@code fix})
     * @param out where to print
     */
    static void errors(java.util.List<Map<String, Object>> errors, PrintStream out) {
        for (Map<String, Object> e : errors) {
            out.println("error: " + e.get("code") + " (status " + e.get("status") + "): " + e.get("message"));
            if (e.get("fix") != null) {
                out.println("  what to do: " + e.get("fix"));
            }
        }
    }

    static String json(Map<String, ?> object) {
        ByteBuffer b = JacksonBodyCodec.create().encode(object, 0);
        return StandardCharsets.US_ASCII.decode(b).toString();
    }
}
