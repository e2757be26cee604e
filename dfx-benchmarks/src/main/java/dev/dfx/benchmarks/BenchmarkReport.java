package dev.dfx.benchmarks;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.frame.FrameCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns JMH JSON result files ({@code -rf json -rff FILE}, with {@code -prof gc}) into the tables of
 * {@code BENCHMARKS.md}: payload throughput in MB/s (ops/s times payload bytes, 1 MB = 10^6 bytes), the ratio of
 * the frame encode to raw base64 within each file (one JMH run: the two ran minutes apart at most), and allocation
 * per op over the frame's size. Several files (repeated rounds) give one row each and a summary: the median over
 * the rounds. On a shared machine the best iteration of a run is the one least slowed by other processes, so the
 * targets are judged on the ratio of best iterations; mean and median ratios are shown beside it. Frame sizes are
 * measured here by encoding the same fixtures with the codec in this jar.
 *
 * <p>Run: {@code java -cp dfx-benchmarks/target/dfx-benchmarks.jar dev.dfx.benchmarks.BenchmarkReport FILE...}.
 * A command-line tool: it prints to standard output.
 */
public final class BenchmarkReport {
    /** Target from the issue: encode throughput at least this share of raw base64's. */
    static final double TARGET_THROUGHPUT_RATIO = 0.8;
    /** Target from the issue: bytes allocated per frame byte, at most. */
    static final double TARGET_ALLOC_RATIO = 1.4;

    private static final String ENCODE = AddDataEncodeBenchmark.class.getName();
    private static final String DECODE = ResponseDecodeBenchmark.class.getName();

    private BenchmarkReport() {
    }

    /**
     * @param args the JMH JSON result files, one per run
     * @throws IOException if a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: BenchmarkReport <jmh-result.json>...");
            System.exit(2);
        }
        List<String> runs = new ArrayList<>();
        for (String a : args) {
            runs.add(Files.readString(Path.of(a), StandardCharsets.UTF_8));
        }
        System.out.print(report(runs));
    }

    /**
     * @param jmhJsonRuns the contents of JMH JSON result files, one per run
     * @return the report, as Markdown tables
     */
    static String report(List<String> jmhJsonRuns) {
        Objects.requireNonNull(jmhJsonRuns, "jmhJsonRuns");
        JsonMapper mapper = JsonMapper.builder().build();
        List<Row> rows = new ArrayList<>();
        for (int run = 0; run < jmhJsonRuns.size(); run++) {
            for (JsonNode n : mapper.readTree(jmhJsonRuns.get(run))) {
                rows.add(row(run + 1, n));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8);
        encodeTables(p, rows);
        decodeTable(p, rows);
        p.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Row row(int run, JsonNode n) {
        JsonNode params = n.get("params");
        JsonNode primary = n.get("primaryMetric");
        JsonNode alloc = n.path("secondaryMetrics").get("gc.alloc.rate.norm");
        List<Double> iterations = new ArrayList<>();
        for (JsonNode fork : primary.path("rawData")) {
            for (JsonNode it : fork) {
                iterations.add(it.asDouble());
            }
        }
        return new Row(run, n.get("benchmark").asString(),
                params == null || params.get("payloadBytes") == null ? 0
                        : Integer.parseInt(params.get("payloadBytes").asString()),
                primary.get("score").asDouble(), primary.get("scoreError").asDouble(),
                alloc == null ? Double.NaN : alloc.get("score").asDouble(),
                iterations.stream().mapToDouble(Double::doubleValue).sorted().toArray());
    }

    private static void encodeTables(PrintStream p, List<Row> rows) {
        // payload size -> run -> [encodeFrame, rawBase64]
        Map<Integer, Map<Integer, Row[]>> pairs = new TreeMap<>();
        for (Row r : rows) {
            int slot = r.benchmark.equals(ENCODE + ".encodeFrame") ? 0
                    : r.benchmark.equals(ENCODE + ".rawBase64") ? 1 : -1;
            if (slot >= 0) {
                pairs.computeIfAbsent(r.payloadBytes, k -> new TreeMap<>())
                        .computeIfAbsent(r.run, k -> new Row[2])[slot] = r;
            }
        }
        if (pairs.isEmpty()) {
            return;
        }
        p.println("AddData frame encode vs raw base64, per run (ops/s: JMH's mean ± 99.9% error; ratios of the mean, "
                + "the median and the best measured iteration):");
        p.println();
        p.println("| payload | run | encodeFrame ops/s | rawBase64 ops/s | encode / raw (mean) | (median) | (best) "
                + "| encodeFrame MB/s (best) | rawBase64 MB/s (best) |");
        p.println("|---|---|---|---|---|---|---|---|---|");
        Map<Integer, double[][]> summary = new TreeMap<>();
        for (Map.Entry<Integer, Map<Integer, Row[]>> bySize : pairs.entrySet()) {
            int size = bySize.getKey();
            List<double[]> ratios = new ArrayList<>();
            for (Map.Entry<Integer, Row[]> byRun : bySize.getValue().entrySet()) {
                Row en = byRun.getValue()[0];
                Row rw = byRun.getValue()[1];
                if (en == null || rw == null) {
                    continue;
                }
                double[] r = {en.score / rw.score, en.median() / rw.median(), en.best() / rw.best(),
                    en.best() * size / 1e6, rw.best() * size / 1e6};
                ratios.add(r);
                p.printf(Locale.ROOT, "| %s | %d | %s | %s | %.2f | %.2f | %.2f | %,.0f | %,.0f |%n", size(size),
                        byRun.getKey(), score(en), score(rw), r[0], r[1], r[2], r[3], r[4]);
            }
            summary.put(size, ratios.toArray(new double[0][]));
        }
        p.println();
        p.println("Summary, median over runs:");
        p.println();
        p.println("| payload | runs | encode / raw (mean) | (median) | (best) | encodeFrame MB/s (best) "
                + "| rawBase64 MB/s (best) | ≥ " + TARGET_THROUGHPUT_RATIO + "× raw (best) |");
        p.println("|---|---|---|---|---|---|---|---|");
        for (Map.Entry<Integer, double[][]> e : summary.entrySet()) {
            double[][] r = e.getValue();
            if (r.length == 0) {
                continue;
            }
            double best = medianOf(r, 2);
            p.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %,.0f | %,.0f | %s |%n", size(e.getKey()), r.length,
                    medianOf(r, 0), medianOf(r, 1), best, medianOf(r, 3), medianOf(r, 4),
                    verdict(best >= TARGET_THROUGHPUT_RATIO));
        }
        p.println();
        p.println("Allocation (gc.alloc.rate.norm, bytes per op; the same in every run):");
        p.println();
        p.println("| payload | frame bytes | encodeFrame B/op | B/op per frame byte | rawBase64 B/op | ≤ "
                + TARGET_ALLOC_RATIO + "× frame |");
        p.println("|---|---|---|---|---|---|");
        JacksonBodyCodec codec = JacksonBodyCodec.create();
        for (Map.Entry<Integer, Map<Integer, Row[]>> bySize : pairs.entrySet()) {
            int size = bySize.getKey();
            Row[] first = bySize.getValue().values().iterator().next();
            if (first[0] == null) {
                continue;
            }
            int frameBytes = Fixtures.addDataFrame(codec, ByteBuffer.wrap(Fixtures.payload(size))).remaining();
            double allocRatio = first[0].allocPerOp / frameBytes;
            p.printf(Locale.ROOT, "| %s | %,d | %,.0f | %.2f | %s | %s |%n", size(size), frameBytes,
                    first[0].allocPerOp, allocRatio,
                    first[1] == null ? "-" : String.format(Locale.ROOT, "%,.0f", first[1].allocPerOp),
                    verdict(allocRatio <= TARGET_ALLOC_RATIO));
        }
        p.println();
    }

    private static void decodeTable(PrintStream p, List<Row> rows) {
        boolean header = false;
        for (Row r : rows) {
            if (!r.benchmark.startsWith(DECODE + ".")) {
                continue;
            }
            if (!header) {
                p.println("Response decode:");
                p.println();
                p.println("| benchmark | run | frame bytes | ops/s | ops/s median | ops/s best | B/op "
                        + "| B/op per frame byte |");
                p.println("|---|---|---|---|---|---|---|---|");
                header = true;
            }
            String name = r.benchmark.substring(DECODE.length() + 1);
            int frameBytes = (name.equals("decodeAck") ? Fixtures.ACK_JSON : Fixtures.RESULT_JSON)
                    .getBytes(StandardCharsets.UTF_8).length + FrameCodec.RESPONSE_HEADER_BYTES;
            p.printf(Locale.ROOT, "| %s | %d | %,d | %s | %,.0f | %,.0f | %,.0f | %.2f |%n", name, r.run, frameBytes,
                    score(r), r.median(), r.best(), r.allocPerOp, r.allocPerOp / frameBytes);
        }
        if (header) {
            p.println();
        }
    }

    private static double medianOf(double[][] rows, int column) {
        double[] v = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            v[i] = rows[i][column];
        }
        return median(v);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

    private static String score(Row r) {
        return String.format(Locale.ROOT, "%,.0f ± %,.0f", r.score, r.error);
    }

    private static String size(int bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes / 1024 + " KiB";
    }

    /** One benchmark's result in one run; {@code iterations} are the measured iterations' scores, sorted. */
    private record Row(int run, String benchmark, int payloadBytes, double score, double error, double allocPerOp,
                       double[] iterations) {
        double median() {
            return iterations.length == 0 ? score : BenchmarkReport.median(iterations);
        }

        double best() {
            return iterations.length == 0 ? score : iterations[iterations.length - 1];
        }
    }
}
