package dev.dfx.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.ActionId;
import dev.dfx.core.Chunk;
import dev.dfx.core.MeasurementSummary;
import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.FakeDfxServerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link LicensedDevice} against the fake server: a licence key and a study are all a device needs. */
class LicensedDeviceTest {
    private static final String KEY = "LIC-example-1";
    private static final String STUDY = "study-example";

    @RegisterExtension
    final FakeDfxServerExtension dfx = FakeDfxServerExtension.withServer(s -> s.license(KEY).studies(STUDY));

    @TempDir
    Path dir;

    private static List<Chunk> chunks(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> Chunk.of(("chunk " + i).getBytes(StandardCharsets.US_ASCII), Duration.ofMillis(100)))
                .toList();
    }

    @Test
    void firstRunRegisters_secondRunReusesTheStoredPair(FakeDfxServer server) throws Exception {
        Path tokens = dir.resolve("tokens.json");

        MeasurementSummary first = LicensedDevice.measure(server.uri(), KEY, STUDY, tokens, chunks(3));
        MeasurementSummary second = LicensedDevice.measure(server.uri(), KEY, STUDY, tokens, chunks(3));

        assertThat(first.chunksAcked()).isEqualTo(3);
        assertThat(first.finalResult()).isPresent();
        assertThat(second.chunksAcked()).isEqualTo(3);
        assertThat(second.measurementId()).isNotEqualTo(first.measurementId());
        assertThat(server.registrations(KEY)).as("0705 registrations of the key").isEqualTo(1);
        assertThat(server.receivedFrames()).filteredOn(f -> ActionId.ORGANIZATIONS_REGISTER_LICENSE.equals(f.action()))
                .hasSize(1);
        assertThat(tokens).exists();
    }
}
