package dev.dfx.testkit.contract;

import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.port.ConnectSpec;
import dev.dfx.core.port.Connection;
import dev.dfx.core.port.ForwardingConnection;
import dev.dfx.core.port.ConnectionListener;
import dev.dfx.core.port.Transport;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transport decorator that cuts the client's own connection at a chosen frame position: the first connection it
 * opens is aborted (no close frame, as a lost network would) at the client's {@code n}-th outbound frame, either
 * before that frame leaves ({@link Cut#BEFORE_SEND}) or right after it was handed to the socket
 * ({@link Cut#AFTER_SEND}). Later connections pass through untouched, so a reconnecting client can finish. For fault
 * suites such as {@link FaultMatrixContract}. Thread-safe; the delegate stays the caller's.
 */
public final class AbortingTransport implements Transport {

    /** Where the cut happens relative to the {@code n}-th outbound frame. */
    public enum Cut {
        /** The frame is not sent; the connection is aborted instead. */
        BEFORE_SEND,
        /** The frame is sent, then the connection is aborted. */
        AFTER_SEND
    }

    private final Transport delegate;
    private final int frame;
    private final Cut cut;
    private final AtomicBoolean armed = new AtomicBoolean(true);
    private final AtomicBoolean fired = new AtomicBoolean();

    /**
     * @param delegate the real transport
     * @param frame the 1-based outbound frame position of the cut
     * @param cut before or after that frame
     */
    public AbortingTransport(Transport delegate, int frame, Cut cut) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.cut = Objects.requireNonNull(cut, "cut");
        if (frame < 1) {
            throw new IllegalArgumentException("frame must be 1 or more, got " + frame);
        }
        this.frame = frame;
    }

    /** @return true once the cut happened */
    public boolean fired() {
        return fired.get();
    }

    @Override
    public CompletableFuture<Connection> connect(ConnectSpec spec, ConnectionListener listener) {
        CompletableFuture<Connection> opening = delegate.connect(spec, listener);
        if (!armed.compareAndSet(true, false)) {
            return opening;
        }
        return opening.thenApply(Cutting::new);
    }

    @Override
    public void close() {
        // the delegate is the caller's
    }

    @Override
    public String toString() {
        return "AbortingTransport[" + cut + " frame " + frame + " of " + delegate + "]";
    }

    private final class Cutting extends ForwardingConnection {
        private final AtomicInteger sent = new AtomicInteger();

        Cutting(Connection c) {
            super(c);
        }

        @Override
        public CompletableFuture<Void> sendBinary(ByteBuffer data) {
            Connection c = delegate();
            int n = sent.incrementAndGet();
            if (n != frame) {
                return c.sendBinary(data);
            }
            fired.set(true);
            if (cut == Cut.BEFORE_SEND) {
                c.abort();
                return CompletableFuture.failedFuture(new DfxConnectionClosedException(1006, "cut by the test",
                        false));
            }
            CompletableFuture<Void> f = c.sendBinary(data);
            f.whenComplete((v, e) -> c.abort());
            return f;
        }
    }
}
