package dev.dfx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.ActionId;
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
        assertThat(j.get("measurementId")).isEqualTo(id);
        assertThat(j.get("status")).isEqualTo("COMPLETE");
        assertThat(j.get("cancelled")).isEqualTo(false);
        assertThat(j.get("chunksTotal")).isEqualTo(4L);
    }

    /** Issue 15: a normal end closes with 1000 and is not reported as a lost connection. */
    @Test
    void normalEnd_printsNoConnectionLost() {
        String id = server.createMeasurement();
        CliTestSupport.Result r = CliTestSupport.run("measure", "--url", server.uri().toString(), "--token",
                "cli-token", "--measurement", id, "--synthetic", "2", "--duration", "0.1", "--no-pace");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("result 2 received").doesNotContain("connection lost");
    }

    /** Issue 15: counts stay within the chunk count when chunks are resent after RATE_LIMIT with --no-pace. */
    @Test
    void rateLimitedChunks_noPace_countsStayWithinTheChunkCount() {
        String id = server.createMeasurement();
        server.failNext(ActionId.MEASUREMENTS_ADD_DATA, 429, "RATE_LIMIT");
        server.failNext(ActionId.MEASUREMENTS_ADD_DATA, 429, "RATE_LIMIT");
        CliTestSupport.Result r = CliTestSupport.run("measure", "--url", server.uri().toString(), "--token",
                "cli-token", "--measurement", id, "--synthetic", "3", "--duration", "0.1", "--no-pace", "--json",
                "--timeout", "60");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("resent").contains("chunk 3/3 acked");
        assertCountsInBounds(r.err(), 3);
    }

    private static void assertCountsInBounds(String err, int total) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("chunk (\\d+)/(\\d+)").matcher(err);
        int seen = 0;
        while (m.find()) {
            seen++;
            assertThat(Integer.parseInt(m.group(1))).as(m.group()).isBetween(1, total);
            assertThat(Integer.parseInt(m.group(2))).isEqualTo(total);
        }
        assertThat(seen).isPositive();
    }

    /** Issue 15: a refused port says what to do, in the human text and in the JSON line. */
    @Test
    void refusedPort_exits1_andSaysToStartTheServerOrFixTheUrl() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there now
        }
        CliTestSupport.Result r = CliTestSupport.run("measure", "--url", "ws://127.0.0.1:" + port, "--token", "t",
                "--measurement", "M", "--synthetic", "1", "--json", "--timeout", "30");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("what to do: nothing accepts connections at 127.0.0.1:" + port)
                .contains("dfx serve --port " + port).contains("--url").doesNotContain("connection lost");
        Map<?, ?> j = json(r.lastOutLine());
        assertThat(j.get("status")).isEqualTo("FAILED");
        Map<?, ?> e = (Map<?, ?>) ((List<?>) j.get("errors")).get(0);
        assertThat(e.get("code")).isEqualTo("TRANSPORT");
        assertThat((String) e.get("fix")).contains("dfx serve --port " + port);
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
        assertCountsInBounds(r.err(), 5); // issue 15: no "chunk 6/5 sent" after the resume
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
        // Issue 15: the refused login is the error, not a lost connection; and it says what to do.
        assertThat(r.err()).doesNotContain("connection lost").contains("what to do:").contains("--token");
    }

    @Test
    void unknownMeasurement_exitsNonZeroNamingInvalidMeasurement() {
        CliTestSupport.Result r = CliTestSupport.run("measure", "--url", server.uri().toString(), "--token",
                "cli-token", "--measurement", "no-such-measurement", "--synthetic", "2", "--duration", "0.1", "--no-pace", "--json");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.lastOutLine()).contains("INVALID_MEASUREMENT");
        assertThat(r.err()).contains("INVALID_MEASUREMENT");
        // Issue 15: says what to do.
        Map<?, ?> e = (Map<?, ?>) ((List<?>) json(r.lastOutLine()).get("errors")).get(0);
        assertThat((String) e.get("fix")).contains("create it first").contains("--measurement")
                .contains("--any-measurement");
        assertThat(r.err()).contains("what to do: the server does not know this measurement");
    }

    @Test
    void demo_printsAResultsTableAndExits0() {
        CliTestSupport.Result r = CliTestSupport.run();
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("point").contains("HR_BPM").contains("bpm").contains("6/6 chunks acked")
                .contains("Values from a FAKE DFX server"); // issue 13
        assertThat(r.err()).contains("chunk 6/6 sent").contains("chunk 6/6 acked").contains("result 6 received")
                .doesNotContain("connection lost");
    }

    /** Issue 15: demo accepts the --timeout its timeout message names. */
    @Test
    void demo_acceptsTimeout() {
        CliTestSupport.Result r = CliTestSupport.run("demo", "--chunks", "1", "--timeout", "30");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("1/1 chunks acked");
    }
}
