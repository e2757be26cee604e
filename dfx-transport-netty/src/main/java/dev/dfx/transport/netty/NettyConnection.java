package dev.dfx.transport.netty;

import dev.dfx.core.error.DfxConnectionClosedException;
import dev.dfx.core.error.DfxTimeoutException;
import dev.dfx.core.error.DfxTransportException;
import dev.dfx.core.port.ConnectSpec;
import dev.dfx.core.port.Connection;
import dev.dfx.core.port.ConnectionListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One WebSocket client connection: the last handler of its channel's pipeline and the {@link Connection} handed to
 * the engine. Not shared between channels.
 *
 * <p>Threading: every field without {@code volatile} or an atomic wrapper is touched only on the channel's event
 * loop, which also runs every listener call, so listener calls are serial and in order. Public {@link Connection}
 * methods may be called from any thread; they only hand work to the channel.
 *
 * <p>Lifecycle: HANDSHAKE (the connect future is pending; the listener is never called) → OPEN → CLOSING (we sent
 * a close frame) → CLOSED. Exactly one terminal listener call ({@code onClosed} or {@code onFailure}) is made, and
 * nothing after it.
 */
final class NettyConnection extends ChannelInboundHandlerAdapter implements Connection {

    private static final System.Logger LOG = System.getLogger(NettyConnection.class.getName());

    /** Largest ping payload allowed by RFC 6455 §5.5. */
    private static final int MAX_CONTROL_PAYLOAD = 125;
    /** Largest close reason: a control frame payload less the 2-byte code (RFC 6455 §5.5.1). */
    private static final int MAX_CLOSE_REASON_BYTES = 123;
    /** RFC 6455 §7.4.1: the code reported for a close frame without a status. */
    private static final int NO_STATUS_RECEIVED = 1005;
    /** RFC 6455 §7.4.1: the code reported when the socket dropped without a close frame. */
    private static final int ABNORMAL_CLOSURE = 1006;
    private static final int MESSAGE_TOO_BIG = 1009;

    private enum State { HANDSHAKE, OPEN, CLOSING, CLOSED }

    private final ConnectSpec spec;
    private final ConnectionListener listener;
    private final WebSocketClientHandshaker handshaker;
    private final CompletableFuture<Connection> connectResult;
    private final Executor callbacks;
    private final String peer;
    private final AtomicReference<State> state = new AtomicReference<>(State.HANDSHAKE);
    private final AtomicLong queued = new AtomicLong();
    private final CompletableFuture<Void> closeDone = new CompletableFuture<>();

    private volatile Channel channel;
    private volatile EventLoop loop;
    private volatile String subprotocol = "";
    /** Why sends now fail; set once the connection left OPEN. */
    private volatile DfxConnectionClosedException closedCause;
    /** Set by {@link #abort()} so the drop is reported as local. */
    private volatile boolean abortedLocally;

    // Event-loop-only state.
    private boolean connectDone;
    private boolean terminated;
    private ScheduledFuture<?> connectTimer;
    private ScheduledFuture<?> closeTimer;
    /** The close frame we sent, to report if the peer never answers it. */
    private int sentCloseCode;

    NettyConnection(ConnectSpec spec, ConnectionListener listener, WebSocketClientHandshaker handshaker,
                    CompletableFuture<Connection> connectResult, Executor callbacks, String peer) {
        this.spec = spec;
        this.listener = listener;
        this.handshaker = handshaker;
        this.connectResult = connectResult;
        this.callbacks = callbacks;
        this.peer = peer;
    }

    /** Called once by the transport right after {@code bootstrap.connect}, on the caller's thread. */
    void start(Channel ch, EventLoop loop, ChannelFuture connectFuture) {
        this.channel = ch;
        this.loop = loop;
        ch.closeFuture().addListener(f -> callbacks.execute(() -> closeDone.complete(null)));
        onLoop(() -> {
            if (!connectDone) {
                try {
                    connectTimer = loop.schedule(this::onConnectTimeout, spec.connectTimeout().toNanos(),
                            TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    // The loop is stopping, so the channel cannot register: connectFuture fails instead.
                    LOG.log(Level.DEBUG, "event loop is shutting down; connect will fail");
                }
            }
        });
        connectFuture.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                failConnect(NettyErrors.connectFailure(f.cause(), peer, spec.connectTimeout()));
            }
        });
    }

    // ---------------------------------------------------------------- Connection

    @Override
    public CompletableFuture<Void> sendBinary(ByteBuffer frame) {
        Objects.requireNonNull(frame, "frame");
        if (state.get() != State.OPEN) {
            return CompletableFuture.failedFuture(closedError());
        }
        long size = frame.remaining();
        long limit = spec.maxQueuedBytes();
        for (;;) {
            long current = queued.get();
            if (current + size > limit) {
                // Not retryable: a reconnect does not help, and this connection stays healthy (TransportContract).
                return CompletableFuture.failedFuture(new DfxTransportException("outbound queue full: " + current
                        + " bytes queued, frame of " + size + " bytes, limit " + limit, null, false));
            }
            if (queued.compareAndSet(current, current + size)) {
                break;
            }
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        Channel ch = channel;
        // The state is checked again on the event loop, where close() writes its close frame: a send that raced
        // close() either goes out before the close frame or fails; a data frame never follows our close frame.
        onLoop(() -> {
            if (state.get() != State.OPEN) {
                queued.addAndGet(-size);
                DfxConnectionClosedException closed = closedError();
                callbacks.execute(() -> result.completeExceptionally(closed));
                return;
            }
            // Wrapped, not copied: the caller leaves the buffer alone until the future completes.
            ByteBuf payload = Unpooled.wrappedBuffer(frame);
            ch.writeAndFlush(new BinaryWebSocketFrame(payload)).addListener((ChannelFutureListener) f -> {
                queued.addAndGet(-size);
                completeWrite(result, f);
            });
        });
        return result;
    }

    @Override
    public CompletableFuture<Void> ping(ByteBuffer payload) {
        Objects.requireNonNull(payload, "payload");
        if (payload.remaining() > MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("payload must be at most " + MAX_CONTROL_PAYLOAD + " bytes, got "
                    + payload.remaining());
        }
        if (state.get() != State.OPEN) {
            return CompletableFuture.failedFuture(closedError());
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        // Copied: a control payload is tiny, and the caller may reuse the buffer at once.
        ByteBuf copy = Unpooled.copiedBuffer(payload.duplicate());
        Channel ch = channel;
        onLoop(() -> {
            if (state.get() != State.OPEN) {
                copy.release();
                DfxConnectionClosedException closed = closedError();
                callbacks.execute(() -> result.completeExceptionally(closed));
                return;
            }
            ch.writeAndFlush(new PingWebSocketFrame(copy))
                    .addListener((ChannelFutureListener) f -> completeWrite(result, f));
        });
        return result;
    }

    @Override
    public long queuedBytes() {
        return queued.get();
    }

    @Override
    public CompletableFuture<Void> close(int code, String reason) {
        Objects.requireNonNull(reason, "reason");
        if (!WebSocketCloseStatus.isValidStatusCode(code)) {
            throw new IllegalArgumentException("code is not a close code an endpoint may send: " + code);
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > MAX_CLOSE_REASON_BYTES) {
            throw new IllegalArgumentException("reason must be at most " + MAX_CLOSE_REASON_BYTES
                    + " bytes of UTF-8");
        }
        if (state.compareAndSet(State.OPEN, State.CLOSING)) {
            closedCause = new DfxConnectionClosedException(code, reason, false);
            Channel ch = channel;
            onLoop(() -> startClose(ch, code, reason));
        }
        return closeDone.copy();
    }

    @Override
    public void abort() {
        abortedLocally = true;
        // Before the connect completed, only NettyTransport.close() aborts: a connect still resolving a name or
        // opening the socket (a channel that never became active fires no channelInactive) fails now, not when
        // its timer runs out.
        failConnect(new DfxTransportException("transport closed during connect to " + peer, null, false));
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public void pauseReading() {
        Channel ch = channel;
        if (ch != null) {
            ch.config().setAutoRead(false);
        }
    }

    @Override
    public void resumeReading() {
        Channel ch = channel;
        if (ch != null) {
            ch.config().setAutoRead(true);
        }
    }

    @Override
    public boolean isOpen() {
        Channel ch = channel;
        return state.get() == State.OPEN && ch != null && ch.isActive();
    }

    @Override
    public String toString() {
        return "NettyConnection[" + peer + ", state=" + state.get() + ", subprotocol=" + subprotocol + "]";
    }

    // ---------------------------------------------------------------- channel events (event loop only)

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        // With TLS, the SslHandler holds this request back until its handshake is done.
        handshaker.handshake(ctx.channel()).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                failConnect(NettyErrors.connectFailure(f.cause(), peer, spec.connectTimeout()));
                f.channel().close();
            }
        });
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof FullHttpResponse) {
                onHandshakeResponse(ctx, (FullHttpResponse) msg);
            } else if (msg instanceof WebSocketFrame) {
                onFrame(ctx, (WebSocketFrame) msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!connectDone) {
            failConnect(NettyErrors.connectFailure(cause, peer, spec.connectTimeout()));
            ctx.close();
            return;
        }
        if (cause instanceof CorruptedWebSocketFrameException) {
            // The frame decoder already sent the close frame (1009 for an oversized frame, 1002/1007 otherwise)
            // and closes the channel.
            WebSocketCloseStatus status = ((CorruptedWebSocketFrameException) cause).closeStatus();
            int code = status == null ? WebSocketCloseStatus.PROTOCOL_ERROR.code() : status.code();
            String why = cause.getMessage() == null ? "" : cause.getMessage();
            failTerminal(withCause(new DfxConnectionClosedException(code, why, false), cause));
            ctx.close();
        } else if (cause instanceof TooLongFrameException) {
            // A fragmented message larger than maxFrameBytes, seen by the frame aggregator.
            String why = "message larger than " + spec.maxFrameBytes() + " bytes";
            failTerminal(withCause(new DfxConnectionClosedException(MESSAGE_TOO_BIG, why, false), cause));
            ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            failTerminal(new DfxTransportException("I/O error on connection to " + peer, cause, true));
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        state.set(State.CLOSED);
        cancel(closeTimer);
        if (!connectDone) {
            failConnect(new DfxTransportException("connection to " + peer + " closed during the handshake", null,
                    true));
        } else if (!terminated) {
            String why = abortedLocally ? "aborted" : sentCloseCode != 0 ? "no close frame from the server" : "";
            failTerminal(new DfxConnectionClosedException(ABNORMAL_CLOSURE, why, !abortedLocally
                    && sentCloseCode == 0));
        }
        super.channelInactive(ctx);
    }

    private void onHandshakeResponse(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (connectDone) {
            return;
        }
        try {
            handshaker.finishHandshake(ctx.channel(), response);
        } catch (WebSocketHandshakeException e) {
            failConnect(NettyErrors.handshakeFailure(e));
            ctx.close();
            return;
        }
        // Continuation frames are joined before they reach us, within the same bound as single frames.
        ctx.pipeline().addBefore(ctx.name(), "ws-aggregator", new WebSocketFrameAggregator(spec.maxFrameBytes()));
        String selected = handshaker.actualSubprotocol();
        subprotocol = selected == null ? "" : selected;
        connectDone = true;
        cancel(connectTimer);
        state.set(State.OPEN);
        LOG.log(Level.DEBUG, () -> "connected to " + peer + " with subprotocol '" + subprotocol + "'");
        callbacks.execute(() -> connectResult.complete(this));
    }

    private void onFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (terminated) {
            return;
        }
        if (frame instanceof BinaryWebSocketFrame) {
            ByteBuffer copy = copyOf(frame.content());
            deliver(() -> listener.onBinary(copy));
        } else if (frame instanceof TextWebSocketFrame) {
            String text = ((TextWebSocketFrame) frame).text();
            deliver(() -> listener.onText(text));
        } else if (frame instanceof PingWebSocketFrame) {
            // RFC 6455 §5.5.2 and docs/protocol.md §1.4: the server is the pinger; answer with the same payload.
            ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retainedDuplicate()));
        } else if (frame instanceof PongWebSocketFrame) {
            ByteBuffer copy = copyOf(frame.content());
            deliver(() -> listener.onPong(copy));
        } else if (frame instanceof CloseWebSocketFrame) {
            onCloseFrame(ctx, (CloseWebSocketFrame) frame);
        }
    }

    private void onCloseFrame(ChannelHandlerContext ctx, CloseWebSocketFrame frame) {
        int code = frame.statusCode() < 0 ? NO_STATUS_RECEIVED : frame.statusCode();
        String reason = frame.reasonText() == null ? "" : frame.reasonText();
        State previous = state.getAndSet(State.CLOSED);
        cancel(closeTimer);
        if (previous == State.CLOSING) {
            // The answer to our close: the handshake is complete, drop the socket.
            ctx.close();
        } else {
            closedCause = new DfxConnectionClosedException(code, reason, true);
            // RFC 6455 §5.5.1: echo the status code, then close.
            CloseWebSocketFrame echo = code == NO_STATUS_RECEIVED ? new CloseWebSocketFrame()
                    : new CloseWebSocketFrame(code, "");
            ctx.writeAndFlush(echo).addListener(ChannelFutureListener.CLOSE);
        }
        LOG.log(Level.DEBUG, () -> "connection to " + peer + " closed with code " + code);
        terminated = true;
        deliver(() -> listener.onClosed(code, reason));
    }

    private void startClose(Channel ch, int code, String reason) {
        if (terminated || !ch.isActive()) {
            ch.close();
            return;
        }
        sentCloseCode = code;
        ch.writeAndFlush(new CloseWebSocketFrame(code, reason));
        // The wait for the server's close frame is bounded (docs/style.md §3); then the socket is dropped.
        try {
            closeTimer = ch.eventLoop().schedule(() -> {
                LOG.log(Level.DEBUG, () -> "no close frame from " + peer + " in time; dropping the socket");
                ch.close();
            }, spec.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            ch.close();
        }
    }

    private void onConnectTimeout() {
        if (connectDone) {
            return;
        }
        failConnect(new DfxTimeoutException("connect to " + peer, spec.connectTimeout()));
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    /**
     * Runs a task on this connection's event loop (at once if already there). If the loop no longer takes tasks
     * (it is shutting down), nothing else will run for this channel either, so the task runs on this thread.
     */
    private void onLoop(Runnable task) {
        EventLoop l = loop;
        if (l == null || l.inEventLoop()) {
            task.run();
            return;
        }
        try {
            l.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /** Fails the connect future once. */
    private void failConnect(Throwable error) {
        onLoop(() -> failConnectOnLoop(error));
    }

    private void failConnectOnLoop(Throwable error) {
        if (connectDone) {
            return;
        }
        connectDone = true;
        terminated = true;
        state.set(State.CLOSED);
        cancel(connectTimer);
        LOG.log(Level.DEBUG, () -> "connect to " + peer + " failed: " + error);
        callbacks.execute(() -> connectResult.completeExceptionally(error));
    }

    private void failTerminal(Throwable error) {
        state.set(State.CLOSED);
        if (terminated) {
            return;
        }
        terminated = true;
        if (closedCause == null) {
            closedCause = error instanceof DfxConnectionClosedException
                    ? (DfxConnectionClosedException) error
                    : new DfxConnectionClosedException(ABNORMAL_CLOSURE, "", true);
        }
        LOG.log(Level.DEBUG, () -> "connection to " + peer + " failed: " + error);
        deliver(() -> listener.onFailure(error));
    }

    private void deliver(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            // The listener contract says "never throw"; keep the event loop and the connection alive anyway.
            LOG.log(Level.WARNING, "connection listener threw; ignored", e);
        }
    }

    private void completeWrite(CompletableFuture<Void> result, ChannelFuture f) {
        if (f.isSuccess()) {
            callbacks.execute(() -> result.complete(null));
        } else {
            Throwable error = NettyErrors.writeFailure(f.cause(), closedError());
            callbacks.execute(() -> result.completeExceptionally(error));
        }
    }

    /** @return a fresh exception for a send that cannot happen because the connection is not open */
    private DfxConnectionClosedException closedError() {
        DfxConnectionClosedException cause = closedCause;
        return cause != null ? new DfxConnectionClosedException(cause.code(), cause.reason(), cause.remote())
                : new DfxConnectionClosedException(ABNORMAL_CLOSURE, "not open", false);
    }

    private static ByteBuffer copyOf(ByteBuf content) {
        byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    private static <T extends Throwable> T withCause(T error, Throwable cause) {
        error.initCause(cause);
        return error;
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
