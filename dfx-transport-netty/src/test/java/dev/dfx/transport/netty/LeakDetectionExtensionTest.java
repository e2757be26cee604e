package dev.dfx.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proves that {@link LeakDetectionExtension} sees a leak, so a green Netty test means "no leak reported". */
@ExtendWith(LeakDetectionExtension.class)
class LeakDetectionExtensionTest {

    @Test
    void unreleasedBuffer_isReportedAsLeak() {
        leakOneBuffer();

        assertThat(LeakDetectionExtension.collectLeaks()).isNotEmpty()
                .allMatch(report -> report.startsWith("LEAK ByteBuf"));
    }

    @Test
    void releasedBuffer_isNotReported() {
        ByteBuf buffer = ByteBufAllocator.DEFAULT.buffer(64);
        buffer.writeLong(42);
        buffer.release();

        assertThat(LeakDetectionExtension.collectLeaks()).isEmpty();
    }

    private static void leakOneBuffer() {
        ByteBuf buffer = ByteBufAllocator.DEFAULT.buffer(64);
        buffer.writeLong(42);
        // no release: the buffer becomes garbage while still holding its reference count
    }
}
