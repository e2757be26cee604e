package dev.dfx.testkit.server;

import static dev.dfx.testkit.server.Fixture.M;
import static dev.dfx.testkit.server.Fixture.body;
import static dev.dfx.testkit.server.Fixture.chunk;
import static dev.dfx.testkit.server.Fixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.frame.ResponseFrame;
import dev.dfx.testkit.server.internal.SyntheticResults;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Measurements.Subscribe, 0510, and result pushes (PROTOCOL.md §5, §8 Q5-Q7, Q11, Q17). */
class FakeDfxServerResultsTest {
    private final Fixture fx = new Fixture(b -> b.rateLimit(false));
    private final Fixture.Client c = fx.loggedIn();

    @AfterEach
    void close() {
        fx.close();
    }

    private static MeasurementResult result(ResponseFrame f) {
        return Fixture.CODEC.decode(f.body(), MeasurementResult.class);
    }

    @Test
    void subscribe_acksOnFrameId_andResultsGoToRequestIdAfterTheChunkAck() {
        ResponseFrame ack = c.call("0510", "0510frameX", subscribe(M, "resultsABC"));

        c.send("0506", "0506AbCdEf", chunk("FIRST::PROCESS", 0));
        ResponseFrame chunkAck = c.next();
        ResponseFrame res = c.next();

        assertThat(ack.requestId().value()).isEqualTo("0510frameX");
        assertThat(ack.status()).isEqualTo(200);
        assertThat(Fixture.text(ack)).isEqualTo("{}");
        assertThat(chunkAck.requestId().value()).isEqualTo("0506AbCdEf");
        assertThat(res.requestId().value()).isEqualTo("resultsABC");
        assertThat(res.status()).isEqualTo(200);
        MeasurementResult r = result(res);
        assertThat(r.measurementId()).isEqualTo(M);
        assertThat(r.measurementDataId()).isEqualTo(M + ":0");
        assertThat(r.chunkOrder()).hasValue(0);
        assertThat(r.multiplier()).isEqualTo(10000);
        assertThat(r.channels()).containsOnlyKeys(SyntheticResults.EARLY_POINTS.toArray(String[]::new));
        assertThat(r.channels().get("HR_BPM").channel()).isEqualTo("slow/toi4");
        assertThat(r.value("HR_BPM")).isBetween(60.0, 100.0);
        assertThat(r.error().isError()).isFalse();
        assertThat(r.isFinal()).isFalse();
        assertThat(c.nothingMore()).isTrue();
    }

    @Test
    void subscribe_withEmptyRequestId_sendsResultsOnTheFrameId() {
        c.call("0510", "0510RfGhJk", subscribe(M, ""));

        c.call("0506", chunk("LAST::PROCESS", 0));
        ResponseFrame res = c.next();

        assertThat(res.requestId().value()).isEqualTo("0510RfGhJk");
        assertThat(result(res).isFinal()).isTrue();
    }

    @Test
    void subscribe_withoutRequestIdField_sendsResultsOnTheFrameId() {
        c.call("0510", "0510NoReqI", "{\"Params\":{\"ID\":\"" + M + "\"}}");
        c.call("0506", chunk("LAST::PROCESS", 0));

        assertThat(c.next().requestId().value()).isEqualTo("0510NoReqI");
    }

    @Test
    void subscribe_withRequestIdOfOtherLength_gets400InvalidRequestId() {
        ResponseFrame shortId = c.call("0510", subscribe(M, "abc"));
        ResponseFrame longId = c.call("0510", subscribe(M, "abcdefghijk"));

        assertThat(shortId.status()).isEqualTo(400);
        assertThat(body(shortId).get("Code")).isEqualTo("INVALID_REQUEST_ID");
        assertThat(body(longId).get("Code")).isEqualTo("INVALID_REQUEST_ID");
        assertThat(fx.server.measurement(M).orElseThrow().subscriptions()).isZero();
    }

    @Test
    void subscribe_toUnknownMeasurement_gets404InvalidMeasurementOnFrameId() {
        ResponseFrame r = c.call("0510", "0510unknow", subscribe("nope", ""));

        assertThat(r.requestId().value()).isEqualTo("0510unknow");
        assertThat(r.status()).isEqualTo(404);
        assertThat(body(r).get("Code")).isEqualTo("INVALID_MEASUREMENT");
    }

    @Test
    void ignoreChunks_produceNoResult() {
        c.call("0510", subscribe(M, "resultsABC"));

        c.call("0506", chunk("FIRST::IGNORE", 0));
        c.call("0506", chunk("CHUNK::IGNORE", 1));
        c.call("0506", chunk("LAST::IGNORE", 2));

        assertThat(c.nothingMore()).isTrue();
        assertThat(fx.server.measurement(M).orElseThrow().resultsSent()).isZero();
        assertThat(fx.server.measurement(M).orElseThrow().closed()).isTrue();
    }

    @Test
    void results_followChunkOrder_andOnlyTheLastCarriesStatusAndMorePoints() {
        c.call("0510", subscribe(M, "resultsABC"));

        for (int i = 0; i < 3; i++) {
            c.send("0506", c.id("0506"), chunk(i == 0 ? "FIRST::PROCESS" : i == 2 ? "LAST::PROCESS" : "CHUNK::PROCESS",
                    i));
        }

        for (int i = 0; i < 3; i++) {
            ResponseFrame ack = c.next();
            MeasurementResult r = result(c.next());
            assertThat(body(ack).get("ChunkOrder")).isEqualTo((long) i);
            assertThat(r.chunkOrder()).hasValue(i);
            assertThat(r.isFinal()).isEqualTo(i == 2);
        }
        assertThat(fx.server.sentFrames()).last().satisfies(f -> {
            MeasurementResult last = Fixture.CODEC.decode(f.body(), MeasurementResult.class);
            assertThat(last.statusId()).isEqualTo("COMPLETE");
            assertThat(last.channels()).containsKeys("HR_BPM", "SNR", "BR_BPM", "MSI", "BP_SYSTOLIC");
            assertThat(last.channels().get("BP_SYSTOLIC").notes()).isNotEmpty();
        });
    }

    @Test
    void results_areDeterministic_forTheSameMeasurementAndChunk() {
        c.call("0510", subscribe(M, "resultsABC"));
        c.call("0506", chunk("LAST::PROCESS", 0));
        ResponseFrame first = c.next();
        try (Fixture other = new Fixture()) {
            Fixture.Client k = other.loggedIn();
            k.call("0510", subscribe(M, "resultsABC"));
            k.call("0506", chunk("LAST::PROCESS", 0));

            ResponseFrame second = k.next();

            assertThat(Fixture.text(second)).isEqualTo(Fixture.text(first));
        }
    }

    @Test
    void severalSubscriptions_eachGetEveryResult_andLateOnesGetNoReplay() {
        Fixture.Client other = fx.loggedIn();
        c.call("0510", subscribe(M, "first00001"));
        c.call("0510", subscribe(M, "second0002"));
        c.call("0506", chunk("FIRST::PROCESS", 0));
        ResponseFrame a = c.next();
        ResponseFrame b = c.next();

        other.call("0510", subscribe(M, "late000003"));
        c.call("0506", chunk("CHUNK::PROCESS", 1));
        ResponseFrame lateResult = other.next();

        assertThat(a.requestId().value()).isEqualTo("first00001");
        assertThat(b.requestId().value()).isEqualTo("second0002");
        assertThat(result(lateResult).chunkOrder()).hasValue(1);
        assertThat(other.nothingMore()).isTrue();
        assertThat(fx.server.measurement(M).orElseThrow().subscriptions()).isEqualTo(3);
    }

    @Test
    void subscription_endsWithItsConnection() {
        Fixture.Client other = fx.loggedIn();
        other.call("0510", subscribe(M, "gone000001"));

        other.conn.onClosed(1000, "");
        c.call("0506", chunk("FIRST::PROCESS", 0));

        assertThat(other.nothingMore()).isTrue();
        assertThat(fx.server.measurement(M).orElseThrow().subscriptions()).isZero();
        assertThat(fx.server.measurement(M).orElseThrow().resultsSent()).isZero();
    }

    @Test
    void resultDelay_sendsTheAckNowAndTheResultAfterTheDelay() {
        try (Fixture slow = new Fixture(b -> b.resultDelay(Duration.ofMillis(500)).rateLimit(false))) {
            Fixture.Client k = slow.loggedIn();
            k.call("0510", subscribe(M, "resultsABC"));

            ResponseFrame ack0 = k.call("0506", chunk("FIRST::PROCESS", 0));
            ResponseFrame ack1 = k.call("0506", chunk("LAST::PROCESS", 1));
            boolean noneYet = k.nothingMore();
            slow.clock.advance(Duration.ofMillis(499));
            boolean stillNone = k.nothingMore();
            slow.clock.advance(Duration.ofMillis(1));

            assertThat(ack0.status()).isEqualTo(200);
            assertThat(ack1.status()).isEqualTo(200);
            assertThat(noneYet).isTrue();
            assertThat(stillNone).isTrue();
            assertThat(result(k.next()).chunkOrder()).hasValue(0);
            assertThat(result(k.next()).chunkOrder()).hasValue(1);
        }
    }

    @Test
    void resultMessage_isTheDocumentedShape() {
        c.call("0510", subscribe(M, "resultsABC"));
        c.call("0506", chunk("FIRST::PROCESS", 0));

        Map<?, ?> b = body(c.next());

        assertThat(b.keySet().stream().map(String::valueOf).toList()).containsExactly("MeasurementID", "MeasurementDataID", "MeasurementResultID",
                "Multiplier", "Channels", "Error");
        assertThat(b.get("Error")).isEqualTo(Map.of("Code", "OK", "Errors", Map.of()));
    }
}
