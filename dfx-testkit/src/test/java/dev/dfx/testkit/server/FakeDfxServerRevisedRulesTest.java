package dev.dfx.testkit.server;

import static dev.dfx.testkit.server.FakeDfxServerAccountsTest.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.frame.ResponseFrame;
import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.server.WireClient.Wire;
import dev.dfx.testkit.server.internal.SyntheticResults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 13: the fake server follows the revised choices of docs/protocol.md §8 (Q5, Q10, Q15, Q19), §4.3 and §5.3, each
 * checked in memory and over a real loopback socket.
 */
class FakeDfxServerRevisedRulesTest extends WireFixture {
    static final String M1 = "m-one";
    static final String M2 = "m-two";

    WireClient loggedIn(Wire wire, Consumer<FakeDfxServer.Builder> config) {
        startWire(wire, b -> config.accept(b.measurements(M1, M2)));
        assertThat(client.call("0718", "{\"Token\":\"test-token\"}").status()).isEqualTo(200);
        return client;
    }

    static String chunk(String id, String action, Integer order, double seconds) {
        return "{\"Params\":{\"ID\":\"" + id + "\"},\"Action\":\"" + action + "\""
                + (order == null ? "" : ",\"ChunkOrder\":" + order) + ",\"Duration\":" + seconds
                + ",\"Payload\":\"AAEC\"}";
    }

    static String subscribe(String id, String requestId) {
        return "{\"Params\":{\"ID\":\"" + id + "\"},\"RequestID\":\"" + requestId + "\"}";
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> channels(ResponseFrame result) {
        return (Map<String, Object>) body(result).get("Channels");
    }

    @SuppressWarnings("unchecked")
    static List<Long> data(ResponseFrame result, String point) {
        return ((List<Number>) ((Map<String, Object>) channels(result).get(point)).get("Data")).stream()
                .map(Number::longValue).toList();
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void chunkPast120s_gets400MeasurementClosed_andChangesNothing(Wire wire) {
        WireClient c = loggedIn(wire, b -> { });
        assertThat(c.call("0506", chunk(M1, "FIRST::IGNORE", 0, 60)).status()).isEqualTo(200);
        assertThat(c.call("0506", chunk(M1, "CHUNK::IGNORE", 1, 60)).status()).isEqualTo(200);

        ResponseFrame r = c.call("0506", chunk(M1, "LAST::IGNORE", 2, 0.5));

        assertThat(r.status()).isEqualTo(400);
        assertThat(body(r).get("Code")).isEqualTo("MEASUREMENT_CLOSED");
        assertThat(server.measurement(M1).orElseThrow().totalDuration()).isEqualTo(Duration.ofSeconds(120));
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void repeatedFirst_restartsTheMeasurement_neverAnError(Wire wire) {
        WireClient c = loggedIn(wire, b -> { });
        // [CPP]'s old counter bug: FIRST for every chunk but the last, without ChunkOrder
        List<ResponseFrame> acks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            acks.add(c.call("0506", chunk(M1, "FIRST::IGNORE", null, 5)));
        }
        acks.add(c.call("0506", chunk(M1, "LAST::IGNORE", null, 5)));

        assertThat(acks).extracting(ResponseFrame::status).containsOnly(200);
        assertThat(acks).extracting(a -> body(a).get("ChunkOrder")).containsExactly(0, 0, 0, 1);
        MeasurementState m = server.measurement(M1).orElseThrow();
        assertThat(m.chunksAccepted()).isEqualTo(2);
        assertThat(m.closed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void addDataWithoutChunkOrder_isCountedByTheServer(Wire wire) {
        WireClient c = loggedIn(wire, b -> { });
        c.call("0510", subscribe(M1, "resultsXYZ"));
        List<Object> orders = new ArrayList<>();
        List<Object> dataIds = new ArrayList<>();
        String[] actions = {"FIRST::PROCESS", "CHUNK::PROCESS", "LAST::PROCESS"};

        for (String action : actions) {
            String minimal = "{\"Params\":{\"ID\":\"" + M1 + "\"},\"Action\":\"" + action + "\",\"Payload\":\"AAEC\"}";
            orders.add(body(c.call("0506", minimal)).get("ChunkOrder"));
            dataIds.add(body(c.next()).get("MeasurementDataID"));
        }

        assertThat(orders).containsExactly(0, 1, 2);
        assertThat(dataIds).containsExactly(M1 + ":0", M1 + ":1", M1 + ":2");
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void reusedSubscriptionRequestId_isNeverRefused_alsoAcrossMeasurementsOnOneSocket(Wire wire) {
        WireClient c = loggedIn(wire, b -> { });
        assertThat(c.call("0510", subscribe(M1, "STRM001010")).status()).isEqualTo(200);
        assertThat(c.call("0510", subscribe(M1, "STRM001010")).status()).as("same id, same measurement").isEqualTo(200);
        c.call("0506", chunk(M1, "LAST::PROCESS", 0, 5));
        ResponseFrame first = c.next();

        assertThat(c.call("0510", subscribe(M2, "STRM001010")).status()).as("same id, next measurement")
                .isEqualTo(200);
        ResponseFrame ack = c.call("0506", chunk(M2, "FIRST::PROCESS", 0, 5));
        ResponseFrame second = c.next();
        ResponseFrame status = c.call("0100", "{}");

        assertThat(first.requestId().value()).isEqualTo("STRM001010");
        assertThat(body(first).get("MeasurementID")).isEqualTo(M1);
        assertThat(ack.status()).isEqualTo(200);
        assertThat(second.requestId().value()).isEqualTo("STRM001010");
        assertThat(body(second).get("MeasurementID")).isEqualTo(M2);
        assertThat(status.requestId().value()).as("one result per chunk: no duplicate before this").startsWith("0100");
        assertThat(server.measurement(M1).orElseThrow().resultsSent()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void frameOfAtLeast10MiB_isAccepted(Wire wire) {
        WireClient c = loggedIn(wire, b -> { });
        String payload = Base64.getEncoder().encodeToString(new byte[7_900_000]);
        String json = "{\"Params\":{\"ID\":\"" + M1 + "\"},\"Action\":\"LAST::IGNORE\",\"Payload\":\"" + payload + "\"}";

        ResponseFrame r = c.call("0506", json);

        assertThat(r.status()).isEqualTo(200);
        assertThat(server.receivedFrames()).last().satisfies(f -> assertThat(f.size())
                .isGreaterThanOrEqualTo(10 * 1024 * 1024));
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void results_intermediateCarryTheEarlyPoints_theFinalOneTheFullSet(Wire wire) {
        WireClient c = loggedIn(wire, b -> { });
        c.call("0510", subscribe(M1, "resultsXYZ"));

        c.call("0506", chunk(M1, "FIRST::PROCESS", 0, 5));
        ResponseFrame intermediate = c.next();
        c.call("0506", chunk(M1, "LAST::PROCESS", 1, 5));
        ResponseFrame fin = c.next();

        assertThat(channels(intermediate).keySet()).containsExactlyElementsOf(SyntheticResults.EARLY_POINTS);
        assertThat(body(intermediate)).doesNotContainKey("StatusID");
        List<String> all = new ArrayList<>(SyntheticResults.EARLY_POINTS);
        all.addAll(SyntheticResults.LATE_POINTS);
        assertThat(channels(fin).keySet()).containsExactlyElementsOf(all);
        assertThat(body(fin)).containsEntry("StatusID", "COMPLETE");
        assertThat(data(fin, "HR_BPM")).singleElement()
                .satisfies(v -> assertThat(v.doubleValue() / 10000).isBetween(60.0, 100.0));
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void resolution100_givesASeriesPerPoint(Wire wire) {
        WireClient c = loggedIn(wire, b -> { });
        String id = (String) body(c.call("0504", "{\"StudyID\":\"s\",\"Resolution\":100}")).get("ID");
        c.call("0510", subscribe(id, "resultsXYZ"));

        c.call("0506", chunk(id, "LAST::PROCESS", 0, 5));
        ResponseFrame fin = c.next();

        assertThat(data(fin, "HR_BPM")).hasSize(SyntheticResults.SERIES_LENGTH);
        assertThat(data(fin, "BP_SYSTOLIC")).hasSize(SyntheticResults.SERIES_LENGTH);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void scriptedResults_carrySentinelsErrorsAndMissingFields(Wire wire) {
        WireClient c = loggedIn(wire, b -> { });
        server.scriptResult(M1, 0, ResultScript.snr(ResultScript.SNR_FACE_TRACKER_LIVENESS))
                .scriptResult(M1, 1, ResultScript.livenessError())
                .scriptResult(M1, 2, ResultScript.analysisError(Map.of("BR_BPM", List.of("breathing not found"))))
                .scriptResult(M1, 3, ResultScript.snr(ResultScript.SNR_TOI_LIVENESS).withoutMultiplier())
                .scriptResult(M1, 4, ResultScript.ok().withoutMeasurementDataId().withoutChannels())
                .scriptResults(5, ResultScript.workerError());
        c.call("0510", subscribe(M1, "resultsXYZ"));
        List<ResponseFrame> r = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            c.call("0506", chunk(M1, i == 0 ? "FIRST::PROCESS" : i == 5 ? "LAST::PROCESS" : "CHUNK::PROCESS", i, 5));
            r.add(c.next());
        }

        assertThat(data(r.get(0), "SNR")).containsExactly(-900_000L);
        assertThat(((Map<?, ?>) body(r.get(0)).get("Error")).get("Code")).isEqualTo("OK");
        assertThat(channels(r.get(1)).keySet()).containsExactly("SNR");
        assertThat(data(r.get(1), "SNR")).containsExactly(-1_000_000L);
        assertThat(body(r.get(1)).get("Error")).isEqualTo(Map.of("Code", "LIVENESS_ERROR", "Errors", Map.of()));
        assertThat(body(r.get(2)).get("Error")).isEqualTo(Map.of("Code", "ANALYSIS_ERROR",
                "Errors", Map.of("BR_BPM", Map.of("msgs", List.of("breathing not found")))));
        assertThat(body(r.get(3))).doesNotContainKey("Multiplier");
        assertThat(data(r.get(3), "SNR")).containsExactly(-91L);
        assertThat(body(r.get(4))).doesNotContainKeys("MeasurementDataID", "Channels").containsKey("MeasurementID");
        assertThat(body(r.get(5)).get("Error")).isEqualTo(Map.of("Code", "WORKER_ERROR", "Errors", Map.of()));
        assertThat(channels(r.get(5))).isEmpty();
        assertThat(body(r.get(5))).containsEntry("StatusID", "ERROR");
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void analysisErrorOnTheFinalResult_dropsTheFailedPoint_andIsPartial(Wire wire) {
        WireClient c = loggedIn(wire, b -> { });
        server.scriptResults(0, ResultScript.analysisError(Map.of("BP_SYSTOLIC", List.of("signal failed", "retry"))));
        c.call("0510", subscribe(M2, "resultsXYZ"));

        c.call("0506", chunk(M2, "LAST::PROCESS", 0, 5));
        ResponseFrame fin = c.next();
        server.clearResultScripts();

        assertThat(channels(fin)).doesNotContainKey("BP_SYSTOLIC").containsKey("BP_DIASTOLIC");
        assertThat(body(fin)).containsEntry("StatusID", "PARTIAL");
    }
}
