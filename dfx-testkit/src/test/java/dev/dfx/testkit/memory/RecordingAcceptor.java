package dev.dfx.testkit.memory;

import dev.dfx.testkit.wire.ConnectionAcceptor;
import dev.dfx.testkit.wire.HandshakeDecision;
import dev.dfx.testkit.wire.HandshakeRequest;
import dev.dfx.testkit.wire.PeerChannel;
import dev.dfx.testkit.wire.ServerConnection;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A test server that records what each connection's server side sees (into a log shared with the test) and hands
 * the test its {@link PeerChannel}s. It never answers anything on its own.
 */
final class RecordingAcceptor implements ConnectionAcceptor {
    final List<String> log;
    final BlockingQueue<Server> servers = new LinkedBlockingQueue<>();
    final List<String> threadNames = Collections.synchronizedList(new ArrayList<>());
    volatile Consumer<ByteBuffer> onBinaryHook = b -> { };
    volatile Consumer<PeerChannel> onAcceptHook = p -> { };

    RecordingAcceptor(List<String> log) {
        this.log = log;
    }

    @Override
    public HandshakeDecision handshake(HandshakeRequest request) {
        threadNames.add(Thread.currentThread().getName());
        return HandshakeDecision.accept("json");
    }

    @Override
    public ServerConnection accept(HandshakeRequest request, PeerChannel peer) {
        Server s = new Server(peer);
        servers.add(s);
        onAcceptHook.accept(peer);
        return s;
    }

    /** One server-side connection. */
    final class Server implements ServerConnection {
        final PeerChannel peer;
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        volatile int closedCount;
        private final AtomicBoolean inside = new AtomicBoolean();

        Server(PeerChannel peer) {
            this.peer = peer;
        }

        private void enter(String what) {
            if (!inside.compareAndSet(false, true)) {
                violations.add("concurrent server callback: " + what);
            }
            threadNames.add(Thread.currentThread().getName());
            if (closed.isDone()) {
                violations.add(what + " after onClosed");
            }
        }

        @Override
        public void onBinary(ByteBuffer frame) {
            enter("onBinary");
            try {
                received.add(frame);
                onBinaryHook.accept(frame);
            } finally {
                inside.set(false);
            }
        }

        @Override
        public void onText(String text) {
            enter("onText");
            received.add(text);
            inside.set(false);
        }

        @Override
        public void onPing(ByteBuffer payload) {
            enter("onPing");
            received.add(new RecordingListener.Pong(payload));
            inside.set(false);
        }

        @Override
        public void onPong(ByteBuffer payload) {
            enter("onPong");
            received.add(new RecordingListener.Pong(payload));
            inside.set(false);
        }

        @Override
        public void onClosed(int code, String reason) {
            enter("onClosed");
            closedCount++;
            log.add("server:closed " + code + " " + reason);
            closed.complete(code + " " + reason);
            inside.set(false);
        }
    }
}
