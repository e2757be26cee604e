package dev.dfx.interop;

import dev.dfx.testkit.FakeDfxServer;
import dev.dfx.testkit.wire.ConnectionAcceptor;
import dev.dfx.testkit.wire.HandshakeDecision;
import dev.dfx.testkit.wire.HandshakeRequest;
import dev.dfx.testkit.wire.PeerChannel;
import dev.dfx.testkit.wire.ServerConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Puts every connection through a {@link FakeDfxServer} and watches what the server's recorder does not keep: the
 * client's pings and pongs, its text frames and the close code the server saw. It can also talk to the client
 * behind the server's back, to probe the client: a TEXT frame right after the upgrade, and a BINARY signal frame once
 * the client has answered enough server pings. Frames it sends itself are not in the server's recorded frames.
 * Thread-safe.
 */
final class ObservingAcceptor implements ConnectionAcceptor {
    /** Request id of the signal frame sent after enough pongs; its action (to the client) is {@code 0100}. */
    static final String PONG_SIGNAL_ID = "0100PongOK";

    private final FakeDfxServer server;
    private final String textOnOpen;
    private final int signalAfterPongs;
    private final List<Observed> connections = new CopyOnWriteArrayList<>();

    /**
     * @param server the engine behind every connection
     * @param textOnOpen a TEXT frame to send each client right after its upgrade, or null
     * @param signalAfterPongs after this many pongs from a client, send it {@link #PONG_SIGNAL_ID}; 0 for never
     */
    ObservingAcceptor(FakeDfxServer server, String textOnOpen, int signalAfterPongs) {
        this.server = Objects.requireNonNull(server, "server");
        this.textOnOpen = textOnOpen;
        this.signalAfterPongs = signalAfterPongs;
    }

    @Override
    public HandshakeDecision handshake(HandshakeRequest request) {
        return server.handshake(request);
    }

    @Override
    public ServerConnection accept(HandshakeRequest request, PeerChannel peer) {
        Observed o = new Observed(connections.size() + 1, request, server.accept(request, peer), peer);
        connections.add(o);
        if (textOnOpen != null) {
            peer.sendText(textOnOpen);
            o.textSent.incrementAndGet();
        }
        return o;
    }

    /** @return every connection accepted so far, in accept order */
    List<Observed> connections() {
        return List.copyOf(connections);
    }

    /** One accepted connection, as seen between the front end and the server. */
    final class Observed implements ServerConnection {
        final int number;
        final HandshakeRequest handshake;
        final AtomicInteger pings = new AtomicInteger();
        final AtomicInteger pongs = new AtomicInteger();
        final AtomicInteger textReceived = new AtomicInteger();
        final AtomicInteger textSent = new AtomicInteger();
        final AtomicInteger signalsSent = new AtomicInteger();
        /** Completes with the close code the front end reported (1005: a close frame without a code). */
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private final ServerConnection inner;
        private final PeerChannel peer;

        private Observed(int number, HandshakeRequest handshake, ServerConnection inner, PeerChannel peer) {
            this.number = number;
            this.handshake = handshake;
            this.inner = inner;
            this.peer = peer;
        }

        @Override
        public void onBinary(ByteBuffer frame) {
            inner.onBinary(frame);
        }

        @Override
        public void onText(String text) {
            textReceived.incrementAndGet();
            inner.onText(text);
        }

        @Override
        public void onPing(ByteBuffer payload) {
            pings.incrementAndGet();
            inner.onPing(payload);
        }

        @Override
        public void onPong(ByteBuffer payload) {
            int n = pongs.incrementAndGet();
            inner.onPong(payload);
            if (signalAfterPongs > 0 && n == signalAfterPongs) {
                String frame = PONG_SIGNAL_ID + "200{\"Pongs\":" + n + "}";
                peer.sendBinary(ByteBuffer.wrap(frame.getBytes(StandardCharsets.US_ASCII)));
                signalsSent.incrementAndGet();
            }
        }

        @Override
        public void onClosed(int code, String reason) {
            closeCode.complete(code);
            inner.onClosed(code, reason);
        }

        @Override
        public String toString() {
            return "conn" + number + ": subprotocols offered " + handshake.subprotocols() + ", path "
                    + handshake.path() + ", pings from client " + pings + ", pongs from client " + pongs
                    + ", text frames from client " + textReceived + ", text frames to client " + textSent
                    + ", signals to client " + signalsSent + ", close code at server "
                    + (closeCode.isDone() ? closeCode.join() : "(open)");
        }
    }
}
