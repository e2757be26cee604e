package dev.dfx.codec.json.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ByteSinkTest {
    @Test
    void startsAfterZeroedHeadroom() {
        ByteSink s = new ByteSink(5, 8);
        s.writeAscii("ab");
        ByteBuffer b = s.toByteBuffer();
        assertThat(b.position()).isZero();
        assertThat(b.limit()).isEqualTo(7);
        assertThat(b.array()).startsWith(0, 0, 0, 0, 0, 'a', 'b');
    }

    @Test
    void growsPastTheExpectedSizeKeepingBytes() {
        ByteSink s = new ByteSink(0, 1);
        for (int i = 0; i < 1000; i++) {
            s.write(i & 0x7f);
        }
        s.write(new byte[] {1, 2, 3}, 1, 2);
        assertThat(s.size()).isEqualTo(1002);
        assertThat(s.array()[999]).isEqualTo((byte) (999 & 0x7f));
        assertThat(s.array()[1000]).isEqualTo((byte) 2);
        assertThat(s.array()[1001]).isEqualTo((byte) 3);
    }

    @Test
    void advance_pastTheArray_throws() {
        ByteSink s = new ByteSink(0, 16);
        assertThatThrownBy(() -> s.advance(17)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.advance(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativeHeadroom_throws() {
        assertThatThrownBy(() -> new ByteSink(-1, 16)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("headroom");
    }
}
