package dev.dfx.cli;

import dev.dfx.benchmarks.baseline.BaselineClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dfx bench}: N concurrent measurement streams against a DFX server (normally {@code dfx serve} in another
 * process), one {@link dev.dfx.core.DfxClient} per stream, all on one shared transport, as a gateway would run them.
 * Prints throughput, ack latency percentiles, errors by code and heap per connection (issue 8), and the process's
 * CPU time, GC time and allocation per chunk; with {@code --baseline}, the same for the bare-Netty baseline client
 * run in this JVM, and the ratios (issue 14).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Load tool: N concurrent measurement streams (one client each, one shared transport). "
                + "Prints chunks/s, ack latency p50/p99/p99.9, errors by code and heap per connection.")
final class BenchCommand implements Callable<Integer> {
    /** More streams than this is a typo, not a benchmark on one machine. */
    static final int MAX_STREAMS = 100_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--url", required = true, converter = MeasureCommand.WsUrlConverter.class,
            description = "ws:// or wss:// URL of the server")
    URI url;

    @Option(names = "--token", required = true, description = "user token (never printed)")
    String token;

    @Option(names = "--streams", required = true, description = "concurrent streams (connections), 1.."
            + MAX_STREAMS)
    int streams;

    @Option(names = "--transport", defaultValue = "jetty", description = "jetty or netty (default ${DEFAULT-VALUE})")
    TransportKind transport;

    @Option(names = "--chunks-per-stream", defaultValue = "10", description = "chunks each stream sends (default "
            + "${DEFAULT-VALUE})")
    int chunksPerStream;

    @Option(names = "--chunk-bytes", defaultValue = "256", description = "payload bytes per chunk (default "
            + "${DEFAULT-VALUE})")
    int chunkBytes;

    @Option(names = "--duration", defaultValue = "1", description = "seconds per chunk; paced streams send one chunk "
            + "per this many seconds (default ${DEFAULT-VALUE})")
    double durationSeconds;

    @Option(names = "--no-pace", description = "send as fast as acks allow (run the server with --no-rate-limit)")
    boolean noPace;

    @Option(names = "--ramp", defaultValue = "0", description = "spread the connects over this many seconds "
            + "(default ${DEFAULT-VALUE}: as fast as the connect window allows)")
    double rampSeconds;

    @Option(names = "--timeout", defaultValue = "300", description = "seconds for the whole run (default "
            + "${DEFAULT-VALUE})")
    double timeoutSeconds;

    @Option(names = "--json", description = "print one JSON summary object as the last stdout line")
    boolean json;

    @Option(names = "--unpaced-chunks", defaultValue = "0", description = "also run one unpaced stream of this many "
            + "chunks on the same transport, alone after the connects (after one warm-up run) and again once every "
            + "paced stream has started, and print its throughput in both (head-of-line blocking check; "
            + "default ${DEFAULT-VALUE}: none)")
    int unpacedChunks;

    @Option(names = "--baseline", description = "also run the same load with the bare-Netty baseline client in this "
            + "JVM, before the SDK in each round, and print SDK/baseline ratios (issue 14)")
    boolean baseline;

    @Option(names = "--rounds", defaultValue = "1", description = "with --baseline: rounds of baseline then SDK; "
            + "ratios per round and their median (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--warmup-rounds", defaultValue = "0", description = "with --baseline: rounds run first and left "
            + "out of the medians (JIT and class loading of a fresh JVM; default ${DEFAULT-VALUE})")
    int warmupRounds;

    @Option(names = "--allow-insecure-remote", description = "allow ws:// (no TLS: the token travels in clear) to a "
            + "host that is not loopback, e.g. a test server behind a trusted network")
    boolean allowInsecureRemote;

    @Override
    public Integer call() {
        if (streams < 1 || streams > MAX_STREAMS) {
            throw usage("--streams must be 1.." + MAX_STREAMS + ", got " + streams);
        }
        if (chunksPerStream < 1) {
            throw usage("--chunks-per-stream must be 1 or more, got " + chunksPerStream);
        }
        if (chunkBytes < 1 || chunkBytes > 16 * 1024 * 1024) {
            throw usage("--chunk-bytes must be 1..16777216, got " + chunkBytes);
        }
        if (!(durationSeconds > 0) || durationSeconds > 120) {
            throw usage("--duration must be in (0, 120] seconds, got " + durationSeconds);
        }
        if (!(rampSeconds >= 0) || rampSeconds > 3600) {
            throw usage("--ramp must be in [0, 3600] seconds, got " + rampSeconds);
        }
        if (!(timeoutSeconds > 0) || timeoutSeconds > 86_400) {
            throw usage("--timeout must be in (0, 86400] seconds, got " + timeoutSeconds);
        }
        String scheme = url.getScheme();
        if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme) || url.getHost() == null) {
            throw usage("--url must be ws://host[:port] or wss://host[:port], got " + url);
        }
        if (token.isBlank()) {
            throw usage("--token must not be blank");
        }
        String urlProblem = MeasureCommand.urlProblem(url, allowInsecureRemote);
        if (urlProblem != null) {
            throw usage(urlProblem);
        }
        if (unpacedChunks < 0 || unpacedChunks > 100_000) {
            throw usage("--unpaced-chunks must be 0..100000, got " + unpacedChunks);
        }
        if (rounds < 1 || rounds > 20) {
            throw usage("--rounds must be 1..20, got " + rounds);
        }
        if (warmupRounds < 0 || warmupRounds > 5) {
            throw usage("--warmup-rounds must be 0..5, got " + warmupRounds);
        }
        if ((rounds > 1 || warmupRounds > 0) && !baseline) {
            throw usage("--rounds and --warmup-rounds need --baseline");
        }
        if (baseline && !"ws".equalsIgnoreCase(scheme)) {
            throw usage("--baseline runs on ws:// only (the baseline client has no TLS)");
        }
        BenchRun.Settings settings = new BenchRun.Settings(url, token, streams, transport, chunksPerStream, chunkBytes,
                nanos(durationSeconds), !noPace, nanos(rampSeconds), nanos(timeoutSeconds), unpacedChunks,
                allowInsecureRemote);
        var out = json ? System.err : System.out;
        String runId = Long.toString(System.currentTimeMillis(), 36);
        BenchRun.Outcome o = null;
        Map<String, Object> base = null;
        List<Map<String, Double>> roundRatios = new ArrayList<>();
        boolean ok = true;
        for (int r = 1 - warmupRounds; r <= rounds; r++) {
            if (baseline) {
                BaselineClient.Result b = new BaselineClient(BaselineComparison.settingsFor(settings,
                        "baseline-" + runId + "-" + r + "-")).run(System.err);
                out.println("baseline: " + b);
                base = BaselineComparison.json(b);
                ok &= b.ok();
            }
            try {
                o = new BenchRun(settings, System.err).run();
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            print(o);
            ok &= o.ok();
            if (baseline) {
                Map<String, Object> sdk = o.toJson();
                Map<String, Double> ratios = BaselineComparison.ratios(sdk, base);
                if (r >= 1) {
                    roundRatios.add(ratios);
                }
                BaselineComparison.print(out, r, sdk, base, ratios);
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>(o.toJson());
        if (baseline) {
            Map<String, Double> medians = BaselineComparison.medians(roundRatios);
            out.println("median over " + rounds + " round(s) of sdk/baseline: " + medians);
            summary.put("ok", ok);
            summary.put("baseline", base);
            summary.put("ratios", roundRatios.get(roundRatios.size() - 1));
            summary.put("roundRatios", roundRatios);
            summary.put("medianRatios", medians);
        }
        if (json) {
            System.out.println(Report.json(summary));
        }
        return ok ? 0 : 1;
    }

    private void print(BenchRun.Outcome o) {
        var out = json ? System.err : System.out;
        out.printf(Locale.ROOT, "%s: %d streams over %s, %d/%d chunks acked in %.2f s: %.1f chunks/s%n",
                o.ok() ? "ok" : "FAILED", o.streams(), o.transport(), o.chunksAcked(), o.chunksExpected(),
                o.streamMs() / 1000.0, o.chunksPerSecond());
        out.printf(Locale.ROOT, "ack latency: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (%d samples)%n",
                o.p50AckMs(), o.p99AckMs(), o.p999AckMs(), o.maxAckMs(), o.latencySamples());
        out.printf(Locale.ROOT, "connect: %d/%d open in %.2f s%n", o.connected(), o.streams(), o.connectMs() / 1000.0);
        out.printf(Locale.ROOT, "heap per connection: %.1f KiB open and logged in, %.1f KiB after the streams "
                        + "(heap after GC with all open minus before, / connections)%n",
                o.heapPerConnectionBytes() / 1024.0, o.heapPerConnectionAfterStreamsBytes() / 1024.0);
        out.printf(Locale.ROOT, "process, stream phase: CPU %.1f us/chunk (%.2f cores busy), GC %d ms in %d "
                        + "collections, %.0f B allocated/chunk; connect phase: CPU %.1f us/connection%n",
                o.cpuMicrosPerChunk(), o.streamUsage().coresBusy(), o.streamUsage().gcMillis(),
                o.streamUsage().gcCount(), o.allocatedBytesPerChunk(), o.connectUsage().cpuMicrosPer(o.connected()));
        if (o.unpacedChunks() > 0) {
            out.printf(Locale.ROOT, "unpaced stream (%d chunks, same transport): %.1f chunks/s alone, %.1f beside the "
                    + "others: %.2f of alone%n", o.unpacedChunks(), o.unpacedSoloChunksPerSecond(),
                    o.unpacedMixedChunksPerSecond(), o.unpacedSoloChunksPerSecond() <= 0 ? 0
                            : o.unpacedMixedChunksPerSecond() / o.unpacedSoloChunksPerSecond());
        }
        out.println("errors: " + describe(o.errors()));
        if (!o.rejected().isEmpty()) {
            out.println("chunks refused and resent by the library: " + describe(o.rejected()));
        }
    }

    private static String describe(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        counts.forEach((code, n) -> b.append(b.length() == 0 ? "" : ", ").append(code).append(" x").append(n));
        return b.toString();
    }

    private static Duration nanos(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
