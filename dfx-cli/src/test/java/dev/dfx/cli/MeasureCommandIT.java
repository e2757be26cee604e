package dev.dfx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.testkit.FakeDfxServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code dfx measure} against the fake server on a real loopback socket (issue 5). */
class MeasureCommandIT {
    private static FakeDfxServer server;
    private static String measurement;

    @BeforeAll
    static void start() {
        server = FakeDfxServer.builder().tokens("cli-token").socket(0).build().start();
        measurement = server.createMeasurement();
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
    void syntheticMeasurement_completesAndPrintsTheJsonLine(TransportKind transport) {
        String id = server.createMeasurement();
        CliTestSupport.Result r = CliTestSupport.run("measure", "--url", server.uri().toString(), "--token",
                "cli-token", "--measurement", id, "--synthetic", "4", "--chunk-bytes", "1000", "--duration", "0.1", "--no-pace", "--json",
                "--transport", transport.name());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<?, ?> j = json(r.lastOutLine());
        assertThat(j.get("ok")).isEqualTo(true);
        assertThat(j.get("chunksAcked")).isEqualTo(4L);
        assertThat(j.get("resultsReceived")).isEqualTo(4L);
        assertThat(j.get("transport")).isEqualTo(transport.name());
        assertThat((List<?>) j.get("errors")).isEmpty();
        assertThat(((Number) j.get("p99AckMs")).doubleValue()).isGreaterThan(0);
        assertThat(((Number) j.get("elapsedMs")).longValue()).isPositive();
        assertThat(r.err()).contains("chunk 4/4 acked").contains("result 4 received");
    }

    /** Issue 7: a connection cut mid-measurement is survived: the client reconnects, resumes and completes. */
    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void connectionCutMidMeasurement_isSurvived(TransportKind transport) {
        String id = server.createMeasurement();
        // login, subscribe, chunk 0, chunk 1: the server drops the socket after the fourth frame it receives.
        server.dropAfterFrames(4);
        CliTestSupport.Result r = CliTestSupport.run("measure", "--url", server.uri().toString(), "--token",
                "cli-token", "--measurement", id, "--synthetic", "5", "--duration", "0.2", "--no-pace", "--json",
                "--transport", transport.name(), "--timeout", "60");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<?, ?> j = json(r.lastOutLine());
        assertThat(j.get("ok")).isEqualTo(true);
        assertThat(j.get("chunksAcked")).isEqualTo(5L);
        assertThat(r.err()).contains("connection lost").contains("reconnecting").contains("reconnected");
        assertThat(server.measurement(id)).hasValueSatisfying(m -> {
            assertThat(m.chunksAccepted()).isEqualTo(5);
            assertThat(m.closed()).isTrue();
        });
    }

    @Test
    void savedChunksFolder_completes() {
        CliTestSupport.Result r = CliTestSupport.run("measure", "--url", server.uri().toString(), "--token",
                "cli-token", "--measurement", measurement, "--chunks", SampleChunksTest.WEB.toString(), "--duration",
                "0.1", "--no-pace", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<?, ?> j = json(r.lastOutLine());
        assertThat(j.get("chunksAcked")).isEqualTo(6L);
        assertThat(j.get("resultsReceived")).isEqualTo(6L);
    }

    @Test
    void badToken_exitsNonZeroNamingInvalidToken() {
        CliTestSupport.Result r = CliTestSupport.run("measure", "--url", server.uri().toString(), "--token",
                "wrong-token", "--measurement", measurement, "--synthetic", "2", "--duration", "0.1", "--no-pace", "--json");
        assertThat(r.exitCode()).isEqualTo(1);
        Map<?, ?> j = json(r.lastOutLine());
        assertThat(j.get("ok")).isEqualTo(false);
        assertThat(r.lastOutLine()).contains("INVALID_TOKEN");
        assertThat(r.out() + r.err()).doesNotContain("wrong-token");
    }

    @Test
    void unknownMeasurement_exitsNonZeroNamingInvalidMeasurement() {
        CliTestSupport.Result r = CliTestSupport.run("measure", "--url", server.uri().toString(), "--token",
                "cli-token", "--measurement", "no-such-measurement", "--synthetic", "2", "--duration", "0.1", "--no-pace", "--json");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.lastOutLine()).contains("INVALID_MEASUREMENT");
        assertThat(r.err()).contains("INVALID_MEASUREMENT");
    }

    @Test
    void demo_printsAResultsTableAndExits0() {
        CliTestSupport.Result r = CliTestSupport.run();
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("signal").contains("HR_BPM").contains("bpm").contains("6/6 chunks acked");
        assertThat(r.err()).contains("chunk 6/6 sent").contains("chunk 6/6 acked").contains("result 6 received");
    }
}
