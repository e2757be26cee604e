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

        // Netty sees a leak only after the GC has collected the buffer, which the JVM does not promise on the first
        // System.gc(): ask a bounded number of times.
        java.util.List<String> leaks = LeakDetectionExtension.collectLeaks();
        for (int round = 0; leaks.isEmpty() && round < 40; round++) {
            leaks = LeakDetectionExtension.collectLeaks();
        }
        assertThat(leaks).isNotEmpty().allMatch(report -> report.startsWith("LEAK ByteBuf"));
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
