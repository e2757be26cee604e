package dev.dfx.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.MeasurementSummary;
import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.FakeDfxServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Gateway}: eight devices, each with its own token, at once over one Netty transport. */
class GatewayTest {
    private static final int DEVICES = 8;

    @RegisterExtension
    static final FakeDfxServerExtension DFX = FakeDfxServerExtension.withServer(server -> server.tokens(
            IntStream.range(0, DEVICES).mapToObj(i -> "device-" + i).toArray(String[]::new)));

    @Test
    void measureAll_completesEveryDevicesMeasurement_eachOnItsOwnConnection(FakeDfxServer server) throws Exception {
        List<Gateway.Device> devices = IntStream.range(0, DEVICES).mapToObj(i -> new Gateway.Device("device-" + i,
                server.createMeasurement(), List.of(bytes("a" + i), bytes("b" + i), bytes("c" + i)))).toList();

        List<MeasurementSummary> summaries = Gateway.measureAll(server.uri(), devices, Duration.ofMillis(200));

        assertThat(summaries).hasSize(DEVICES);
        for (int i = 0; i < DEVICES; i++) {
            assertThat(summaries.get(i).measurementId()).isEqualTo(devices.get(i).measurementId());
            assertThat(summaries.get(i).chunksAcked()).isEqualTo(3);
            assertThat(summaries.get(i).finalResult()).isPresent();
        }
        assertThat(server.connectionCount()).isEqualTo(DEVICES);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
