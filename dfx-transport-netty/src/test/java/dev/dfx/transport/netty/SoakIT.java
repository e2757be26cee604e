package dev.dfx.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.Chunk;
import dev.dfx.core.ConnectionEvent;
import dev.dfx.core.DfxClient;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.MeasurementOptions;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.MeasurementSummary;
import dev.dfx.core.ReconnectPolicy;
import dev.dfx.core.body.ChunkAck;
import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.server.MeasurementState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Soak (issue 7): N concurrent 6-chunk measurements over one Netty client against the fake server on a loopback
 * socket, with the server closing every connection once mid-round, so every stream rides out a reconnect. Reports
 * chunks lost (must be 0), reconnects and heap before and after. Short by default; longer with
 * {@code -Ddfx.soak.streams=N -Ddfx.soak.seconds=S} (rounds repeat until S seconds passed).
 */
@ExtendWith(LeakDetectionExtension.class)
class SoakIT {
    private static final String TOKEN = "soak-token";
    private static final int CHUNKS = 6;

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void concurrentMeasurements_loseNoChunk_acrossAServerSideCut() throws Exception {
        int streams = Integer.getInteger("dfx.soak.streams", 20);
        long seconds = Long.getLong("dfx.soak.seconds", 0);
        long heapBefore = usedHeap();
        long start = System.nanoTime();
        int rounds = 0;
        long sent = 0;
        long acked = 0;
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        try (FakeDfxServer server = FakeDfxServer.builder().tokens(TOKEN).socket(0).build().start();
             NettyTransport transport = NettyTransport.create()) {
            DfxClientConfig config = DfxClientConfig.builder().uri(server.uri()).userToken(TOKEN)
                    .requestTimeout(Duration.ofSeconds(10))
                    .reconnect(new ReconnectPolicy(Duration.ofMillis(50), 2.0, Duration.ofMillis(500), 0.2, 8))
                    .build();
            try (DfxClient client = DfxClient.builder().transport(transport).codec(JacksonBodyCodec.create())
                    .config(config).build()) {
                java.util.concurrent.Semaphore connects = new java.util.concurrent.Semaphore(0);
                client.onConnectionEvent(e -> {
                    events.add(e);
                    if (e instanceof ConnectionEvent.Connected) {
                        connects.release();
                    }
                });
                client.connect().get(20, TimeUnit.SECONDS);
                do {
                    rounds++;
                    List<String> ids = new ArrayList<>();
                    List<MeasurementStream> running = new ArrayList<>();
                    CompletableFuture<ChunkAck> midAck = null;
                    for (int s = 0; s < streams; s++) {
                        String id = server.createMeasurement();
                        ids.add(id);
                        MeasurementStream m = client.startMeasurement(id, CHUNKS,
                                new MeasurementOptions(true, Duration.ZERO, Duration.ofSeconds(10)));
                        running.add(m);
                        for (int i = 0; i < CHUNKS; i++) {
                            CompletableFuture<ChunkAck> ack = m.send(Chunk.of(new byte[] {(byte) s, (byte) i, 7},
                                    Duration.ofMillis(100)));
                            if (s == 0 && i == 2) {
                                midAck = ack;
                            }
                            sent++;
                        }
                    }
                    // Mid-round: the server closes every connection; the client reconnects and resumes each stream.
                    midAck.get(20, TimeUnit.SECONDS);
                    server.closeConnections(1012, "service restart");
                    for (int s = 0; s < streams; s++) {
                        MeasurementSummary summary = running.get(s).completion().get(60, TimeUnit.SECONDS);
                        acked += summary.chunksAcked();
                        MeasurementState state = server.measurement(ids.get(s)).orElseThrow();
                        assertThat(state.chunksAccepted()).isEqualTo(CHUNKS);
                        assertThat(state.closed()).isTrue();
                    }
                } while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds));
                // Connection events reach listeners on the client's executor, after the streams may have ended: wait
                // (bounded) for the first connect and one reconnect per round before counting them below.
                assertThat(connects.tryAcquire(rounds + 1, 60, TimeUnit.SECONDS))
                        .as("a connect and one reconnect per round").isTrue();
            }
        }
        long heapAfter = usedHeap();
        long lost = sent - acked;
        long reconnects = events.stream().filter(e -> e instanceof ConnectionEvent.Connected).count() - 1;
        System.out.printf("SOAK streams=%d rounds=%d duration=%.1fs chunks sent=%d acked=%d lost=%d reconnects=%d "
                        + "heap before=%d KiB after=%d KiB%n", streams, rounds, (System.nanoTime() - start) / 1e9,
                sent, acked, lost, reconnects, heapBefore / 1024, heapAfter / 1024);
        assertThat(lost).isZero();
        assertThat(reconnects).isGreaterThanOrEqualTo(rounds);
    }
}
