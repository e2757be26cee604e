package dev.dfx.benchmarks.baseline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * One baseline stream: the whole protocol in one Netty handler, every step on the channel's event loop (no thread
 * hop, no timer but the pacing one, no JSON parser). Login ({@code 0718}) on the WebSocket handshake, subscribe
 * ({@code 0510}) on the login reply, then one AddData ({@code 0506}) chunk in flight at a time, the next one sent on
 * the previous one's ack (or at its real-time slot, when paced), done once the last chunk is acked and the final
 * result (a body with {@code "StatusID"}) has come. Responses are recognised by their 10-byte request id and their
 * 3-digit status alone (docs/protocol.md §2.2): acks are never parsed.
 *
 * <p>Not thread-safe: everything but {@link #start} runs on the channel's event loop; {@link #start} only schedules
 * onto it.
 */
final class BaselineConnection extends ChannelInboundHandlerAdapter {
    private static final byte[] LETTERS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STATUS_ID = "\"StatusID\"".getBytes(StandardCharsets.US_ASCII);
    private static final ByteBuf SUFFIX = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer("\"}".getBytes(StandardCharsets.US_ASCII)).asReadOnly());
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private enum State { HANDSHAKE, LOGIN, SUBSCRIBE, READY, STREAM, DONE }

    private final BaselineClient.Run run;
    private final String measurementId;
    private final byte[] pendingId = new byte[10];
    private final byte[] subscribeId = new byte[10];
    private final long[] latencies;
    /** Acked chunks, published after their latency is stored (read from the driver's thread). */
    private volatile int ackedCount;
    private State state = State.HANDSHAKE;
    private Channel channel;
    private ChannelHandlerContext context;
    private int counter;
    private int next;
    private int acked;
    private boolean finalResult;
    private long streamStart;
    private long handedOverAt;

    BaselineConnection(BaselineClient.Run run, String measurementId) {
        this.run = run;
        this.measurementId = measurementId;
        this.latencies = new long[run.settings().chunksPerStream()];
    }

    /** @return ack latencies in ns, from the write's completion to the ack, one per acked chunk */
    long[] latencies() {
        return java.util.Arrays.copyOf(latencies, ackedCount);
    }

    /** Starts the stream after {@code delayNanos}; any thread. */
    void start(long delayNanos) {
        channel.eventLoop().schedule(() -> {
            if (state == State.READY) {
                state = State.STREAM;
                streamStart = System.nanoTime();
                sendChunk();
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        context = ctx;
    }

    /** The TCP connect failed: counts it once; any thread. */
    void connectFailed(Channel ch, String code) {
        ch.eventLoop().execute(() -> {
            if (context != null) {
                fail(context, code);
            } else if (state != State.DONE) {
                state = State.DONE;
                run.subscribed(this, false);
                run.finished(this, code);
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            state = State.LOGIN;
            ByteBuf f = header(ctx, "0718", 32 + run.settings().token().length());
            f.writeCharSequence("{\"Token\":\"" + run.settings().token() + "\"}", StandardCharsets.US_ASCII);
            ctx.writeAndFlush(new BinaryWebSocketFrame(f), ctx.voidPromise());
        } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            fail(ctx, "HANDSHAKE_TIMEOUT");
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof BinaryWebSocketFrame) {
                onResponse(ctx, ((WebSocketFrame) msg).content());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onResponse(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < 13) {
            fail(ctx, "SHORT_FRAME");
            return;
        }
        int r = in.readerIndex();
        boolean ok = in.getByte(r + 10) == '2' && in.getByte(r + 11) == '0' && in.getByte(r + 12) == '0';
        switch (state) {
            case LOGIN -> {
                if (!ok) {
                    fail(ctx, "LOGIN_" + status(in));
                    return;
                }
                state = State.SUBSCRIBE;
                ByteBuf f = header(ctx, "0510", 64 + measurementId.length());
                f.getBytes(4, subscribeId);
                f.writeCharSequence("{\"Params\":{\"ID\":\"" + measurementId + "\"},\"RequestID\":\"",
                        StandardCharsets.US_ASCII);
                f.writeBytes(subscribeId);
                f.writeCharSequence("\"}", StandardCharsets.US_ASCII);
                ctx.writeAndFlush(new BinaryWebSocketFrame(f), ctx.voidPromise());
            }
            case SUBSCRIBE -> {
                if (!ok || !idIs(in, subscribeId)) {
                    fail(ctx, "SUBSCRIBE_" + status(in));
                    return;
                }
                state = State.READY;
                run.subscribed(this, true);
            }
            case STREAM -> {
                if (idIs(in, pendingId)) {
                    if (!ok) {
                        fail(ctx, "ADD_DATA_" + status(in));
                        return;
                    }
                    latencies[acked++] = System.nanoTime() - handedOverAt;
                    ackedCount = acked;
                    if (acked < latencies.length) {
                        sendNextWhenDue();
                    }
                } else if (idIs(in, subscribeId) && contains(in, STATUS_ID)) {
                    finalResult = true;
                }
                if (acked == latencies.length && finalResult) {
                    state = State.DONE;
                    run.finished(this, null);
                }
            }
            default -> {
                // READY: a late result of an earlier stream, or a stray frame: nothing to do
            }
        }
    }

    private void sendNextWhenDue() {
        long due = run.settings().pace() ? streamStart + run.settings().chunkDurationNanos() * next : 0;
        long wait = due - System.nanoTime();
        if (due == 0 || wait <= 0) {
            sendChunk();
        } else {
            channel.eventLoop().schedule(this::sendChunk, wait, TimeUnit.NANOSECONDS);
        }
    }

    /** Encodes chunk {@link #next} (JDK base64 of the payload, the body around it) and writes it. */
    private void sendChunk() {
        if (state != State.STREAM || !channel.isActive()) {
            return;
        }
        BaselineClient.Settings s = run.settings();
        int k = next++;
        int n = s.chunksPerStream();
        double seconds = s.chunkDurationNanos() / 1e9;
        String action = k == n - 1 ? "LAST::PROCESS" : k == 0 ? "FIRST::PROCESS" : "CHUNK::PROCESS";
        ByteBuf head = header(context, "0506", 160 + measurementId.length());
        head.getBytes(4, pendingId);
        head.writeCharSequence("{\"Params\":{\"ID\":\"" + measurementId + "\"},\"Action\":\"" + action
                + "\",\"ChunkOrder\":" + k + ",\"StartTime\":" + (k * seconds) + ",\"EndTime\":" + ((k + 1) * seconds)
                + ",\"Duration\":" + seconds + ",\"Payload\":\"", StandardCharsets.US_ASCII);
        ByteBuf frame = Unpooled.wrappedBuffer(head, Unpooled.wrappedBuffer(BASE64.encode(run.payload())),
                SUFFIX.duplicate());
        channel.writeAndFlush(new BinaryWebSocketFrame(frame)).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                handedOverAt = System.nanoTime();
            } else {
                fail(context, "WRITE_FAILED");
            }
        });
    }

    /** @return a buffer with the 4-byte action and a fresh 10-byte request id written (docs/protocol.md §2.1) */
    private ByteBuf header(ChannelHandlerContext ctx, String action, int capacity) {
        ByteBuf f = ctx.alloc().heapBuffer(14 + capacity);
        f.writeCharSequence(action, StandardCharsets.US_ASCII);
        f.writeCharSequence(action, StandardCharsets.US_ASCII);
        int c = counter++;
        for (int i = 0; i < 6; i++) {
            f.writeByte(LETTERS[c % LETTERS.length]);
            c /= LETTERS.length;
        }
        return f;
    }

    private static boolean idIs(ByteBuf in, byte[] id) {
        int r = in.readerIndex();
        for (int i = 0; i < id.length; i++) {
            if (in.getByte(r + i) != id[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(ByteBuf in, byte[] what) {
        int end = in.writerIndex() - what.length;
        outer:
        for (int i = in.readerIndex() + 13; i <= end; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in.getByte(i + j) != what[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String status(ByteBuf in) {
        return in.toString(in.readerIndex() + 10, 3, StandardCharsets.US_ASCII);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (state != State.DONE) {
            fail(ctx, "CLOSED");
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, "EXCEPTION_" + cause.getClass().getSimpleName());
    }

    private void fail(ChannelHandlerContext ctx, String code) {
        State was = state;
        if (was == State.DONE) {
            return;
        }
        state = State.DONE;
        if (was == State.HANDSHAKE || was == State.LOGIN || was == State.SUBSCRIBE) {
            run.subscribed(this, false);
        }
        run.finished(this, code);
        ctx.close();
    }
}
