package dev.dfx.cli;

import dev.dfx.core.ActionId;
import dev.dfx.core.RequestId;
import dev.dfx.core.error.DfxProtocolException;
import dev.dfx.core.frame.FrameCodec;
import dev.dfx.core.frame.RequestFrame;
import dev.dfx.core.port.ConnectSpec;
import dev.dfx.core.port.Connection;
import dev.dfx.core.port.ForwardingConnection;
import dev.dfx.core.port.ConnectionListener;
import dev.dfx.core.port.Transport;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A {@link Transport} decorator that notes when each AddData frame is handed to the real transport, so that ack
 * latency runs from that moment to the ack (not from when the app queued the chunk, which includes pacing). It reads
 * frame headers with the library's {@link FrameCodec}; it adds no protocol logic.
 */
final class TimingTransport implements Transport {
    private final Transport delegate;
    private final Map<RequestId, Long> handedOver = new ConcurrentHashMap<>();
    private final Consumer<RequestId> onChunkHandedOver;

    TimingTransport(Transport delegate, Consumer<RequestId> onChunkHandedOver) {
        this.delegate = delegate;
        this.onChunkHandedOver = onChunkHandedOver;
    }

    /** @return nanoTime when the frame with this request id was handed over, or null */
    Long handedOverAt(RequestId id) {
        return handedOver.remove(id);
    }

    @Override
    public CompletableFuture<Connection> connect(ConnectSpec spec, ConnectionListener listener) {
        return delegate.connect(spec, listener).thenApply(Timed::new);
    }

    @Override
    public void close() {
        delegate.close();
    }

    private final class Timed extends ForwardingConnection {
        Timed(Connection c) {
            super(c);
        }

        @Override
        public CompletableFuture<Void> sendBinary(ByteBuffer frame) {
            RequestId id = addDataId(frame);
            CompletableFuture<Void> sent = delegate().sendBinary(frame);
            if (id != null) {
                sent.thenRun(() -> {
                    handedOver.put(id, System.nanoTime());
                    onChunkHandedOver.accept(id);
                });
            }
            return sent;
        }

        private RequestId addDataId(ByteBuffer frame) {
            try {
                RequestFrame f = FrameCodec.decodeRequest(frame);
                return f.actionId().equals(ActionId.MEASUREMENTS_ADD_DATA) ? f.requestId() : null;
            } catch (DfxProtocolException e) {
                return null;
            }
        }
    }
}
