package dev.dfx.testkit.contract;

import dev.dfx.testkit.wire.ConnectionAcceptor;
import dev.dfx.testkit.wire.HandshakeDecision;
import dev.dfx.testkit.wire.HandshakeRequest;
import dev.dfx.testkit.wire.PeerChannel;
import dev.dfx.testkit.wire.ServerConnection;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The contract suite's plain echo server engine: accepts {@code json} when offered, echoes binary and text frames,
 * answers pings, and hands each accepted connection to the test as a {@link ServerSide} so the test can push frames,
 * close or drop it from the server's side. A one-shot {@link #nextHandshake} makes the next upgrade reject, stall or
 * select no subprotocol. Thread-safe.
 */
final class ContractAcceptor implements ConnectionAcceptor {
    private final AtomicReference<HandshakeDecision> nextHandshake = new AtomicReference<>();
    private final BlockingQueue<ServerSide> accepted = new LinkedBlockingQueue<>();
    private final AtomicInteger handshakes = new AtomicInteger();

    /** @param decision how to answer the next upgrade only; later ones are accepted again */
    void nextHandshake(HandshakeDecision decision) {
        nextHandshake.set(decision);
    }

    /** Forgets leftovers of the previous test. */
    void reset() {
        nextHandshake.set(null);
        accepted.clear();
        handshakes.set(0);
    }

    /** @return upgrade requests seen since the last {@link #reset()} */
    int handshakes() {
        return handshakes.get();
    }

    @Override
    public HandshakeDecision handshake(HandshakeRequest request) {
        handshakes.incrementAndGet();
        HandshakeDecision d = nextHandshake.getAndSet(null);
        if (d != null) {
            return d;
        }
        return HandshakeDecision.accept(request.subprotocols().contains("json") ? "json" : null);
    }

    @Override
    public ServerConnection accept(HandshakeRequest request, PeerChannel peer) {
        ServerSide side = new ServerSide(request, peer);
        accepted.add(side);
        return side;
    }

    /**
     * @param timeout how long to wait
     * @return the next accepted connection's server side
     * @throws AssertionError if none is accepted in time
     */
    ServerSide nextAccepted(Duration timeout) {
        try {
            ServerSide s = accepted.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (s == null) {
                throw new AssertionError("the server accepted no connection within " + timeout.toMillis() + " ms");
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A close the server side saw. @param code close code @param reason reason */
    record ServerClose(int code, String reason) {
    }

    /** The server's end of one connection: echoes, and lets the test act as the server. */
    static final class ServerSide implements ServerConnection {
        private final HandshakeRequest request;
        private final PeerChannel peer;
        private final CompletableFuture<ServerClose> closed = new CompletableFuture<>();
        private final AtomicInteger binaryFrames = new AtomicInteger();
        private final AtomicInteger binaryAfterClose = new AtomicInteger();
        private volatile boolean echo = true;

        ServerSide(HandshakeRequest request, PeerChannel peer) {
            this.request = request;
            this.peer = peer;
        }

        /** @return the client's upgrade request */
        HandshakeRequest request() {
            return request;
        }

        /** @return how to act as the server on this connection */
        PeerChannel peer() {
            return peer;
        }

        /** @return completes with the close the server saw (1006 for a drop) */
        CompletableFuture<ServerClose> closed() {
            return closed;
        }

        /** @return binary frames received so far */
        int binaryFrames() {
            return binaryFrames.get();
        }

        /** @return binary frames that arrived after the close (must stay 0) */
        int binaryAfterClose() {
            return binaryAfterClose.get();
        }

        /** @param value whether to echo what the client sends (default true) */
        void echo(boolean value) {
            this.echo = value;
        }

        @Override
        public void onBinary(ByteBuffer frame) {
            binaryFrames.incrementAndGet();
            if (closed.isDone()) {
                binaryAfterClose.incrementAndGet();
            }
            if (echo) {
                peer.sendBinary(frame);
            }
        }

        @Override
        public void onText(String text) {
            if (echo) {
                peer.sendText(text);
            }
        }

        @Override
        public void onPing(ByteBuffer payload) {
            peer.pong(payload);
        }

        @Override
        public void onPong(ByteBuffer payload) {
            // the suite's server never pings on its own
        }

        @Override
        public void onClosed(int code, String reason) {
            closed.complete(new ServerClose(code, reason));
        }
    }
}
