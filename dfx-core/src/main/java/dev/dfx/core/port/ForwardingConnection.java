package dev.dfx.core.port;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Connection} that forwards every call to another one: the base for decorators (timing, fault injection)
 * that change one or two methods and keep the rest. Thread-safe if the delegate is.
 */
public abstract class ForwardingConnection implements Connection {
    private final Connection delegate;

    /** @param delegate the connection every call goes to */
    protected ForwardingConnection(Connection delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** @return the connection calls go to */
    protected final Connection delegate() {
        return delegate;
    }

    @Override
    public CompletableFuture<Void> sendBinary(ByteBuffer frame) {
        return delegate.sendBinary(frame);
    }

    @Override
    public CompletableFuture<Void> ping(ByteBuffer payload) {
        return delegate.ping(payload);
    }

    @Override
    public long queuedBytes() {
        return delegate.queuedBytes();
    }

    @Override
    public CompletableFuture<Void> close(int code, String reason) {
        return delegate.close(code, reason);
    }

    @Override
    public void abort() {
        delegate.abort();
    }

    @Override
    public String subprotocol() {
        return delegate.subprotocol();
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public void pauseReading() {
        delegate.pauseReading();
    }

    @Override
    public void resumeReading() {
        delegate.resumeReading();
    }
}
