package dev.dfx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.port.BodyCodec;
import dev.dfx.testkit.FakeDfxServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: {@code dfx measure --json} carries the measurement id, the final status and every point's value with its
 * unit; the table shows the same and says the values come from a fake server; {@code --quality-gate} applies the SNR
 * rule of docs/protocol.md §5.3. The fake server's results get scripted SNR values through a codec decorator: the server
 * encodes each result body with it, so the client receives exactly those values over the socket.
 */
class ResultsOutputIT {
    /** Measurement id to (chunk order to raw SNR Data, with the fake server's Multiplier 10000). */
    private static final Map<String, Map<Integer, Long>> SNR = new ConcurrentHashMap<>();
    private static FakeDfxServer server;

    @BeforeAll
    static void start() {
        server = FakeDfxServer.builder().tokens("out-token").acceptAnyMeasurement(true).rateLimit(false)
                .codec(new ScriptedSnr(JacksonBodyCodec.create())).socket(0).build().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<?, ?> json(String line) {
        return JacksonBodyCodec.create().decode(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), Map.class);
    }

    private static CliTestSupport.Result measure(String id, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("measure", "--url", server.uri().toString(), "--token",
                "out-token", "--measurement", id, "--synthetic", "6", "--duration", "0.1", "--no-pace",
                "--timeout", "60"));
        args.addAll(List.of(more));
        return CliTestSupport.run(args.toArray(String[]::new));
    }

    @Test
    void json_carriesIdStatusAndEveryPointWithItsUnit_andNamesTheFakeServer() {
        CliTestSupport.Result r = measure("M-json", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<?, ?> j = json(r.lastOutLine());
        assertThat(r.out().strip().lines()).hasSize(1);
        assertThat(j.get("measurementId")).isEqualTo("M-json");
        assertThat(j.get("status")).isEqualTo("COMPLETE");
        Map<?, ?> points = (Map<?, ?>) j.get("points");
        // the fake server's final result (docs/protocol.md §5.3): the nine early points and the seven that first appear
        // at 30 s, Multiplier 10000
        assertThat(new java.util.ArrayList<Object>(points.keySet())).containsExactlyInAnyOrder(
                "SNR", "HR_BPM", "AGE", "HEIGHT", "WEIGHT", "BMI_CALC", "ABSI", "WAIST_CIRCUM", "WAIST_TO_HEIGHT",
                "BR_BPM", "HRV_SDNN", "BP_SYSTOLIC", "BP_DIASTOLIC", "BP_CVD", "MSI", "HEALTH_SCORE");
        Map<?, ?> hr = (Map<?, ?>) points.get("HR_BPM");
        assertThat(hr.get("unit")).isEqualTo("bpm");
        assertThat(hr.get("name")).isEqualTo("Pulse Rate");
        assertThat(((Number) hr.get("value")).doubleValue()).isBetween(60.0, 99.9);
        assertThat(((Map<?, ?>) points.get("BP_SYSTOLIC")).get("unit")).isEqualTo("mmHg");
        assertThat(((Map<?, ?>) points.get("BP_SYSTOLIC")).get("notes")).isEqualTo(List.of("NOTE_USED_PRED_DEMOG"));
        assertThat(((Map<?, ?>) points.get("BR_BPM")).get("unit")).isEqualTo("breaths/min");
        assertThat(((Map<?, ?>) points.get("SNR")).get("unit")).isEqualTo("dB");
        assertThat(((Map<?, ?>) points.get("MSI")).get("unit")).isEqualTo("");
        assertThat(j.get("server")).isEqualTo(Map.of("version", "fake-dfx-1", "region", "fake-local", "fake", true));
        assertThat(j.get("resultsWithheld")).isEqualTo(false);
        assertThat(j.containsKey("qualityGate")).isFalse();
    }

    @Test
    void table_showsTheSameValuesAndUnits_andSaysTheyComeFromAFakeServer() {
        CliTestSupport.Result r = measure("M-table");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Values from a FAKE DFX server (fake-dfx-1)")
                .contains("Results for measurement M-table (COMPLETE)");
        assertThat(r.out().lines().filter(l -> l.startsWith("HR_BPM"))).singleElement().asString()
                .contains("Pulse Rate").containsPattern(" (6\\d|7\\d|8\\d|9\\d)\\.\\d\\d  bpm");
        assertThat(r.out().lines().filter(l -> l.startsWith("BP_SYSTOLIC"))).singleElement().asString()
                .contains("mmHg").contains("NOTE_USED_PRED_DEMOG");
    }

    /** §5.3: SNR below 0.5 at 15 s (chunk 2) cancels. */
    @Test
    void qualityGate_lowSnrAt15s_cancels_exit1() {
        SNR.put("M-gate-cancel", Map.of(2, 3_000L)); // 0.3
        CliTestSupport.Result r = measure("M-gate-cancel", "--quality-gate", "--json");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        Map<?, ?> j = json(r.lastOutLine());
        assertThat(j.get("ok")).isEqualTo(false);
        assertThat(j.get("status")).isEqualTo("CANCELLED");
        assertThat(j.get("cancelledBy")).isEqualTo("quality-gate");
        Map<?, ?> q = (Map<?, ?>) j.get("qualityGate");
        assertThat(q.get("decision")).isEqualTo("CANCEL");
        assertThat(q.get("chunk")).isEqualTo(2L);
        assertThat(((Number) q.get("snr")).doubleValue()).isEqualTo(0.3);
        assertThat(r.err()).contains("quality gate: CANCEL");
    }

    /** §5.3: SNR below 0.5 in two of the three chunks after 15 s cancels. */
    @Test
    void qualityGate_lowSnrInTwoLaterChunks_cancels() {
        SNR.put("M-gate-two", Map.of(3, 4_000L, 4, 1_000L));
        CliTestSupport.Result r = measure("M-gate-two", "--quality-gate", "--json");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        Map<?, ?> q = (Map<?, ?>) json(r.lastOutLine()).get("qualityGate");
        assertThat(q.get("decision")).isEqualTo("CANCEL");
        assertThat(q.get("chunk")).isEqualTo(4L);
    }

    /** §5.3: SNR below 0.5 on the last chunk: do not show the results (here the −100 sentinel, LIVENESS). */
    @Test
    void qualityGate_lowSnrOnTheLastChunk_withholdsTheResults() {
        SNR.put("M-gate-hide", Map.of(5, -100L));
        CliTestSupport.Result r = measure("M-gate-hide", "--quality-gate", "--json");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        Map<?, ?> j = json(r.lastOutLine());
        assertThat(j.get("status")).isEqualTo("COMPLETE");
        assertThat(j.get("resultsWithheld")).isEqualTo(true);
        assertThat((Map<?, ?>) j.get("points")).isEmpty();
        assertThat(((Map<?, ?>) j.get("qualityGate")).get("decision")).isEqualTo("HIDE_RESULTS");

        CliTestSupport.Result table = measure("M-gate-hide", "--quality-gate");
        assertThat(table.exitCode()).isEqualTo(1);
        assertThat(table.out()).contains("results withheld by the quality gate").doesNotContain("HR_BPM");
    }

    @Test
    void qualityGate_goodSnr_showsTheResults_exit0() {
        CliTestSupport.Result r = measure("M-gate-ok", "--quality-gate", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<?, ?> j = json(r.lastOutLine());
        assertThat(((Map<?, ?>) j.get("qualityGate")).get("decision")).isEqualTo("SHOW_RESULTS");
        assertThat(((Map<?, ?>) j.get("qualityGate")).get("passed")).isEqualTo(true);
        assertThat(((Map<?, ?>) j.get("points")).containsKey("HR_BPM")).isTrue();
    }

    /** Rewrites the SNR Data of the result bodies the server encodes, per {@link #SNR}. */
    private static final class ScriptedSnr implements BodyCodec {
        private final BodyCodec delegate;

        ScriptedSnr(BodyCodec delegate) {
            this.delegate = delegate;
        }

        @Override
        public String subprotocol() {
            return delegate.subprotocol();
        }

        @Override
        public ByteBuffer encode(Object body, int headroom) {
            if (body instanceof Map && ((Map<?, ?>) body).get("Channels") instanceof Map) {
                Map<?, ?> b = (Map<?, ?>) body;
                String dataId = String.valueOf(b.get("MeasurementDataID"));
                int colon = dataId.lastIndexOf(':');
                Map<Integer, Long> script = SNR.get(dataId.substring(0, Math.max(colon, 0)));
                Long snr = script == null ? null : script.get(Integer.parseInt(dataId.substring(colon + 1)));
                if (snr != null) {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    b.forEach((k, v) -> copy.put((String) k, v));
                    Map<String, Object> channels = new LinkedHashMap<>();
                    ((Map<?, ?>) b.get("Channels")).forEach((k, v) -> channels.put((String) k, v));
                    channels.put("SNR", Map.of("Channel", "slow/toi4", "Data", List.of(snr)));
                    copy.put("Channels", channels);
                    return delegate.encode(copy, headroom);
                }
            }
            return delegate.encode(body, headroom);
        }

        @Override
        public <T> T decode(ByteBuffer body, Class<T> type) {
            return delegate.decode(body, type);
        }
    }
}
