package dev.dfx.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link Chunk#durationSeconds()} carries a saved chunk's duration_s exactly (docs/protocol.md §9); issue 13. */
class ChunkTest {

    @Test
    void durationSeconds_defaultsToTheDurationInSeconds() {
        Chunk c = new Chunk(ByteBuffer.wrap(new byte[] {1}), null, Duration.ofMillis(2500), null, null, null);

        assertThat(c.durationSeconds()).isEqualTo(2.5);
        assertThat(Chunk.of(new byte[] {1}, Duration.ofSeconds(5)).durationSeconds()).isEqualTo(5.0);
    }

    @Test
    void withDurationSeconds_keepsTheExactNumber_andSurvivesTheOtherWithers() {
        double seconds = 5.033333333333333;
        Chunk c = Chunk.of(new byte[] {1}, Duration.ofSeconds(1)).withDurationSeconds(seconds)
                .withMeta(new byte[] {2}).withTimes(0.0, seconds).withMode(MeasurementAction.Mode.PROCESS);

        assertThat(c.durationSeconds()).isEqualTo(seconds);
        assertThat(c.duration()).isEqualTo(Duration.ofNanos(5_033_333_333L));
    }

    @Test
    void durationSeconds_mustMatchTheDuration() {
        assertThatThrownBy(() -> new Chunk(ByteBuffer.wrap(new byte[] {1}), null, Duration.ofSeconds(5), null, null,
                null, 6.0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("durationSeconds");
        assertThatThrownBy(() -> Chunk.of(new byte[] {1}, Duration.ofSeconds(5)).withDurationSeconds(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> Chunk.of(new byte[] {1}, Duration.ofSeconds(5)).withDurationSeconds(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
