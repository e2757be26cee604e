package dev.dfx.testkit.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dfx.core.ActionId;
import dev.dfx.core.RequestId;
import dev.dfx.testkit.server.RecordedFrame;
import dev.dfx.testkit.server.Recording;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recorder keeps everything by default, the newest N frames with a bound, and no bytes in metadata mode. */
class RecorderTest {
    private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");

    private static RecordedFrame received(int i) {
        byte[] bytes = ("0506" + String.format("R%09d", i) + "{\"Payload\":\"AAEC\"}").getBytes(StandardCharsets.UTF_8);
        return new RecordedFrame(1, RecordedFrame.Direction.RECEIVED, RecordedFrame.Opcode.BINARY, bytes,
                ActionId.of("0506"), new RequestId(String.format("R%09d", i)), -1, T0.plusSeconds(i));
    }

    private static RecordedFrame sent(int i) {
        byte[] bytes = ("200" + String.format("R%09d", i) + "{}").getBytes(StandardCharsets.UTF_8);
        return new RecordedFrame(1, RecordedFrame.Direction.SENT, RecordedFrame.Opcode.BINARY, bytes,
                ActionId.of("0506"), new RequestId(String.format("R%09d", i)), 200, T0.plusSeconds(i));
    }

    private static List<RecordedFrame> drain(Recorder r, boolean sentSide) throws InterruptedException {
        List<RecordedFrame> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            RecordedFrame f = sentSide ? r.takeSent(Duration.ZERO) : r.takeReceived(Duration.ZERO);
            if (f == null) {
                break;
            }
            out.add(f);
        }
        return out;
    }

    @Test
    void default_keepsEveryFrameWithItsBytes() throws InterruptedException {
        Recorder r = new Recorder();
        List<RecordedFrame> in = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            in.add(received(i));
            r.received(in.get(i));
        }

        assertThat(r.policy()).isEqualTo(Recording.everything());
        assertThat(r.receivedFrames()).containsExactlyElementsOf(in);
        assertThat(r.receivedFrames().get(0).bytesDropped()).isFalse();
        assertThat(drain(r, false)).hasSize(100);
    }

    @Test
    void lastFrames_keepsExactlyTheNewestN_eachWay_inHistoriesAndTakes() throws InterruptedException {
        Recorder r = new Recorder(Recording.lastFrames(3));
        for (int i = 0; i < 7; i++) {
            r.received(received(i));
            r.sent(sent(i));
        }

        assertThat(r.receivedFrames()).containsExactly(received(4), received(5), received(6));
        assertThat(r.sentFrames()).containsExactly(sent(4), sent(5), sent(6));
        assertThat(r.receivedFrames()).allSatisfy(f -> assertThat(f.bytesDropped()).isFalse());
        assertThat(drain(r, false)).containsExactly(received(4), received(5), received(6));
        assertThat(drain(r, true)).containsExactly(sent(4), sent(5), sent(6));
        // taking does not shorten the history
        assertThat(r.all()).hasSize(6);
    }

    @Test
    void takenFramesDoNotCountAgainstTheBoundOfTheTakeQueue() throws InterruptedException {
        Recorder r = new Recorder(Recording.lastFrames(2));
        r.received(received(0));
        assertThat(r.takeReceived(Duration.ZERO)).isEqualTo(received(0));
        r.received(received(1));
        r.received(received(2));

        assertThat(drain(r, false)).containsExactly(received(1), received(2));
    }

    @Test
    void metadataOnly_dropsTheBytes_keepsHeaderFieldsSizeAndTime() {
        Recorder r = new Recorder(Recording.metadataOnly(2));
        RecordedFrame whole = received(9);
        r.received(received(8));
        r.received(whole);

        RecordedFrame kept = r.receivedFrames().get(1);
        assertThat(r.receivedFrames()).hasSize(2);
        assertThat(kept.bytesDropped()).isTrue();
        assertThat(kept.bytes()).isEmpty();
        assertThat(kept.body().remaining()).isZero();
        assertThat(kept.bodyText()).isEmpty();
        assertThat(kept.size()).isEqualTo(whole.size()).isPositive();
        assertThat(kept.action()).isEqualTo(whole.action());
        assertThat(kept.requestId()).isEqualTo(whole.requestId());
        assertThat(kept.at()).isEqualTo(whole.at());
        assertThat(kept.connectionId()).isEqualTo(whole.connectionId());
        assertThat(kept.toString()).contains(whole.size() + " bytes (dropped)");
    }

    @Test
    void zero_keepsNothing() throws InterruptedException {
        Recorder r = new Recorder(Recording.metadataOnly(0));
        r.received(received(1));
        r.sent(sent(1));

        assertThat(r.all()).isEmpty();
        assertThat(r.takeReceived(Duration.ZERO)).isNull();
    }

    @Test
    void badBoundAndBadSize_failFast() {
        assertThatThrownBy(() -> Recording.lastFrames(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxFrames");
        RecordedFrame f = received(1);
        assertThatThrownBy(() -> new RecordedFrame(1, f.direction(), f.opcode(), f.bytes(), f.action(),
                f.requestId(), -1, f.at(), f.size() + 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size");
        assertThat(Recording.everything().unbounded()).isTrue();
        assertThat(Recording.metadataOnly(10).unbounded()).isFalse();
    }
}
