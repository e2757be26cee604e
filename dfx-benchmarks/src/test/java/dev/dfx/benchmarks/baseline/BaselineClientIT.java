package dev.dfx.benchmarks.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.ActionId;
import dev.dfx.core.frame.FrameCodec;
import dev.dfx.core.frame.RequestFrame;
import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.server.RecordedFrame;
import java.io.PrintStream;
import java.io.OutputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The baseline client (issue 14) does the whole job against the fake server on a loopback socket. */
class BaselineClientIT {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void twoStreamsOfThreeChunks_everyChunkAckedWithTheSdksBodyShapeAndPayload() {
        try (FakeDfxServer server = FakeDfxServer.builder().tokens("t0k").acceptAnyMeasurement(true).rateLimit(false)
                .socket(0).build().start()) {
            BaselineClient.Settings s = new BaselineClient.Settings(server.uri(), "t0k", 2, 3, 1000,
                    TimeUnit.SECONDS.toNanos(5), false, 0, TimeUnit.SECONDS.toNanos(60), "it-");

            BaselineClient.Result r = new BaselineClient(s).run(QUIET);

            assertThat(r.errors()).isEmpty();
            assertThat(r.ok()).isTrue();
            assertThat(r.connected()).isEqualTo(2);
            assertThat(r.chunksAcked()).isEqualTo(6);
            assertThat(r.latencyNanos()).hasSize(6);
            assertThat(r.latencyNanos()[0]).isPositive();
            assertThat(r.percentileMillis(99)).isGreaterThanOrEqualTo(r.percentileMillis(50)).isPositive();
            assertThat(r.streamUsage().cpuNanos()).isPositive();
            assertThat(r.streamUsage().allocatedBytes()).isPositive();

            byte[] payload = new byte[1000];
            new Random(2).nextBytes(payload);
            List<RecordedFrame> addData = server.receivedFrames().stream()
                    .filter(f -> ActionId.MEASUREMENTS_ADD_DATA.equals(f.action())).toList();
            assertThat(addData).hasSize(6);
            for (RecordedFrame f : addData) {
                RequestFrame req = FrameCodec.decodeRequest(java.nio.ByteBuffer.wrap(f.bytes()));
                assertThat(req.requestId().value()).startsWith("0506");
                Map<?, ?> body = JacksonBodyCodec.create().decode(req.body(), Map.class);
                assertThat(Base64.getDecoder().decode((String) body.get("Payload"))).isEqualTo(payload);
                assertThat(((Map<?, ?>) body.get("Params")).get("ID")).asString().startsWith("it-");
                int k = ((Number) body.get("ChunkOrder")).intValue();
                assertThat(body.get("Action")).isEqualTo(k == 0 ? "FIRST::PROCESS"
                        : k == 2 ? "LAST::PROCESS" : "CHUNK::PROCESS");
                assertThat(((Number) body.get("Duration")).doubleValue()).isEqualTo(5.0);
            }
        }
    }

    @Test
    void wrongToken_countsALoginFailurePerStreamAndIsNotOk() {
        try (FakeDfxServer server = FakeDfxServer.builder().tokens("t0k").acceptAnyMeasurement(true)
                .socket(0).build().start()) {
            BaselineClient.Settings s = new BaselineClient.Settings(server.uri(), "nope", 2, 1, 10,
                    TimeUnit.SECONDS.toNanos(1), false, 0, TimeUnit.SECONDS.toNanos(60), "it-");

            BaselineClient.Result r = new BaselineClient(s).run(QUIET);

            assertThat(r.ok()).isFalse();
            assertThat(r.connected()).isZero();
            assertThat(r.errors()).containsEntry("LOGIN_401", 2L);
        }
    }
}
