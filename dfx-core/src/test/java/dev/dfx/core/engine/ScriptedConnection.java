package dev.dfx.core.engine;

import dev.dfx.core.RequestId;
import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.frame.FrameCodec;
import dev.dfx.core.frame.RequestFrame;
import dev.dfx.core.port.Connection;
import dev.dfx.core.port.ConnectionListener;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One scripted connection: records every frame the client sends (as copies), every ping and close; lets the test
 * play the server (push frames, pongs, close, drop). Listener calls go through the transport's I/O executor.
 */
final class ScriptedConnection implements Connection {
    private final ConnectionListener listener;
    private final Executor io;
    private final String subprotocol;
    private final List<RequestFrame> frames = new CopyOnWriteArrayList<>();
    private final BlockingQueue<RequestFrame> unread = new LinkedBlockingQueue<>();
    final List<Integer> closeCodes = new CopyOnWriteArrayList<>();
    final AtomicInteger pings = new AtomicInteger();
    final List<Thread> sendThreads = new CopyOnWriteArrayList<>();
    volatile boolean open = true;
    volatile boolean aborted;
    /** When false, {@link #close} starts nothing: the server never answers the close handshake. */
    volatile boolean answerClose = true;
    /** When set, the next {@link #sendBinary} throws it (a transport bug that is not a RuntimeException). */
    volatile Error nextSendError;
    /** When set, the next {@link #ping} throws it. */
    volatile Error nextPingError;

    ScriptedConnection(ConnectionListener listener, Executor io, String subprotocol) {
        this.listener = listener;
        this.io = io;
        this.subprotocol = subprotocol;
    }

    // ---- Connection (called by the client) ----

    @Override
    public CompletableFuture<Void> sendBinary(ByteBuffer frame) {
        sendThreads.add(Thread.currentThread());
        Error error = nextSendError;
        if (error != null) {
            nextSendError = null;
            throw error;
        }
        if (!open) {
            return CompletableFuture.failedFuture(new DfxConnectionClosedException(1006, "closed", false));
        }
        ByteBuffer copy = ByteBuffer.allocate(frame.remaining()).put(frame.duplicate()).flip();
        RequestFrame f = FrameCodec.decodeRequest(copy);
        frames.add(f);
        unread.add(f);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> ping(ByteBuffer payload) {
        pings.incrementAndGet();
        Error error = nextPingError;
        if (error != null) {
            nextPingError = null;
            throw error;
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public long queuedBytes() {
        return 0;
    }

    @Override
    public CompletableFuture<Void> close(int code, String reason) {
        closeCodes.add(code);
        if (answerClose && open) {
            open = false;
            io.execute(() -> listener.onClosed(code, reason));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void abort() {
        aborted = true;
        if (open) {
            open = false;
            io.execute(() -> listener.onFailure(new DfxConnectionClosedException(1006, "aborted", false)));
        }
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    /** Whether the engine asked this connection to stop reading (inbound backpressure). */
    volatile boolean readingPaused;

    @Override
    public void pauseReading() {
        readingPaused = true;
    }

    @Override
    public void resumeReading() {
        readingPaused = false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    // ---- what the client sent ----

    /** @return every frame sent so far */
    List<RequestFrame> frames() {
        return new ArrayList<>(frames);
    }

    /** @return frame i */
    RequestFrame frame(int i) {
        return frames.get(i);
    }

    /** @return the last frame sent */
    RequestFrame lastFrame() {
        return frames.get(frames.size() - 1);
    }

    /** @return frames with that action code */
    List<RequestFrame> frames(String actionCode) {
        List<RequestFrame> out = new ArrayList<>();
        for (RequestFrame f : frames) {
            if (f.actionId().code().equals(actionCode)) {
                out.add(f);
            }
        }
        return out;
    }

    /** Waits (bounded) for the next frame not yet taken; for tests with real threads. */
    RequestFrame takeFrame(Duration timeout) throws InterruptedException {
        RequestFrame f = unread.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (f == null) {
            throw new AssertionError("no frame within " + timeout);
        }
        return f;
    }

    // ---- playing the server ----

    void pushBinary(ByteBuffer frame) {
        io.execute(() -> listener.onBinary(frame.asReadOnlyBuffer()));
    }

    void pushText(String frame) {
        io.execute(() -> listener.onText(frame));
    }

    /** Sends a binary response frame. */
    void respond(RequestId id, int status, String json) {
        pushBinary(FrameCodec.encodeResponse(id, status, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8))));
    }

    /** Answers a request frame. */
    void respond(RequestFrame request, int status, String json) {
        respond(request.requestId(), status, json);
    }

    void pong() {
        io.execute(() -> listener.onPong(ByteBuffer.allocate(0)));
    }

    /** The server closes with a close frame. */
    void serverClose(int code, String reason) {
        open = false;
        io.execute(() -> listener.onClosed(code, reason));
    }

    /** The socket drops or fails. */
    void fail(Throwable cause) {
        open = false;
        io.execute(() -> listener.onFailure(cause));
    }
}
