package dev.dfx.transport.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * A small real WebSocket server for the adapter's own tests, on 127.0.0.1 and an ephemeral port, with one event-loop
 * thread named {@code test-server-*}.
 *
 * <p>Paths: {@code /ws} upgrades, selecting {@code json} when offered, and echoes binary and text frames;
 * {@code /reject} answers 401; {@code /stall} never answers. Commands on {@code /ws} are binary frames starting with
 * {@code cmd:}, then:
 * {@code close:CODE:REASON} (the server closes), {@code drop} (TCP close without a close frame),
 * {@code ping:PAYLOAD} (the server pings; on the pong it answers the text {@code got-pong:PAYLOAD}) and
 * {@code text:TEXT} (the server sends a text frame) and {@code frag:TOTAL:PARTS} (a binary message of TOTAL bytes in
 * PARTS fragments).
 */
final class EchoServer implements AutoCloseable {

    static final int MAX_FRAME = 4 * 1024 * 1024;
    /** A binary frame starting with this is a command, not echoed. */
    static final String COMMAND = "cmd:";

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final boolean answerClose;
    private final SSLContext sslContext;
    private final BlockingQueue<Map<String, String>> upgradeHeaders = new LinkedBlockingQueue<>();

    private EchoServer(SSLContext sslContext, boolean answerClose) throws InterruptedException {
        this.sslContext = sslContext;
        this.answerClose = answerClose;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("test-server", true),
                NioIoHandler.newFactory());
        this.serverChannel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        init(ch.pipeline());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    /** @return a plain server that answers close frames */
    static EchoServer start() throws InterruptedException {
        return new EchoServer(null, true);
    }

    /** @return a plain server that never answers a client's close frame */
    static EchoServer startIgnoringClose() throws InterruptedException {
        return new EchoServer(null, false);
    }

    /** @param tls the server's TLS context @return a wss server */
    static EchoServer startTls(SSLContext tls) throws InterruptedException {
        return new EchoServer(tls, true);
    }

    int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    URI uri(String path) {
        return URI.create((sslContext == null ? "ws" : "wss") + "://127.0.0.1:" + port() + path);
    }

    void clearUpgradeHeaders() {
        upgradeHeaders.clear();
    }

    /** @return the headers of the next upgrade request the server saw (lower-case names), or null on timeout */
    Map<String, String> nextUpgradeHeaders() throws InterruptedException {
        return upgradeHeaders.poll(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private void init(ChannelPipeline p) {
        if (sslContext != null) {
            SSLEngine engine = sslContext.createSSLEngine();
            engine.setUseClientMode(false);
            p.addLast(new SslHandler(engine));
        }
        p.addLast(new HttpServerCodec());
        p.addLast(new HttpObjectAggregator(65536));
        p.addLast(new Gate());
        p.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/ws")
                .subprotocols("json")
                .checkStartsWith(true)
                .maxFramePayloadLength(MAX_FRAME)
                .handleCloseFrames(false)
                .sendCloseFrame(null) // "drop" must close without a close frame
                .dropPongFrames(false)
                .build()));
        p.addLast(new WebSocketFrameAggregator(MAX_FRAME));
        p.addLast(new Echo());
    }

    /** Records upgrade headers, and rejects or stalls by path. */
    private final class Gate extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof FullHttpRequest)) {
                ctx.fireChannelRead(msg);
                return;
            }
            FullHttpRequest request = (FullHttpRequest) msg;
            Map<String, String> headers = new LinkedHashMap<>();
            request.headers().forEach(e -> headers.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
            upgradeHeaders.add(headers);
            if (request.uri().startsWith("/reject")) {
                request.release();
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.UNAUTHORIZED, Unpooled.copiedBuffer("no", StandardCharsets.US_ASCII));
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 2);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            } else if (request.uri().startsWith("/stall")) {
                request.release();
            } else {
                ctx.fireChannelRead(request);
            }
        }
    }

    /** The WebSocket behaviour of {@code /ws}. */
    private final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof WebSocketFrame)) {
                ctx.fireChannelRead(msg);
                return;
            }
            WebSocketFrame frame = (WebSocketFrame) msg;
            try {
                if (frame instanceof BinaryWebSocketFrame) {
                    ByteBuf content = frame.content();
                    if (content.readableBytes() >= COMMAND.length()
                            && content.toString(content.readerIndex(), COMMAND.length(), StandardCharsets.US_ASCII)
                            .equals(COMMAND)) {
                        command(ctx, content.toString(StandardCharsets.UTF_8).substring(COMMAND.length()));
                    } else {
                        ctx.writeAndFlush(new BinaryWebSocketFrame(content.retain()));
                    }
                } else if (frame instanceof TextWebSocketFrame) {
                    ctx.writeAndFlush(new TextWebSocketFrame(((TextWebSocketFrame) frame).text()));
                } else if (frame instanceof PongWebSocketFrame) {
                    String payload = frame.content().toString(StandardCharsets.UTF_8);
                    ctx.writeAndFlush(new TextWebSocketFrame("got-pong:" + payload));
                } else if (frame instanceof CloseWebSocketFrame && answerClose) {
                    ctx.writeAndFlush(frame.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
                }
            } finally {
                ReferenceCountUtil.release(frame);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // Expected in the TLS tests (the client refuses the certificate); the client side asserts the outcome.
            ctx.close();
        }

        private void command(ChannelHandlerContext ctx, String text) {
            String[] parts = text.split(":", 3);
            switch (parts[0]) {
                case "close":
                    ctx.writeAndFlush(new CloseWebSocketFrame(Integer.parseInt(parts[1]), parts[2]));
                    break;
                case "drop":
                    ctx.close();
                    break;
                case "ping":
                    ctx.writeAndFlush(new PingWebSocketFrame(
                            Unpooled.copiedBuffer(parts[1], StandardCharsets.UTF_8)));
                    break;
                case "text":
                    ctx.writeAndFlush(new TextWebSocketFrame(parts[1]));
                    break;
                case "frag":
                    sendFragmented(ctx, Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
                    break;
                default:
                    throw new IllegalArgumentException("unknown command " + text);
            }
        }

        private void sendFragmented(ChannelHandlerContext ctx, int total, int count) {
            int size = total / count;
            for (int i = 0; i < count; i++) {
                int length = i == count - 1 ? total - size * (count - 1) : size;
                ByteBuf part = Unpooled.buffer(length);
                for (int j = 0; j < length; j++) {
                    part.writeByte((size * i + j) & 0x7f);
                }
                boolean last = i == count - 1;
                ctx.write(i == 0 ? new BinaryWebSocketFrame(last, 0, part) : new ContinuationWebSocketFrame(last, 0,
                        part));
            }
            ctx.flush();
        }
    }
}
