package dev.dfx.core.engine;

import dev.dfx.core.port.ConnectSpec;
import dev.dfx.core.port.Connection;
import dev.dfx.core.port.ConnectionListener;
import dev.dfx.core.port.Transport;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * A transport whose connections are scripted by the test: it records every spec, opens a {@link ScriptedConnection}
 * per connect (or fails, or holds the connect open), and calls listeners on {@link #io} (the test thread by
 * default, a named "I/O" thread when a test needs one).
 */
final class ScriptedTransport implements Transport {
    final List<ConnectSpec> specs = new CopyOnWriteArrayList<>();
    final List<ScriptedConnection> connections = new CopyOnWriteArrayList<>();
    private final Executor io;
    private volatile Throwable failNext;
    private volatile boolean holdNext;
    volatile CompletableFuture<Connection> held;
    volatile boolean closed;

    ScriptedTransport() {
        this(Runnable::run);
    }

    ScriptedTransport(Executor io) {
        this.io = io;
    }

    /** @param cause the next connect fails with it */
    void failNextConnect(Throwable cause) {
        failNext = cause;
    }

    /** The next connect's future stays open until the test completes {@link #held}. */
    void holdNextConnect() {
        holdNext = true;
    }

    @Override
    public CompletableFuture<Connection> connect(ConnectSpec spec, ConnectionListener listener) {
        specs.add(spec);
        Throwable f = failNext;
        if (f != null) {
            failNext = null;
            return CompletableFuture.failedFuture(f);
        }
        ScriptedConnection c = new ScriptedConnection(listener, io, spec.subprotocols().get(0));
        connections.add(c);
        if (holdNext) {
            holdNext = false;
            held = new CompletableFuture<>();
            return held;
        }
        return CompletableFuture.completedFuture(c);
    }

    /** @return the connection opened last */
    ScriptedConnection last() {
        return connections.get(connections.size() - 1);
    }

    @Override
    public void close() {
        closed = true;
    }
}
