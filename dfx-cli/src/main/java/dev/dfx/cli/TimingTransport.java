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
import java.util.function.ObjIntConsumer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link Transport} decorator that notes when each AddData frame is handed to the real transport, so that ack
 * latency runs from that moment to the ack (not from when the app queued the chunk, which includes pacing). It reads
 * frame headers with the library's {@link FrameCodec} and, when asked, the body's {@code ChunkOrder} with Jackson's
 * streaming parser (it stops at that field, before the payload); it adds no protocol logic.
 */
final class TimingTransport implements Transport {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Transport delegate;
    private final Map<RequestId, Long> handedOver = new ConcurrentHashMap<>();
    private final ObjIntConsumer<RequestId> onChunkHandedOver;
    private final boolean readChunkOrder;

    /**
     * @param delegate the real transport
     * @param onChunkHandedOver called with each AddData frame's request id once it is handed over
     */
    TimingTransport(Transport delegate, Consumer<RequestId> onChunkHandedOver) {
        this(delegate, (id, order) -> onChunkHandedOver.accept(id), false);
    }

    /**
     * @param delegate the real transport
     * @param onChunkHandedOver called with each AddData frame's request id and {@code ChunkOrder} (-1 when the body
     *     has none) once it is handed over
     */
    TimingTransport(Transport delegate, ObjIntConsumer<RequestId> onChunkHandedOver) {
        this(delegate, onChunkHandedOver, true);
    }

    private TimingTransport(Transport delegate, ObjIntConsumer<RequestId> onChunkHandedOver, boolean readChunkOrder) {
        this.delegate = delegate;
        this.onChunkHandedOver = onChunkHandedOver;
        this.readChunkOrder = readChunkOrder;
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
            RequestFrame f = addData(frame);
            // Read before the send: the frame's bytes are not ours once it is handed over.
            int order = f != null && readChunkOrder ? chunkOrder(f.body()) : -1;
            CompletableFuture<Void> sent = delegate().sendBinary(frame);
            if (f != null) {
                RequestId id = f.requestId();
                sent.thenRun(() -> {
                    handedOver.put(id, System.nanoTime());
                    onChunkHandedOver.accept(id, order);
                });
            }
            return sent;
        }

        private RequestFrame addData(ByteBuffer frame) {
            try {
                RequestFrame f = FrameCodec.decodeRequest(frame);
                return f.actionId().equals(ActionId.MEASUREMENTS_ADD_DATA) ? f : null;
            } catch (DfxProtocolException e) {
                return null;
            }
        }
    }

    /** @return the top-level {@code ChunkOrder} of a JSON body, or -1 if it has none or is not JSON */
    static int chunkOrder(ByteBuffer body) {
        byte[] bytes;
        int offset;
        int length = body.remaining();
        if (body.hasArray()) {
            bytes = body.array();
            offset = body.arrayOffset() + body.position();
        } else {
            bytes = new byte[length];
            body.duplicate().get(bytes);
            offset = 0;
        }
        try (JsonParser p = JSON.createParser(bytes, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("ChunkOrder".equals(name)) {
                    return value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
                }
                p.skipChildren();
            }
            return -1;
        } catch (JacksonException e) {
            return -1;
        }
    }
}
