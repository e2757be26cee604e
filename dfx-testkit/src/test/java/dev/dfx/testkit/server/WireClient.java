package dev.dfx.testkit.server;

import dev.dfx.core.ActionId;
import dev.dfx.core.RequestId;
import dev.dfx.core.frame.FrameCodec;
import dev.dfx.core.frame.ResponseFrame;
import dev.dfx.core.port.Connection;
import dev.dfx.core.port.ConnectSpec;
import dev.dfx.core.port.ConnectionListener;
import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.memory.InMemoryTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A raw test client of a started {@link FakeDfxServer}, over the in-memory transport or over a real loopback socket
 * (the JDK's WebSocket client), so one test checks a rule on both front ends of the one engine.
 */
abstract class WireClient implements AutoCloseable {
    /** Which front end. */
    enum Wire {
        /** The in-memory transport. */
        MEMORY,
        /** A real WebSocket on 127.0.0.1 (the server must be built with {@code socket(0)}). */
        SOCKET
    }

    private static final long WAIT_SECONDS = 10;
    final BlockingQueue<ByteBuffer> binaries = new LinkedBlockingQueue<>();
    private int counter;

    /** @return a builder configured for the wire: in socket mode it listens on a free loopback port */
    static FakeDfxServer.Builder builder(Wire wire) {
        FakeDfxServer.Builder b = FakeDfxServer.builder();
        return wire == Wire.SOCKET ? b.socket(0) : b;
    }

    static WireClient connect(Wire wire, FakeDfxServer server) {
        return connect(wire, server, null);
    }

    /** @param bearer a token for an {@code Authorization: Bearer} header, or null */
    static WireClient connect(Wire wire, FakeDfxServer server, String bearer) {
        try {
            return wire == Wire.MEMORY ? new Memory(server.inMemoryUri(), bearer) : new Socket(server.uri(), bearer);
        } catch (Exception e) {
            throw new AssertionError("connect failed", e);
        }
    }

    abstract void sendFrame(ByteBuffer frame);

    @Override
    public abstract void close();

    String id(String action) {
        return action + String.format("%06d", ++counter);
    }

    void send(String action, String json) {
        send(action, id(action), json);
    }

    void send(String action, String requestId, String json) {
        sendFrame(FrameCodec.encodeRequest(ActionId.of(action), new RequestId(requestId),
                ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8))));
    }

    ResponseFrame call(String action, String json) {
        send(action, json);
        return next();
    }

    ResponseFrame next() {
        try {
            ByteBuffer b = binaries.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (b == null) {
                throw new AssertionError("no frame from the server within " + WAIT_SECONDS + " s");
            }
            return FrameCodec.decodeResponse(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static final class Memory extends WireClient {
        private final InMemoryTransport transport = InMemoryTransport.create();
        private final Connection connection;

        Memory(URI uri, String bearer) throws Exception {
            ConnectSpec.Builder spec = ConnectSpec.builder(uri);
            if (bearer != null) {
                spec.header("Authorization", "Bearer " + bearer);
            }
            connection = transport.connect(spec.build(), new ConnectionListener() {
                @Override
                public void onBinary(ByteBuffer data) {
                    binaries.add(data);
                }

                @Override
                public void onText(String text) {
                }

                @Override
                public void onPong(ByteBuffer payload) {
                }

                @Override
                public void onClosed(int code, String reason) {
                }

                @Override
                public void onFailure(Throwable cause) {
                }
            }).get(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        void sendFrame(ByteBuffer frame) {
            connection.sendBinary(frame).join();
        }

        @Override
        public void close() {
            connection.abort();
            transport.close();
        }
    }

    private static final class Socket extends WireClient implements WebSocket.Listener {
        private final WebSocket ws;
        private ByteBuffer partial = ByteBuffer.allocate(0);

        Socket(URI uri, String bearer) throws Exception {
            WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("json");
            if (bearer != null) {
                b.header("Authorization", "Bearer " + bearer);
            }
            ws = b.buildAsync(uri, this).get(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        void sendFrame(ByteBuffer frame) {
            ws.sendBinary(frame, true).join();
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
            ByteBuffer joined = ByteBuffer.allocate(partial.remaining() + data.remaining());
            joined.put(partial).put(data).flip();
            partial = joined;
            if (last) {
                binaries.add(partial);
                partial = ByteBuffer.allocate(0);
            }
            w.request(1);
            return null;
        }

        @Override
        public void close() {
            ws.abort();
        }
    }

    /** Applies the same configuration on both wires. */
    static FakeDfxServer start(Wire wire, Consumer<FakeDfxServer.Builder> config) {
        FakeDfxServer.Builder b = builder(wire);
        config.accept(b);
        return b.build().start();
    }
}
