package dev.dfx.testkit.server;

import static dev.dfx.testkit.server.Fixture.M;
import static dev.dfx.testkit.server.Fixture.chunk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dfx.core.frame.ResponseFrame;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder's recording option: exact by default, bounded on request, without changing what the server does. */
class FakeDfxServerRecordingTest {

    @Test
    void byDefault_everyFrameIsKeptWithItsBytes() {
        try (Fixture fx = new Fixture()) {
            Fixture.Client c = fx.loggedIn();
            for (int i = 0; i < 3; i++) {
                c.call("0100", "{}");
            }

            assertThat(fx.server.receivedFrames()).hasSize(4);
            assertThat(fx.server.sentFrames()).hasSize(4);
            assertThat(fx.server.receivedFrames()).noneMatch(RecordedFrame::bytesDropped);
        }
    }

    @Test
    void metadataOnly_keepsTheNewestFramesWithoutBytes_andTheServerStillAnswersFromTheWholeFrame()
            throws InterruptedException {
        try (Fixture fx = new Fixture(b -> b.recording(Recording.metadataOnly(2)).rateLimit(false))) {
            Fixture.Client c = fx.loggedIn();
            ResponseFrame ack = c.call("0506", chunk("FIRST::PROCESS", 0));
            ResponseFrame status = c.call("0100", "{}");

            assertThat(ack.status()).isEqualTo(200);
            assertThat(Fixture.text(ack)).contains(M + ":0");
            assertThat(status.status()).isEqualTo(200);
            assertThat(fx.server.receivedFrames()).extracting(f -> f.action().code()).containsExactly("0506", "0100");
            assertThat(fx.server.receivedFrames()).allSatisfy(f -> {
                assertThat(f.bytesDropped()).isTrue();
                assertThat(f.size()).isGreaterThan(14);
            });
            assertThat(fx.server.sentFrames()).hasSize(2);
            assertThat(fx.server.takeFrame(Duration.ZERO).action().code()).isEqualTo("0506");
            assertThat(fx.server.takeFrame(Duration.ZERO).action().code()).isEqualTo("0100");
            assertThat(fx.server.takeFrame(Duration.ZERO)).isNull();
        }
    }
}
