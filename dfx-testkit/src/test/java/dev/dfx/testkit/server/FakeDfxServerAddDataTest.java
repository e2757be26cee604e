package dev.dfx.testkit.server;

import static dev.dfx.testkit.server.Fixture.M;
import static dev.dfx.testkit.server.Fixture.body;
import static dev.dfx.testkit.server.Fixture.chunk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.frame.ResponseFrame;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Measurements.AddData, 0506 (PROTOCOL.md §4, §8 Q3, Q8-Q10, Q16, Q19). */
class FakeDfxServerAddDataTest {
    private final Fixture fx = new Fixture();
    private final Fixture.Client c = fx.loggedIn();

    @AfterEach
    void close() {
        fx.close();
    }

    private static void assertError(ResponseFrame r, int status, String code) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(body(r).get("Code")).isEqualTo(code);
        assertThat((String) body(r).get("Message")).isNotBlank();
    }

    private MeasurementState state() {
        return fx.server.measurement(M).orElseThrow();
    }

    @Test
    void acceptedChunk_isAckedWithMeasurementDataIdAndChunkOrder() {
        ResponseFrame r = c.call("0506", "0506AbCdEf", chunk("FIRST::PROCESS", 0));

        assertThat(r.requestId().value()).isEqualTo("0506AbCdEf");
        assertThat(r.status()).isEqualTo(200);
        assertThat(Fixture.text(r)).isEqualTo("{\"ID\":\"" + M + ":0\",\"ChunkOrder\":0}");
        assertThat(state().chunksAccepted()).isEqualTo(1);
        assertThat(state().nextChunkOrder()).isEqualTo(1);
        assertThat(state().closed()).isFalse();
    }

    @Test
    void chunksFasterThanRealTime_get429RateLimit() {
        c.call("0506", chunk("FIRST::PROCESS", 0));

        ResponseFrame r = c.call("0506", chunk("CHUNK::PROCESS", 1));

        assertError(r, 429, "RATE_LIMIT");
        assertThat(state().chunksAccepted()).isEqualTo(1);
    }

    @Test
    void chunkAfterLast_gets400MeasurementClosed_untilANewFirst() {
        c.call("0506", chunk("FIRST::PROCESS", 0));
        fx.clock.advance(Duration.ofSeconds(5));
        c.call("0506", chunk("LAST::PROCESS", 1));

        ResponseFrame chunkAfter = c.call("0506", chunk("CHUNK::PROCESS", 2));
        ResponseFrame lastAfter = c.call("0506", chunk("LAST::PROCESS", null));
        ResponseFrame first = c.call("0506", chunk("FIRST::IGNORE", 0));

        assertError(chunkAfter, 400, "MEASUREMENT_CLOSED");
        assertError(lastAfter, 400, "MEASUREMENT_CLOSED");
        assertThat(first.status()).isEqualTo(200);
        assertThat(state().closed()).isFalse();
        assertThat(state().chunksAccepted()).isEqualTo(1);
    }

    @Test
    void chunkOrderNotPreviousPlusOne_gets400MisalignedChunk() {
        c.call("0506", chunk("FIRST::PROCESS", 0));
        fx.clock.advance(Duration.ofSeconds(10));

        ResponseFrame skip = c.call("0506", chunk("CHUNK::PROCESS", 2));
        ResponseFrame repeat = c.call("0506", chunk("CHUNK::PROCESS", 0));

        assertError(skip, 400, "MISALIGNED_CHUNK");
        assertError(repeat, 400, "MISALIGNED_CHUNK");
        assertThat(state().nextChunkOrder()).isEqualTo(1);
    }

    @Test
    void firstWithNonZeroChunkOrder_gets400MisalignedChunk() {
        ResponseFrame r = c.call("0506", chunk("FIRST::PROCESS", 1));

        assertError(r, 400, "MISALIGNED_CHUNK");
        assertThat(state().started()).isFalse();
    }

    @Test
    void unknownMeasurement_gets404InvalidMeasurement() {
        ResponseFrame r = c.call("0506", chunk("nope", "FIRST::PROCESS", 0, 5.0, "AAEC"));

        assertError(r, 404, "INVALID_MEASUREMENT");
        assertThat(fx.server.measurement("nope")).isEmpty();
    }

    @Test
    void emptyOrInvalidPayload_gets400UnpackerRpcErrorWithDetails() {
        ResponseFrame empty = c.call("0506", chunk(M, "FIRST::PROCESS", 0, 5.0, ""));
        ResponseFrame notBase64 = c.call("0506", chunk(M, "FIRST::PROCESS", 0, 5.0, "***"));

        assertError(empty, 400, "UNPACKER_RPC_ERROR");
        assertThat(body(empty).get("Errors")).isInstanceOf(Map.class);
        assertError(notBase64, 400, "UNPACKER_RPC_ERROR");
        assertThat(state().started()).isFalse();
    }

    @Test
    void missingRequiredFields_get400InvalidRequest() {
        assertError(c.call("0506", chunk(M, "FIRST::PROCESS", 0, 5.0, null)), 400, "INVALID_REQUEST");
        assertError(c.call("0506", "{\"Action\":\"FIRST::PROCESS\",\"Payload\":\"AAEC\"}"), 400, "INVALID_REQUEST");
        assertError(c.call("0506", chunk(M, "START::PROCESS", 0, 5.0, "AAEC")), 400, "INVALID_REQUEST");
        assertError(c.call("0506", chunk(M, "FIRST::PROCESS", 0, -1.0, "AAEC")), 400, "INVALID_REQUEST");
        assertThat(state().started()).isFalse();
    }

    @Test
    void totalDurationOverMaximum_gets400MeasurementClosed_andChangesNothing() {
        try (Fixture small = new Fixture(b -> b.maxMeasurementDuration(Duration.ofSeconds(12)).rateLimit(false))) {
            Fixture.Client k = small.loggedIn();
            k.call("0506", chunk("FIRST::PROCESS", 0));
            k.call("0506", chunk("CHUNK::PROCESS", 1));

            ResponseFrame r = k.call("0506", chunk("CHUNK::PROCESS", 2));
            ResponseFrame fits = k.call("0506", chunk(M, "LAST::PROCESS", 2, 2.0, "AAEC"));

            assertError(r, 400, "MEASUREMENT_CLOSED");
            assertThat(fits.status()).isEqualTo(200);
            assertThat(small.server.measurement(M).orElseThrow().totalDuration()).isEqualTo(Duration.ofSeconds(12));
        }
    }

    @Test
    void refusedChunk_doesNotAdvanceTheState_soTheSameChunkIsAcceptedLater() {
        c.call("0506", chunk("FIRST::PROCESS", 0));
        ResponseFrame limited = c.call("0506", chunk("CHUNK::PROCESS", 1));
        MeasurementState after = state();
        fx.clock.advance(Duration.ofSeconds(5));

        ResponseFrame retried = c.call("0506", chunk("CHUNK::PROCESS", 1));

        assertThat(limited.status()).isEqualTo(429);
        assertThat(after.chunksAccepted()).isEqualTo(1);
        assertThat(after.nextChunkOrder()).isEqualTo(1);
        assertThat(after.totalDuration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(retried.status()).isEqualTo(200);
        assertThat(body(retried).get("ChunkOrder")).isEqualTo(1L);
    }

    @Test
    void singleChunkMeasurement_lastAsOpener_isAcceptedAndClosesIt() {
        ResponseFrame r = c.call("0506", chunk("LAST::PROCESS", 0));

        assertThat(r.status()).isEqualTo(200);
        assertThat(body(r).get("ID")).isEqualTo(M + ":0");
        assertThat(state().closed()).isTrue();
        assertThat(state().chunksAccepted()).isEqualTo(1);
    }

    @Test
    void chunkAsOpener_isAcceptedLeniently() {
        ResponseFrame r = c.call("0506", chunk("CHUNK::PROCESS", 0));

        assertThat(r.status()).isEqualTo(200);
        assertThat(state().started()).isTrue();
    }

    @Test
    void missingChunkOrder_isCountedByTheServer() {
        try (Fixture free = new Fixture(b -> b.rateLimit(false))) {
            Fixture.Client k = free.loggedIn();

            ResponseFrame a = k.call("0506", chunk("FIRST::PROCESS", null));
            ResponseFrame b = k.call("0506", chunk("CHUNK::PROCESS", null));
            ResponseFrame d = k.call("0506", chunk("LAST::PROCESS", null));

            assertThat(body(a).get("ChunkOrder")).isEqualTo(0L);
            assertThat(body(b).get("ChunkOrder")).isEqualTo(1L);
            assertThat(body(d).get("ID")).isEqualTo(M + ":2");
        }
    }

    @Test
    void first_restartsTheMeasurement_discardingEarlierChunks() {
        c.call("0506", chunk("FIRST::PROCESS", 0));
        fx.clock.advance(Duration.ofSeconds(5));
        c.call("0506", chunk("CHUNK::PROCESS", 1));

        ResponseFrame again = c.call("0506", chunk("FIRST::PROCESS", 0));

        assertThat(again.status()).isEqualTo(200);
        assertThat(state().chunksAccepted()).isEqualTo(1);
        assertThat(state().nextChunkOrder()).isEqualTo(1);
        assertThat(state().totalDuration()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void rateRule_chunksPacedAtRealTime_areAllAccepted() {
        for (int i = 0; i < 6; i++) {
            String action = i == 0 ? "FIRST::PROCESS" : i == 5 ? "LAST::PROCESS" : "CHUNK::PROCESS";
            assertThat(c.call("0506", chunk(action, i)).status()).as("chunk %d", i).isEqualTo(200);
            fx.clock.advance(Duration.ofSeconds(5));
        }
        assertThat(state().closed()).isTrue();
    }

    @Test
    void rateRule_allowsRunningAheadByTheAllowanceOnly() {
        c.call("0506", chunk(M, "FIRST::PROCESS", 0, 2.0, "AAEC"));

        ResponseFrame within = c.call("0506", chunk(M, "CHUNK::PROCESS", 1, 3.0, "AAEC"));
        ResponseFrame beyond = c.call("0506", chunk(M, "CHUNK::PROCESS", 2, 0.5, "AAEC"));
        fx.clock.advance(Duration.ofMillis(500));
        ResponseFrame later = c.call("0506", chunk(M, "CHUNK::PROCESS", 2, 0.5, "AAEC"));

        assertThat(within.status()).isEqualTo(200);
        assertThat(beyond.status()).isEqualTo(429);
        assertThat(later.status()).isEqualTo(200);
    }

    @Test
    void rateRule_missingDurationCountsFiveSeconds() {
        c.call("0506", chunk(M, "FIRST::PROCESS", 0, null, "AAEC"));
        fx.clock.advance(Duration.ofSeconds(4));

        ResponseFrame early = c.call("0506", chunk(M, "CHUNK::PROCESS", 1, null, "AAEC"));
        fx.clock.advance(Duration.ofSeconds(1));
        ResponseFrame onTime = c.call("0506", chunk(M, "CHUNK::PROCESS", 1, null, "AAEC"));

        assertThat(early.status()).isEqualTo(429);
        assertThat(onTime.status()).isEqualTo(200);
        assertThat(state().totalDuration()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void rateRule_off_acceptsABurst() {
        try (Fixture free = new Fixture(b -> b.rateLimit(false))) {
            Fixture.Client k = free.loggedIn();

            for (int i = 0; i < 5; i++) {
                assertThat(k.call("0506", chunk(i == 0 ? "FIRST::PROCESS" : "CHUNK::PROCESS", i)).status())
                        .isEqualTo(200);
            }
        }
    }

    @Test
    void rateRule_bigOpeningChunk_alwaysPasses() {
        ResponseFrame r = c.call("0506", chunk(M, "FIRST::PROCESS", 0, 30.0, "AAEC"));

        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void numericStringTimingFields_areAccepted() {
        ResponseFrame r = c.call("0506", "{\"Params\":{\"ID\":\"" + M + "\"},\"Action\":\"FIRST::PROCESS\","
                + "\"ChunkOrder\":0,\"StartTime\":\"0\",\"EndTime\":\"5.0\",\"Duration\":\"5\",\"Payload\":\"AAEC\"}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(state().totalDuration()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void acceptAnyMeasurement_createsUnknownIdsOnFirstUse() {
        try (Fixture any = new Fixture(b -> b.acceptAnyMeasurement(true))) {
            Fixture.Client k = any.loggedIn();

            ResponseFrame r = k.call("0506", chunk("brand-new", "LAST::IGNORE", 0, 5.0, "AAEC"));

            assertThat(r.status()).isEqualTo(200);
            assertThat(any.server.measurement("brand-new").orElseThrow().closed()).isTrue();
        }
    }

    @Test
    void oneSocket_carriesSeveralMeasurementsInSequence() {
        String second = fx.server.createMeasurement();
        c.call("0506", chunk("LAST::PROCESS", 0));

        ResponseFrame r = c.call("0506", chunk(second, "LAST::PROCESS", 0, 5.0, "AAEC"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(fx.server.measurement(second).orElseThrow().closed()).isTrue();
    }
}
