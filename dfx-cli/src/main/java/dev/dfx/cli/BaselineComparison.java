package dev.dfx.cli;

import dev.dfx.benchmarks.baseline.BaselineClient;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code dfx bench --baseline}: the same load run by the bare-Netty {@link BaselineClient} and by the SDK, in turn,
 * in this JVM, round by round (baseline first in each round), and the ratios SDK ÷ baseline of each round and their
 * median over the rounds (issue 14). Ratios of the same round share the machine's load of that moment; that is the
 * point of running both in one invocation.
 */
final class BaselineComparison {
    /** The figures compared, by JSON name; for each, SDK ÷ baseline. */
    static final List<String> FIGURES = List.of("chunksPerSecond", "p50AckMs", "p99AckMs", "cpuMicrosPerChunk",
            "allocatedBytesPerChunk", "gcMillis", "heapPerConnectionBytes", "connectCpuMicrosPerConnection");

    private BaselineComparison() {
    }

    /** @return the baseline's settings for the SDK run's settings, measurement ids marked as the baseline's */
    static BaselineClient.Settings settingsFor(BenchRun.Settings s, String idPrefix) {
        return new BaselineClient.Settings(s.url(), s.token(), s.streams(), s.chunksPerStream(), s.chunkBytes(),
                s.chunkDuration().toNanos(), s.pace(), s.ramp().toNanos(), s.timeout().toNanos(), idPrefix);
    }

    /** @return the baseline's figures under the same names as {@link BenchRun.Outcome#toJson()} */
    static Map<String, Object> json(BaselineClient.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", r.ok());
        m.put("connected", r.connected());
        m.put("connectMs", r.connectNanos() / 1_000_000);
        m.put("chunksAcked", r.chunksAcked());
        m.put("elapsedMs", r.streamNanos() / 1_000_000);
        m.put("chunksPerSecond", round(r.chunksPerSecond()));
        m.put("latencySamples", r.latencyNanos().length);
        m.put("p50AckMs", round(r.percentileMillis(50)));
        m.put("p99AckMs", round(r.percentileMillis(99)));
        m.put("p999AckMs", round(r.percentileMillis(99.9)));
        m.put("maxAckMs", round(r.percentileMillis(100)));
        m.put("errors", r.errors());
        m.put("heapPerConnectionBytes", r.heapPerConnectionBytes());
        m.put("cpuMicrosPerChunk", round(r.streamUsage().cpuMicrosPer(r.chunksAcked())));
        m.put("coresBusy", round(r.streamUsage().coresBusy()));
        m.put("gcMillis", r.streamUsage().gcMillis());
        m.put("gcCount", r.streamUsage().gcCount());
        m.put("allocatedBytesPerChunk", Math.round(r.streamUsage().allocatedBytesPer(r.chunksAcked())));
        m.put("connectCpuMicrosPerConnection", round(r.connectUsage().cpuMicrosPer(r.connected())));
        m.put("connectAllocatedBytesPerConnection",
                Math.round(r.connectUsage().allocatedBytesPer(r.connected())));
        return m;
    }

    /** @return SDK ÷ baseline for each of {@link #FIGURES}; null where the baseline's figure is 0 (JSON null) */
    static Map<String, Double> ratios(Map<String, Object> sdk, Map<String, Object> baseline) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String f : FIGURES) {
            double a = ((Number) sdk.get(f)).doubleValue();
            double b = ((Number) baseline.get(f)).doubleValue();
            m.put(f, b == 0 ? null : round(a / b));
        }
        return m;
    }

    /** @return for each figure, the median of the rounds' ratios (null when no round has one) */
    static Map<String, Double> medians(List<Map<String, Double>> rounds) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String f : FIGURES) {
            double[] v = rounds.stream().map(r -> r.get(f)).filter(d -> d != null).mapToDouble(Double::doubleValue)
                    .sorted().toArray();
            m.put(f, v.length == 0 ? null
                    : round(v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2));
        }
        return m;
    }

    /** Prints one round: the two runs' figures side by side and the ratios. */
    static void print(PrintStream out, int round, Map<String, Object> sdk, Map<String, Object> baseline,
                      Map<String, Double> ratios) {
        out.printf(Locale.ROOT, "%-8s %-32s %14s %14s %10s%n", round < 1 ? "warm-up:" : "round " + round + ":",
                "figure", "sdk", "baseline", "sdk/base");
        List<String> rows = new ArrayList<>(FIGURES);
        rows.addAll(Arrays.asList("p999AckMs", "coresBusy", "gcCount"));
        for (String f : rows) {
            Double r = ratios.get(f);
            out.printf(Locale.ROOT, "         %-32s %14s %14s %10s%n", f, sdk.get(f), baseline.get(f),
                    r == null ? "" : String.format(Locale.ROOT, "%.2f", r));
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
