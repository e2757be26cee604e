package dev.dfx.testkit.memory;

import dev.dfx.core.port.ConnectionListener;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Records a connection's events and every breach of the listener contract it can see. */
class RecordingListener implements ConnectionListener {
    /** One terminal event. */
    record Terminal(Integer code, String reason, Throwable failure) {
    }

    final BlockingQueue<Object> inbound = new LinkedBlockingQueue<>();
    final CompletableFuture<Terminal> terminal = new CompletableFuture<>();
    final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<String> threadNames = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger terminals = new AtomicInteger();
    final AtomicInteger events = new AtomicInteger();
    private final AtomicBoolean inside = new AtomicBoolean();

    private void enter(String what) {
        if (!inside.compareAndSet(false, true)) {
            violations.add("concurrent callback: " + what);
        }
        threadNames.add(Thread.currentThread().getName());
        events.incrementAndGet();
        if (terminal.isDone()) {
            violations.add(what + " after the terminal event");
        }
    }

    private void exit() {
        inside.set(false);
    }

    @Override
    public void onBinary(ByteBuffer data) {
        enter("onBinary");
        inbound.add(data);
        exit();
    }

    @Override
    public void onText(String text) {
        enter("onText");
        inbound.add(text);
        exit();
    }

    @Override
    public void onPong(ByteBuffer payload) {
        enter("onPong");
        inbound.add(new Pong(payload));
        exit();
    }

    @Override
    public void onClosed(int code, String reason) {
        enter("onClosed");
        terminals.incrementAndGet();
        terminal.complete(new Terminal(code, reason, null));
        exit();
    }

    @Override
    public void onFailure(Throwable cause) {
        enter("onFailure");
        terminals.incrementAndGet();
        terminal.complete(new Terminal(null, null, cause));
        exit();
    }

    /** A pong's payload, told apart from binary frames. */
    record Pong(ByteBuffer payload) {
    }

    Object next(Duration timeout) throws InterruptedException {
        Object value = inbound.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (value == null) {
            throw new AssertionError("no inbound event within " + timeout);
        }
        return value;
    }

    ByteBuffer nextBinary(Duration timeout) throws InterruptedException {
        Object value = next(timeout);
        if (!(value instanceof ByteBuffer)) {
            throw new AssertionError("expected a binary frame, got " + value);
        }
        return (ByteBuffer) value;
    }

    Terminal awaitTerminal(Duration timeout) throws Exception {
        return terminal.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
