package dev.dfx.guice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.ActionId;
import dev.dfx.core.Chunk;
import dev.dfx.core.DfxClient;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.DfxMessage;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.MeasurementSummary;
import dev.dfx.core.body.ChunkAck;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Shared steps of the wiring tests: a config for a fake server, a 3-chunk measurement, a status request. */
final class Measurements {
    /** The one token the tests' fake servers accept. */
    static final String TOKEN = "guice-test-token";
    /** Bound on every wait of the tests. */
    static final Duration WAIT = Duration.ofSeconds(15);

    private Measurements() {
    }

    /** @return a client config for a fake server at {@code uri} (a loopback {@code ws://} URI) */
    static DfxClientConfig config(URI uri) {
        return DfxClientConfig.builder().uri(uri).userToken(TOKEN).build();
    }

    /**
     * Connects, streams a 3-chunk measurement of 100 ms chunks, and waits for its completion.
     *
     * @return the acks (in send order) and the summary
     */
    static Outcome connectAndMeasure(DfxClient client, String measurementId) throws Exception {
        client.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        MeasurementStream stream = client.startMeasurement(measurementId, 3);
        List<CompletableFuture<ChunkAck>> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] bytes = ("chunk-" + i).getBytes(StandardCharsets.US_ASCII);
            sent.add(stream.send(Chunk.of(bytes, Duration.ofMillis(100))));
        }
        MeasurementSummary summary = stream.completion().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        List<ChunkAck> acks = new ArrayList<>();
        for (CompletableFuture<ChunkAck> f : sent) {
            acks.add(f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        return new Outcome(acks, summary);
    }

    /** Asserts what a good 3-chunk measurement of the fake server ends with. */
    static void assertCompleteMeasurement(Outcome outcome, String measurementId) {
        assertThat(outcome.acks()).extracting(ChunkAck::chunkOrder).containsExactly(0, 1, 2);
        assertThat(outcome.summary().measurementId()).isEqualTo(measurementId);
        assertThat(outcome.summary().chunksAcked()).isEqualTo(3);
        assertThat(outcome.summary().results()).hasSize(3);
        assertThat(outcome.summary().finalResult())
                .hasValueSatisfying(r -> assertThat(r.isFinal()).isTrue());
    }

    /** Sends {@code 0100} on a READY client and returns the answer. */
    static DfxMessage status(DfxClient client) throws Exception {
        return client.sendMessage(ActionId.GENERAL_STATUS, Map.of()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Acks and summary of one measurement. */
    record Outcome(List<ChunkAck> acks, MeasurementSummary summary) {
    }
}
