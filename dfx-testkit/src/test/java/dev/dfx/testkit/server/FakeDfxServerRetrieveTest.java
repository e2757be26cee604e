package dev.dfx.testkit.server;

import static dev.dfx.testkit.server.Fixture.M;
import static dev.dfx.testkit.server.Fixture.body;
import static dev.dfx.testkit.server.Fixture.chunk;
import static dev.dfx.testkit.server.Fixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.body.MeasurementResult;
import dev.dfx.core.frame.ResponseFrame;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Measurements.Retrieve, 0500, over WS (docs/protocol.md §3.3, §5.4, §5.5; our choice for §8 Q12). Issue 7: the fallback
 * when a final result was lost with the connection.
 */
class FakeDfxServerRetrieveTest {
    private final Fixture fx = new Fixture(b -> b.rateLimit(false));
    private final Fixture.Client c = fx.loggedIn();

    @AfterEach
    void close() {
        fx.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> results(Map<?, ?> body) {
        return (Map<String, Object>) body.get("Results");
    }

    private static String retrieve(String id) {
        return "{\"Params\":{\"ID\":\"" + id + "\"},\"Query\":{\"ExpandResults\":true}}";
    }

    @Test
    void retrieve_afterLastProcess_isCompleteWithTheFinalResultsValuesInRestShape() {
        c.call("0510", subscribe(M, "resultsABC"));
        c.call("0506", chunk("FIRST::PROCESS", 0));
        c.next();
        c.call("0506", chunk("LAST::PROCESS", 1));
        MeasurementResult pushed = Fixture.CODEC.decode(c.next().body(), MeasurementResult.class);

        ResponseFrame r = c.call("0500", "0500retrie", retrieve(M));

        assertThat(r.requestId().value()).isEqualTo("0500retrie");
        assertThat(r.status()).isEqualTo(200);
        Map<?, ?> b = body(r);
        assertThat(b.get("ID")).isEqualTo(M);
        assertThat(b.get("StatusID")).isEqualTo("COMPLETE");
        Map<String, Object> results = results(b);
        assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(pushed.channels().keySet());
        pushed.channels().forEach((point, channel) -> {
            Map<?, ?> entry = (Map<?, ?>) ((List<?>) results.get(point)).get(0);
            assertThat(((List<?>) entry.get("Data")).stream().map(n -> ((Number) n).longValue()).toList())
                    .isEqualTo(channel.data());
            assertThat(((Number) entry.get("Multiplier")).longValue()).isEqualTo(pushed.multiplier());
            assertThat(entry.get("Notes")).isEqualTo(channel.notes());
        });
    }

    @Test
    void retrieve_withoutAnySubscription_stillServesTheStoredFinalResult() {
        c.call("0506", chunk("LAST::PROCESS", 0));

        Map<?, ?> b = body(c.call("0500", retrieve(M)));

        assertThat(b.get("StatusID")).isEqualTo("COMPLETE");
        assertThat(results(b)).containsKeys("HR_BPM", "BP_SYSTOLIC");
    }

    @Test
    void retrieve_whileChunksArrive_isCapturingWithNoResults() {
        c.call("0506", chunk("FIRST::PROCESS", 0));

        Map<?, ?> b = body(c.call("0500", retrieve(M)));

        assertThat(b.get("StatusID")).isEqualTo("CAPTURING");
        assertThat(results(b)).isEmpty();
    }

    @Test
    void retrieve_beforeTheResultDelay_isProcessing_thenComplete() {
        try (Fixture slow = new Fixture(b -> b.resultDelay(Duration.ofMillis(500)).rateLimit(false))) {
            Fixture.Client k = slow.loggedIn();
            k.call("0506", chunk("LAST::PROCESS", 0));

            Map<?, ?> before = body(k.call("0500", retrieve(M)));
            slow.clock.advance(Duration.ofMillis(500));
            Map<?, ?> after = body(k.call("0500", retrieve(M)));

            assertThat(before.get("StatusID")).isEqualTo("PROCESSING");
            assertThat(results(before)).isEmpty();
            assertThat(after.get("StatusID")).isEqualTo("COMPLETE");
            assertThat(results(after)).containsKey("HR_BPM");
        }
    }

    @Test
    void retrieve_unknownMeasurement_gets404InvalidMeasurement() {
        ResponseFrame r = c.call("0500", retrieve("nope"));

        assertThat(r.status()).isEqualTo(404);
        assertThat(body(r).get("Code")).isEqualTo("INVALID_MEASUREMENT");
    }

    @Test
    void retrieve_withoutParamsId_gets400InvalidRequest() {
        ResponseFrame r = c.call("0500", "{}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(body(r).get("Code")).isEqualTo("INVALID_REQUEST");
    }
}
