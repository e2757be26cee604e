package dev.dfx.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.ActionId;
import dev.dfx.core.Chunk;
import dev.dfx.core.ConnectionEvent;
import dev.dfx.core.DfxClient;
import dev.dfx.core.DfxClientConfig;
import dev.dfx.core.MeasurementOptions;
import dev.dfx.core.MeasurementStream;
import dev.dfx.core.MeasurementSummary;
import dev.dfx.core.ReconnectPolicy;
import dev.dfx.core.body.AddDataRequest;
import dev.dfx.core.body.ChunkAck;
import dev.dfx.core.port.BodyCodec;
import dev.dfx.core.port.Transport;
import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.server.MeasurementState;
import dev.dfx.testkit.server.RecordedFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The fault matrix (issue 7): a 6-chunk measurement with the connection cut at every frame position of the
 * measurement (the subscribe and each of the six chunks), server side ({@link FakeDfxServer#dropAfterFrames}) and
 * client side ({@link AbortingTransport}, before and after the frame leaves). Each run must complete with every chunk
 * acked exactly once, in order, and with the final result; the server must hold exactly chunks 0-5, closed. The
 * client reconnects (docs/protocol.md §6.3) with fast delays, so the whole matrix runs in seconds.
 *
 * <p>A client-side cut right after the LAST frame left may let the server store the LAST and push the final result
 * into the dead connection; the stream gives no replay (docs/protocol.md §5.5). The engine then fetches the stored record
 * with {@code 0500} Measurements.Retrieve after the resume (§5.5 fallback, §6.3), which the fake server offers over
 * WS; the matrix notes such a cell as "final result via 0500". Every cell must end with the final result.
 *
 * <p>The matrix (position × cut → outcome, reconnect attempts) is logged at INFO (the console handler's output is
 * captured in the Surefire/Failsafe report) and written to {@code target/fault-matrix-<transport>.txt}. A subclass supplies {@link #newTransport()} and
 * {@link #transportName()}.
 */
public abstract class FaultMatrixContract {
    private static final System.Logger LOG = System.getLogger(FaultMatrixContract.class.getName());
    private static final String TOKEN = "matrix-token";
    private static final int CHUNKS = 6;
    /** Outbound frames of a clean run: login, subscribe, six chunks. Positions 2..8 are the measurement's. */
    private static final int FIRST_POSITION = 2;
    private static final int LAST_POSITION = 2 + CHUNKS;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(2);

    private final BodyCodec codec = JacksonBodyCodec.create();
    private final List<String> rows = new CopyOnWriteArrayList<>();

    /** @return a new transport under test; the suite closes it */
    protected abstract Transport newTransport();

    /** @return a short name for the report, e.g. {@code jetty} */
    protected abstract String transportName();

    private enum Mode {
        SERVER_DROP, CLIENT_BEFORE_SEND, CLIENT_AFTER_SEND
    }

    /** @return one test per (cut, position), then one that writes the matrix */
    @TestFactory
    Stream<DynamicTest> faultMatrix() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            for (int n = FIRST_POSITION; n <= LAST_POSITION; n++) {
                int position = n;
                tests.add(DynamicTest.dynamicTest(mode + " at frame " + n + " (" + frameName(n) + ")",
                        () -> run(mode, position)));
            }
        }
        tests.add(DynamicTest.dynamicTest("write the matrix", this::writeMatrix));
        return tests.stream();
    }

    private static String frameName(int n) {
        if (n == 1) {
            return "login";
        }
        if (n == 2) {
            return "subscribe";
        }
        int k = n - 3;
        return "chunk " + k + (k == 0 ? " FIRST" : k == CHUNKS - 1 ? " LAST" : "");
    }

    private static Chunk chunk(int i) {
        byte[] payload = new byte[256];
        for (int b = 0; b < payload.length; b++) {
            payload[b] = (byte) (i * 17 + b);
        }
        return Chunk.of(payload, Duration.ofMillis(100));
    }

    private void run(Mode mode, int position) throws Exception {
        String row = String.format(Locale.ROOT, "%-6s %-18s frame %d %-14s", transportName(), mode, position,
                "(" + frameName(position) + ")");
        try (FakeDfxServer server = FakeDfxServer.builder().tokens(TOKEN).socket(0).build().start()) {
            Transport base = newTransport();
            Transport transport = base;
            AbortingTransport cutter = null;
            if (mode == Mode.SERVER_DROP) {
                server.dropAfterFrames(position);
            } else {
                cutter = new AbortingTransport(base, position, mode == Mode.CLIENT_BEFORE_SEND
                        ? AbortingTransport.Cut.BEFORE_SEND : AbortingTransport.Cut.AFTER_SEND);
                transport = cutter;
            }
            DfxClientConfig config = DfxClientConfig.builder().uri(server.uri()).userToken(TOKEN)
                    .requestTimeout(Duration.ofSeconds(5)).heartbeatInterval(Duration.ZERO)
                    .reconnect(new ReconnectPolicy(Duration.ofMillis(20), 2.0, Duration.ofMillis(200), 0.2, 8))
                    .build();
            List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
            try (DfxClient client = DfxClient.builder().transport(transport).codec(codec).config(config).build()) {
                client.onConnectionEvent(events::add);
                client.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                String id = server.createMeasurement();
                MeasurementStream stream = client.startMeasurement(id, CHUNKS,
                        new MeasurementOptions(false, Duration.ZERO, RESULT_TIMEOUT));
                List<CompletableFuture<ChunkAck>> acks = new ArrayList<>();
                for (int i = 0; i < CHUNKS; i++) {
                    acks.add(stream.send(chunk(i)));
                }
                MeasurementSummary summary = stream.completion().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                long attempts = events.stream().filter(e -> e instanceof ConnectionEvent.RetryScheduled).count();

                // Every chunk acked exactly once (a future completes once), in order, each with its own ChunkOrder.
                for (int i = 0; i < CHUNKS; i++) {
                    assertThat(acks.get(i)).as("ack of chunk %d", i).isCompleted();
                    assertThat(acks.get(i).join().chunkOrder()).isEqualTo(i);
                }
                // The server holds exactly chunks 0..5, closed by the LAST.
                MeasurementState state = server.measurement(id).orElseThrow();
                assertThat(state.closed()).as("closed").isTrue();
                assertThat(state.chunksAccepted()).as("chunks held").isEqualTo(CHUNKS);
                assertThat(state.nextChunkOrder()).isEqualTo(CHUNKS);
                // The recorded chunk frames go in order: each resend repeats the chunk in flight, nothing is skipped.
                List<Integer> orders = receivedOrders(server, id);
                for (int i = 1; i < orders.size(); i++) {
                    assertThat(orders.get(i)).as("chunk orders %s", orders).isBetween(orders.get(i - 1),
                            orders.get(i - 1) + 1);
                }
                assertThat(orders).contains(0, 1, 2, 3, 4, 5);
                assertThat(cutter == null || cutter.fired()).as("the cut happened").isTrue();
                assertThat(summary.chunksAcked()).isEqualTo(CHUNKS);
                assertThat(summary.finalResult()).hasValueSatisfying(r -> {
                    assertThat(r.statusId()).isEqualTo("COMPLETE");
                    assertThat(r.chunkOrder()).hasValue(CHUNKS - 1);
                    assertThat(r.channels()).containsKeys("HR_BPM", "SNR", "BR_BPM");
                });
                // A pushed result carries a MeasurementResultID; a record fetched with 0500 has none (§5.4).
                boolean retrieved = summary.finalResult().orElseThrow().measurementResultId().isEmpty();
                String outcome = retrieved ? "PASS  final result via 0500 Retrieve (lost with the socket, §5.5)"
                        : "PASS  final result";
                rows.add(row + " -> " + outcome + ", reconnect attempts " + attempts + ", chunk frames "
                        + orders);
            }
            base.close();
        } catch (Throwable t) {
            rows.add(row + " -> FAIL  " + t.getClass().getSimpleName() + ": " + t.getMessage());
            throw t;
        }
    }

    private List<Integer> receivedOrders(FakeDfxServer server, String id) {
        List<Integer> out = new ArrayList<>();
        for (RecordedFrame f : server.receivedFrames()) {
            if (ActionId.MEASUREMENTS_ADD_DATA.equals(f.action())) {
                AddDataRequest a = codec.decode(f.body(), AddDataRequest.class);
                if (a.measurementId().equals(id)) {
                    out.add(a.chunkOrder());
                }
            }
        }
        return out;
    }

    private void writeMatrix() throws IOException {
        List<String> lines = new ArrayList<>();
        long pass = rows.stream().filter(r -> r.contains("-> PASS")).count();
        lines.add("FAULT MATRIX " + transportName() + ": " + rows.size() + " runs, " + pass + " passed ("
                + Mode.values().length + " cuts x " + (LAST_POSITION - FIRST_POSITION + 1) + " positions)");
        lines.addAll(rows);
        lines.forEach(l -> LOG.log(System.Logger.Level.INFO, l));
        Path dir = Path.of("target");
        Files.createDirectories(dir);
        Files.write(dir.resolve("fault-matrix-" + transportName() + ".txt"), lines, StandardCharsets.UTF_8);
        assertThat(pass).isEqualTo(rows.size());
    }
}
