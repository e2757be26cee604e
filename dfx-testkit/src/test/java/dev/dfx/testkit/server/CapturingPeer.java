package dev.dfx.testkit.server;

import dev.dfx.core.frame.FrameCodec;
import dev.dfx.core.frame.ResponseFrame;
import dev.dfx.testkit.wire.PeerChannel;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test {@link PeerChannel} that captures everything the server sends to one client. */
class CapturingPeer implements PeerChannel {
    final LinkedBlockingQueue<ByteBuffer> binaries = new LinkedBlockingQueue<>();
    final List<String> texts = new CopyOnWriteArrayList<>();
    final List<ByteBuffer> pings = new CopyOnWriteArrayList<>();
    final List<ByteBuffer> pongs = new CopyOnWriteArrayList<>();
    volatile Integer closeCode;
    volatile String closeReason;
    volatile boolean aborted;

    @Override
    public void sendBinary(ByteBuffer frame) {
        binaries.add(copy(frame));
    }

    @Override
    public void sendText(String text) {
        texts.add(text);
    }

    @Override
    public void ping(ByteBuffer payload) {
        pings.add(copy(payload));
    }

    @Override
    public void pong(ByteBuffer payload) {
        pongs.add(copy(payload));
    }

    @Override
    public void close(int code, String reason) {
        closeCode = code;
        closeReason = reason;
    }

    @Override
    public void abort() {
        aborted = true;
    }

    /** @return the next binary frame, waiting up to 5 s; fails the test if none comes */
    ResponseFrame next() {
        try {
            ByteBuffer b = binaries.poll(5, TimeUnit.SECONDS);
            if (b == null) {
                throw new AssertionError("no frame from the server within 5 s");
            }
            return FrameCodec.decodeResponse(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static ByteBuffer copy(ByteBuffer b) {
        return ByteBuffer.allocate(b.remaining()).put(b.duplicate()).flip().asReadOnlyBuffer();
    }
}
