package dev.dfx.benchmarks;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.frame.FrameCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a JMH JSON result file ({@code -rf json -rff FILE}, with {@code -prof gc}) into the tables of
 * {@code BENCHMARKS.md}: payload throughput in MB/s (ops/s times payload bytes, 1 MB = 10^6 bytes), the ratio of
 * the frame encode to raw base64 from the same run, and allocation per op over the frame's size. Frame sizes are
 * measured here by encoding the same fixtures with the codec in this jar.
 *
 * <p>Run: {@code java -cp dfx-benchmarks/target/dfx-benchmarks.jar dev.dfx.benchmarks.BenchmarkReport FILE}.
 * A command-line tool: it prints to standard output.
 */
public final class BenchmarkReport {
    /** Targets from the issue: encode throughput at least this share of raw base64's. */
    static final double TARGET_THROUGHPUT_RATIO = 0.8;
    /** Targets from the issue: bytes allocated per frame byte, at most. */
    static final double TARGET_ALLOC_RATIO = 1.4;

    private static final String ENCODE = AddDataEncodeBenchmark.class.getName();
    private static final String DECODE = ResponseDecodeBenchmark.class.getName();

    private BenchmarkReport() {
    }

    /**
     * @param args one argument: the JMH JSON result file
     * @throws IOException if the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BenchmarkReport <jmh-result.json>");
            System.exit(2);
        }
        String json = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        System.out.print(report(json));
    }

    /**
     * @param jmhJson the content of a JMH JSON result file
     * @return the report, as Markdown tables
     */
    static String report(String jmhJson) {
        Objects.requireNonNull(jmhJson, "jmhJson");
        JsonNode root = JsonMapper.builder().build().readTree(jmhJson);
        List<Row> rows = new ArrayList<>();
        for (JsonNode n : root) {
            JsonNode params = n.get("params");
            JsonNode alloc = n.path("secondaryMetrics").get("gc.alloc.rate.norm");
            List<Double> iterations = new ArrayList<>();
            for (JsonNode fork : n.get("primaryMetric").path("rawData")) {
                for (JsonNode it : fork) {
                    iterations.add(it.asDouble());
                }
            }
            rows.add(new Row(n.get("benchmark").asString(),
                    params == null || params.get("payloadBytes") == null ? 0
                            : Integer.parseInt(params.get("payloadBytes").asString()),
                    n.get("primaryMetric").get("score").asDouble(),
                    n.get("primaryMetric").get("scoreError").asDouble(),
                    n.get("primaryMetric").get("scoreUnit").asString(),
                    alloc == null ? Double.NaN : alloc.get("score").asDouble(),
                    iterations.stream().mapToDouble(Double::doubleValue).sorted().toArray()));
        }
        var out = new java.io.ByteArrayOutputStream();
        PrintStream p = new PrintStream(out, true, StandardCharsets.UTF_8);
        encodeTable(p, rows);
        decodeTable(p, rows);
        p.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void encodeTable(PrintStream p, List<Row> rows) {
        Map<Integer, Row> encode = new TreeMap<>();
        Map<Integer, Row> raw = new TreeMap<>();
        for (Row r : rows) {
            if (r.benchmark.equals(ENCODE + ".encodeFrame")) {
                encode.put(r.payloadBytes, r);
            } else if (r.benchmark.equals(ENCODE + ".rawBase64")) {
                raw.put(r.payloadBytes, r);
            }
        }
        if (encode.isEmpty()) {
            return;
        }
        JacksonBodyCodec codec = JacksonBodyCodec.create();
        p.println("Throughput (ops/s: JMH's mean ± 99.9% error; median and best measured iteration):");
        p.println();
        p.println("| payload | encodeFrame mean | rawBase64 mean | encode / raw (mean) | encode / raw (median) "
                + "| encode / raw (best) | encodeFrame MB/s (best) | rawBase64 MB/s (best) | ≥ "
                + TARGET_THROUGHPUT_RATIO + "× (best) |");
        p.println("|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<Integer, Row> e : encode.entrySet()) {
            int size = e.getKey();
            Row en = e.getValue();
            Row rw = raw.get(size);
            if (rw == null) {
                p.printf(Locale.ROOT, "| %s | %s | - | - | - | - | %,.0f | - | - |%n", size(size), score(en),
                        en.best() * size / 1e6);
                continue;
            }
            double best = en.best() / rw.best();
            p.printf(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f | %.2f | %,.0f | %,.0f | %s |%n", size(size),
                    score(en), score(rw), en.score / rw.score, en.median() / rw.median(), best,
                    en.best() * size / 1e6, rw.best() * size / 1e6, verdict(best >= TARGET_THROUGHPUT_RATIO, best));
        }
        p.println();
        p.println("Allocation (gc.alloc.rate.norm, bytes per op):");
        p.println();
        p.println("| payload | frame bytes | encodeFrame B/op | B/op per frame byte | rawBase64 B/op | ≤ "
                + TARGET_ALLOC_RATIO + "× |");
        p.println("|---|---|---|---|---|---|");
        for (Map.Entry<Integer, Row> e : encode.entrySet()) {
            int size = e.getKey();
            Row en = e.getValue();
            Row rw = raw.get(size);
            int frameBytes = Fixtures.addDataFrame(codec, ByteBuffer.wrap(Fixtures.payload(size))).remaining();
            double allocRatio = en.allocPerOp / frameBytes;
            p.printf(Locale.ROOT, "| %s | %,d | %,.0f | %.2f | %s | %s |%n", size(size), frameBytes, en.allocPerOp,
                    allocRatio, rw == null ? "-" : String.format(Locale.ROOT, "%,.0f", rw.allocPerOp),
                    verdict(allocRatio <= TARGET_ALLOC_RATIO, allocRatio));
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
                p.println("| benchmark | frame bytes | ops/s mean | ops/s median | ops/s best | B/op "
                        + "| B/op per frame byte |");
                p.println("|---|---|---|---|---|---|---|");
                header = true;
            }
            String name = r.benchmark.substring(DECODE.length() + 1);
            int frameBytes = (name.equals("decodeAck") ? Fixtures.ACK_JSON : Fixtures.RESULT_JSON)
                    .getBytes(StandardCharsets.UTF_8).length + FrameCodec.RESPONSE_HEADER_BYTES;
            p.printf(Locale.ROOT, "| %s | %,d | %s | %,.0f | %,.0f | %,.0f | %.2f |%n", name, frameBytes, score(r),
                    r.median(), r.best(), r.allocPerOp, r.allocPerOp / frameBytes);
        }
        if (header) {
            p.println();
        }
    }

    private static String verdict(boolean met, double value) {
        return Double.isNaN(value) ? "-" : met ? "met" : "MISSED";
    }

    private static String score(Row r) {
        return String.format(Locale.ROOT, "%,.0f ± %,.0f", r.score, r.error);
    }

    private static String size(int bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes / 1024 + " KiB";
    }

    /** One benchmark's result; {@code iterations} are the measured iterations' scores, sorted. */
    private record Row(String benchmark, int payloadBytes, double score, double error, String unit,
                       double allocPerOp, double[] iterations) {
        double median() {
            int n = iterations.length;
            if (n == 0) {
                return score;
            }
            return n % 2 == 1 ? iterations[n / 2] : (iterations[n / 2 - 1] + iterations[n / 2]) / 2;
        }

        double best() {
            return iterations.length == 0 ? score : iterations[iterations.length - 1];
        }
    }
}
