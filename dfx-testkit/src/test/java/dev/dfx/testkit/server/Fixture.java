package dev.dfx.testkit.server;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.ActionId;
import dev.dfx.core.RequestId;
import dev.dfx.core.frame.FrameCodec;
import dev.dfx.core.frame.ResponseFrame;
import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.ManualClock;
import dev.dfx.testkit.wire.HandshakeDecision;
import dev.dfx.testkit.wire.HandshakeRequest;
import dev.dfx.testkit.wire.ServerConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Drives a {@link FakeDfxServer} straight through the seam, on a {@link ManualClock}. */
final class Fixture implements AutoCloseable {
    static final String TOKEN = "test-token";
    static final String M = "3f2c9a70-5b1e-4c8a-9d2e-7a6b1c0d4e5f";
    static final JacksonBodyCodec CODEC = JacksonBodyCodec.create();

    final ManualClock clock = ManualClock.create();
    final FakeDfxServer server;

    Fixture() {
        this(b -> b);
    }

    Fixture(UnaryOperator<FakeDfxServer.Builder> config) {
        server = config.apply(FakeDfxServer.builder().clock(clock).measurements(M)).build();
    }

    static HandshakeRequest upgrade(List<String> subprotocols, Map<String, List<String>> headers) {
        return new HandshakeRequest("/", headers, subprotocols, "127.0.0.1:50000");
    }

    /** @return a client whose upgrade (offering json, no header) was accepted, not logged in */
    Client connect() {
        return connect(upgrade(List.of("json"), Map.of()));
    }

    Client connect(HandshakeRequest request) {
        HandshakeDecision d = server.handshake(request);
        if (d.kind() != HandshakeDecision.Kind.ACCEPT) {
            throw new AssertionError("handshake not accepted: " + d);
        }
        CapturingPeer peer = new CapturingPeer();
        return new Client(peer, server.accept(request, peer));
    }

    /** @return a client logged in with 0718 (its 200 taken) */
    Client loggedIn() {
        Client c = connect();
        ResponseFrame r = c.call("0718", "0718loginA", "{\"Token\":\"" + TOKEN + "\"}");
        if (r.status() != 200) {
            throw new AssertionError("login failed: " + r);
        }
        return c;
    }

    @Override
    public void close() {
        server.close();
    }

    static String chunk(String measurementId, String action, Integer order, Double duration, String payload) {
        StringBuilder b = new StringBuilder("{\"Params\":{\"ID\":\"").append(measurementId).append("\"},\"Action\":\"")
                .append(action).append('"');
        if (order != null) {
            b.append(",\"ChunkOrder\":").append(order);
        }
        if (duration != null) {
            b.append(",\"Duration\":").append(duration);
        }
        if (payload != null) {
            b.append(",\"Payload\":\"").append(payload).append('"');
        }
        return b.append('}').toString();
    }

    /** A chunk of 5 s with a valid payload. */
    static String chunk(String action, Integer order) {
        return chunk(M, action, order, 5.0, "AAEC");
    }

    static String subscribe(String measurementId, String requestId) {
        return "{\"Params\":{\"ID\":\"" + measurementId + "\"},\"RequestID\":\"" + requestId + "\"}";
    }

    static Map<?, ?> body(ResponseFrame f) {
        return CODEC.decode(f.body(), Map.class);
    }

    static String text(ResponseFrame f) {
        return StandardCharsets.UTF_8.decode(f.body()).toString();
    }

    /** One test client: its capturing peer and its server connection. */
    static final class Client {
        final CapturingPeer peer;
        final ServerConnection conn;
        private int counter;

        Client(CapturingPeer peer, ServerConnection conn) {
            this.peer = peer;
            this.conn = conn;
        }

        /** @return a fresh JS-form request id for the action */
        String id(String action) {
            return action + String.format("%06d", ++counter);
        }

        void send(String action, String requestId, String json) {
            conn.onBinary(FrameCodec.encodeRequest(ActionId.of(action), new RequestId(requestId),
                    ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8))));
        }

        void sendText(String action, String requestId, String json) {
            conn.onText(action + requestId + json);
        }

        ResponseFrame call(String action, String requestId, String json) {
            send(action, requestId, json);
            return peer.next();
        }

        ResponseFrame call(String action, String json) {
            return call(action, id(action), json);
        }

        ResponseFrame next() {
            return peer.next();
        }

        boolean nothingMore() {
            return peer.binaries.isEmpty();
        }
    }
}
