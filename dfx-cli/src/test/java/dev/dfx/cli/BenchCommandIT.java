package dev.dfx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.testkit.FakeDfxServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code dfx bench} against the fake server on a real loopback socket (issue 8). */
class BenchCommandIT {
    private static FakeDfxServer server;

    @BeforeAll
    static void start() {
        server = FakeDfxServer.builder().tokens("bench-token").acceptAnyMeasurement(true).socket(0).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<?, ?> json(String line) {
        return JacksonBodyCodec.create().decode(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), Map.class);
    }

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void threeStreamsOfTwoChunks_allAckedAndTheJsonLineHasEveryFigure(TransportKind transport) {
        int before = server.connectionCount();
        CliTestSupport.Result r = CliTestSupport.run("bench", "--url", server.uri().toString(), "--token",
                "bench-token", "--streams", "3", "--chunks-per-stream", "2", "--chunk-bytes", "100", "--no-pace",
                "--transport", transport.name(), "--timeout", "60", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<?, ?> j = json(r.lastOutLine());
        assertThat(j.get("ok")).isEqualTo(true);
        assertThat(j.get("streams")).isEqualTo(3L);
        assertThat(j.get("transport")).isEqualTo(transport.name());
        assertThat(j.get("connected")).isEqualTo(3L);
        assertThat(j.get("chunksExpected")).isEqualTo(6L);
        assertThat(j.get("chunksAcked")).isEqualTo(6L);
        assertThat(j.get("paced")).isEqualTo(false);
        assertThat(((Number) j.get("chunksPerSecond")).doubleValue()).isPositive();
        assertThat(((Number) j.get("latencySamples")).longValue()).isBetween(1L, 6L);
        double p50 = ((Number) j.get("p50AckMs")).doubleValue();
        double p99 = ((Number) j.get("p99AckMs")).doubleValue();
        double p999 = ((Number) j.get("p999AckMs")).doubleValue();
        assertThat(p50).isPositive();
        assertThat(p99).isGreaterThanOrEqualTo(p50);
        assertThat(p999).isGreaterThanOrEqualTo(p99);
        assertThat((Map<?, ?>) j.get("errors")).isEmpty();
        assertThat(new java.util.HashMap<Object, Object>(j)).containsKeys("rejected", "heapBeforeBytes", "heapPerConnectionBytes",
                "heapPerConnectionAfterStreamsBytes", "connectMs", "elapsedMs");
        // One warm-up connection plus one per stream, all through the one shared transport.
        assertThat(server.connectionCount() - before).isEqualTo(4);
        assertThat(r.out() + r.err()).doesNotContain("bench-token");
    }

    /** Issue 14: the baseline runs in the same invocation and every figure has its ratio. */
    @Test
    void baseline_runsTheSameLoadBareAndPrintsCpuAllocationAndRatios() {
        CliTestSupport.Result r = CliTestSupport.run("bench", "--url", server.uri().toString(), "--token",
                "bench-token", "--streams", "2", "--chunks-per-stream", "3", "--chunk-bytes", "3000", "--no-pace",
                "--transport", "netty", "--timeout", "60", "--baseline", "--rounds", "2", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<?, ?> j = json(r.lastOutLine());
        assertThat(j.get("ok")).isEqualTo(true);
        assertThat(((Number) j.get("cpuMicrosPerChunk")).doubleValue()).isPositive();
        // a 3000-byte payload is 4000 base64 bytes in each frame: neither client can allocate less per chunk
        assertThat(((Number) j.get("allocatedBytesPerChunk")).longValue()).isGreaterThan(4000);
        Map<?, ?> base = (Map<?, ?>) j.get("baseline");
        assertThat(base.get("ok")).isEqualTo(true);
        assertThat(base.get("chunksAcked")).isEqualTo(6L);
        assertThat(((Number) base.get("allocatedBytesPerChunk")).longValue()).isGreaterThan(4000);
        assertThat(((Number) base.get("p99AckMs")).doubleValue()).isPositive();
        assertThat((java.util.List<?>) j.get("roundRatios")).hasSize(2);
        Map<?, ?> ratios = (Map<?, ?>) j.get("medianRatios");
        assertThat(new java.util.HashSet<Object>(ratios.keySet())).containsAll(BaselineComparison.FIGURES);
        double cps = ((Number) ratios.get("chunksPerSecond")).doubleValue();
        assertThat(cps).isPositive();
        assertThat(r.out() + r.err()).doesNotContain("bench-token");
    }

    /** Issue 14: the unpaced stream runs alone, then beside the paced ones, and both throughputs are printed. */
    @Test
    void unpacedChunks_measuresTheExtraStreamAloneAndBesideThePacedOnes() {
        int before = server.connectionCount();
        CliTestSupport.Result r = CliTestSupport.run("bench", "--url", server.uri().toString(), "--token",
                "bench-token", "--streams", "3", "--chunks-per-stream", "2", "--chunk-bytes", "100", "--duration",
                "0.2", "--unpaced-chunks", "5", "--transport", "netty", "--timeout", "60", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<?, ?> j = json(r.lastOutLine());
        assertThat(j.get("ok")).isEqualTo(true);
        assertThat(j.get("chunksAcked")).as("the unpaced stream's chunks are not counted with the paced ones")
                .isEqualTo(6L);
        assertThat(j.get("unpacedChunks")).isEqualTo(5L);
        assertThat(((Number) j.get("unpacedSoloChunksPerSecond")).doubleValue()).isPositive();
        assertThat(((Number) j.get("unpacedMixedChunksPerSecond")).doubleValue()).isPositive();
        assertThat(((Number) j.get("unpacedMixedOverSolo")).doubleValue()).isPositive();
        // warm-up + 3 paced + the unpaced one
        assertThat(server.connectionCount() - before).isEqualTo(5);
    }

    @Test
    void wrongToken_exitsWith1AndCountsInvalidTokenPerStream() {
        CliTestSupport.Result r = CliTestSupport.run("bench", "--url", server.uri().toString(), "--token",
                "wrong-token", "--streams", "2", "--chunks-per-stream", "1", "--no-pace", "--transport", "netty",
                "--timeout", "60", "--json");
        assertThat(r.exitCode()).isEqualTo(1);
        Map<?, ?> j = json(r.lastOutLine());
        assertThat(j.get("ok")).isEqualTo(false);
        assertThat(j.get("connected")).isEqualTo(0L);
        assertThat(((Map<?, ?>) j.get("errors")).get("INVALID_TOKEN")).isEqualTo(2L);
        assertThat(r.out() + r.err()).doesNotContain("wrong-token");
    }
}
