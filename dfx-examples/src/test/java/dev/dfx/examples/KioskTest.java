package dev.dfx.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.MeasurementSummary;
import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.FakeDfxServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How an app tests its own DFX code: {@link FakeDfxServerExtension} starts a fake DFX server on a loopback socket
 * for each test (an instance field; a {@code static} field shares one server across the class) and hands it to
 * test methods that take a {@link FakeDfxServer}. Runs on JUnit 5.10.2, the oldest JUnit the testkit supports.
 */
class KioskTest {
    private static final String TOKEN = "kiosk-device-token";
    private static final Duration CHUNK = Duration.ofMillis(200);

    @RegisterExtension
    final FakeDfxServerExtension dfx = FakeDfxServerExtension.withServer(server -> server.tokens(TOKEN));

    private static List<byte[]> chunks(int n) {
        return IntStream.range(0, n).mapToObj(i -> ("chunk " + i).getBytes(StandardCharsets.US_ASCII)).toList();
    }

    @Test
    void measure_printsAResultPerChunk_andReturnsTheFinalResult(FakeDfxServer server) throws Exception {
        String measurementId = server.createMeasurement();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        MeasurementSummary summary = Kiosk.measure(server.uri(), TOKEN, measurementId, chunks(4), CHUNK,
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(summary.measurementId()).isEqualTo(measurementId);
        assertThat(summary.chunksAcked()).isEqualTo(4);
        assertThat(summary.finalResult()).isPresent();
        assertThat(printed.toString(StandardCharsets.UTF_8).lines())
                .anyMatch(line -> line.startsWith("chunk 0:"))
                .anyMatch(line -> line.startsWith("chunk 2:"))
                .anyMatch(line -> line.matches("final \\(COMPLETE\\):.* HR_BPM=[0-9.]+.*")) // the LAST chunk's
                .endsWith("done");
    }

    @Test
    void measure_survivesADroppedConnection(FakeDfxServer server) throws Exception {
        String measurementId = server.createMeasurement();
        // login, subscribe, chunk 0, chunk 1: the connection drops on that fourth frame, unanswered
        server.dropAfterFrames(4);

        MeasurementSummary summary = Kiosk.measure(server.uri(), TOKEN, measurementId, chunks(4), CHUNK,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(server.connectionCount()).as("connections: the first, dropped, and the resumed one").isEqualTo(2);
        assertThat(summary.chunksAcked()).isEqualTo(4);
        assertThat(summary.finalResult()).isPresent();
    }
}
