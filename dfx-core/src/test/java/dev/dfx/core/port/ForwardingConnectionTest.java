package dev.dfx.core.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ForwardingConnectionTest {
    private final List<String> calls = new ArrayList<>();
    private final CompletableFuture<Void> done = CompletableFuture.completedFuture(null);

    private final Connection target = new Connection() {
        @Override
        public CompletableFuture<Void> sendBinary(ByteBuffer frame) {
            calls.add("sendBinary " + frame.remaining());
            return done;
        }

        @Override
        public CompletableFuture<Void> ping(ByteBuffer payload) {
            calls.add("ping " + payload.remaining());
            return done;
        }

        @Override
        public long queuedBytes() {
            calls.add("queuedBytes");
            return 42;
        }

        @Override
        public CompletableFuture<Void> close(int code, String reason) {
            calls.add("close " + code + " " + reason);
            return done;
        }

        @Override
        public void abort() {
            calls.add("abort");
        }

        @Override
        public String subprotocol() {
            calls.add("subprotocol");
            return "json";
        }

        @Override
        public boolean isOpen() {
            calls.add("isOpen");
            return true;
        }

        @Override
        public void pauseReading() {
            calls.add("pauseReading");
        }

        @Override
        public void resumeReading() {
            calls.add("resumeReading");
        }
    };

    @Test
    void everyCall_reachesTheDelegateWithItsArgumentsAndResult() {
        Connection c = new ForwardingConnection(target) { };
        assertThat(c.sendBinary(ByteBuffer.allocate(3))).isSameAs(done);
        assertThat(c.ping(ByteBuffer.allocate(1))).isSameAs(done);
        assertThat(c.queuedBytes()).isEqualTo(42);
        assertThat(c.close(1000, "bye")).isSameAs(done);
        c.abort();
        assertThat(c.subprotocol()).isEqualTo("json");
        assertThat(c.isOpen()).isTrue();
        c.pauseReading();
        c.resumeReading();
        assertThat(calls).containsExactly("sendBinary 3", "ping 1", "queuedBytes", "close 1000 bye", "abort",
                "subprotocol", "isOpen", "pauseReading", "resumeReading");
    }
}
