package dev.dfx.core.engine;

import static dev.dfx.core.engine.EngineFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.Chunk;
import dev.dfx.core.MeasurementOptions;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.body.ChunkAck;
import dev.dfx.core.error.DfxRateLimitException;
import dev.dfx.core.frame.RequestFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Issue 12 item 9: RATE_LIMIT (docs/protocol.md §4.5) resends are bounded, slow the pacing, and fail typed. */
class RateLimitBoundTest {
    private static final Duration FIVE_S = Duration.ofSeconds(5);
    private static final MeasurementOptions UNPACED = new MeasurementOptions(false, Duration.ZERO,
            Duration.ofSeconds(30));
    private static final String RATE_LIMIT = "{\"Code\":\"RATE_LIMIT\",\"Message\":\"slow down\"}";

    private static Chunk chunk(int i) {
        return Chunk.of(("p" + i).getBytes(StandardCharsets.US_ASCII), FIVE_S);
    }

    private static RequestFrame lastChunk(ScriptedConnection c) {
        List<RequestFrame> f = c.frames("0506");
        return f.get(f.size() - 1);
    }

    /** Issue 12 item 9: a server that refuses every chunk with RATE_LIMIT kept the stream pending forever. */
    @Test
    void rateLimitForever_resendsBoundedByAttempts_waitsDouble_andTheStreamFailsTyped() {
        try (EngineFixture fx = new EngineFixture(EngineFixture.config().rateLimitRetries(3)
                .rateLimitMaxWait(Duration.ofHours(1)).build())) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 2, UNPACED);
            c.respond(m.subscriptionId(), 200, "{}");
            CompletableFuture<ChunkAck> a0 = m.send(chunk(0));
            long[] waits = {5, 10, 20};
            for (long w : waits) {
                int sent = c.frames("0506").size();
                c.respond(lastChunk(c), 429, RATE_LIMIT);
                fx.time.advance(Duration.ofSeconds(w).minusMillis(1));
                assertThat(c.frames("0506")).hasSize(sent);
                fx.time.advance(Duration.ofMillis(1));
                assertThat(c.frames("0506")).hasSize(sent + 1);
            }
            c.respond(lastChunk(c), 429, RATE_LIMIT); // the 4th refusal: more than rateLimitRetries
            assertThat(failure(a0)).isInstanceOf(DfxRateLimitException.class);
            assertThat(failure(m.completion())).isInstanceOf(DfxRateLimitException.class)
                    .hasMessageContaining("4 time(s)");
            fx.time.advance(Duration.ofHours(1));
            assertThat(c.frames("0506")).hasSize(4);
        }
    }

    /** Issue 12 item 9: the deadline bounds the resends too, on the monotonic ticker. */
    @Test
    void rateLimitForever_resendsBoundedByTheDeadline() {
        try (EngineFixture fx = new EngineFixture(EngineFixture.config().rateLimitRetries(100)
                .rateLimitMaxWait(Duration.ofSeconds(30)).build())) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 2, UNPACED);
            c.respond(m.subscriptionId(), 200, "{}");
            m.send(chunk(0));
            c.respond(lastChunk(c), 429, RATE_LIMIT); // t=0, resend at 5
            fx.time.advance(Duration.ofSeconds(5));
            c.respond(lastChunk(c), 429, RATE_LIMIT); // t=5, resend at 15
            fx.time.advance(Duration.ofSeconds(10));
            assertThat(m.completion()).isNotDone();
            c.respond(lastChunk(c), 429, RATE_LIMIT); // t=15: the next wait (20 s) would pass the 30 s bound
            assertThat(failure(m.completion())).isInstanceOf(DfxRateLimitException.class);
            assertThat(c.frames("0506")).hasSize(3);
        }
    }

    /** Issue 12 item 9: after a RATE_LIMIT the stream is paced to real time even when pacing was off. */
    @Test
    void afterARateLimit_theNextChunksArePacedToRealTime() {
        try (EngineFixture fx = new EngineFixture()) {
            ScriptedConnection c = fx.connectReady();
            MeasurementStream m = fx.client.startMeasurement("M", 3, UNPACED);
            c.respond(m.subscriptionId(), 200, "{}");
            m.send(chunk(0));
            m.send(chunk(1));
            c.respond(lastChunk(c), 429, RATE_LIMIT);
            fx.time.advance(FIVE_S);
            c.respond(lastChunk(c), 200, "{\"ID\":\"M:0\",\"ChunkOrder\":0}"); // t=5
            assertThat(c.frames("0506")).as("chunk 1 waits for real time").hasSize(2);
            fx.time.advance(FIVE_S); // t=10: 5 s sent + 5 s <= 10 s elapsed
            assertThat(c.frames("0506")).hasSize(3);
        }
    }
}
