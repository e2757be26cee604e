package dev.dfx.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.Chunk;
import dev.dfx.core.MeasurementOptions;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.frame.RequestFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 12 item 2: pacing, timeouts and backoff run on the monotonic ticker, never on the wall clock. */
class MonotonicTimeTest {
    private static final Duration FIVE_S = Duration.ofSeconds(5);
    /** Real-time pacing, no burst: chunk k (k >= 1) may go 5(k+1) s after the first (sent + d <= elapsed, §4.3). */
    private static final MeasurementOptions PACED = new MeasurementOptions(true, Duration.ZERO,
            Duration.ofSeconds(30));

    private static Chunk chunk(int i) {
        return Chunk.of(("p" + i).getBytes(StandardCharsets.US_ASCII), FIVE_S);
    }

    private static void ack(ScriptedConnection c, RequestFrame f, int order) {
        c.respond(f, 200, "{\"ID\":\"M:" + order + "\",\"ChunkOrder\":" + order + "}");
    }

    /** Issue 12 item 2: an NTP step back of one hour mid-measurement stalled the next chunk for an hour. */
    @Test
    void wallClockSteppedBackOneHour_midMeasurement_nextChunkStillGoesOnTime() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 3, PACED);
            c.respond(m.subscriptionId(), 200, "{}");
            m.send(chunk(0));
            m.send(chunk(1));
            ack(c, c.frames("0506").get(0), 0);

            fx.time.advance(Duration.ofSeconds(2));
            fx.time.stepWall(Duration.ofHours(-1)); // NTP steps the wall clock back mid-measurement
            fx.time.advance(Duration.ofSeconds(8).minusMillis(1));
            assertThat(c.frames("0506")).hasSize(1);
            fx.time.advance(Duration.ofMillis(1));

            List<RequestFrame> sent = c.frames("0506");
            assertThat(sent).as("chunk 1 goes 10 s of monotonic time after chunk 0").hasSize(2);
        }
    }

    /** A wall clock stepped forward must not let chunks run ahead of real time (PROTOCOL.md §4.3). */
    @Test
    void wallClockSteppedForward_doesNotReleaseTheNextChunkEarly() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 3, PACED);
            c.respond(m.subscriptionId(), 200, "{}");
            m.send(chunk(0));
            ack(c, c.frames("0506").get(0), 0);
            fx.time.stepWall(Duration.ofHours(1));
            m.send(chunk(1));
            fx.time.advance(Duration.ofSeconds(9));
            assertThat(c.frames("0506")).hasSize(1);
            fx.time.advance(Duration.ofSeconds(1));
            assertThat(c.frames("0506")).hasSize(2);
        }
    }
}
