package dev.dfx.transport.netty;

import dev.dfx.core.port.ConnectionListener;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Records one connection's listener events, the threads they ran on, and contract breaches. */
final class RecordingListener implements ConnectionListener {

    /** A terminal event: a close ({@code cause == null}) or a failure. */
    record Terminal(int code, String reason, Throwable cause) {
    }

    private final BlockingQueue<ByteBuffer> binaries = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    private final CompletableFuture<Terminal> terminal = new CompletableFuture<>();
    private final AtomicInteger terminalCount = new AtomicInteger();
    private final AtomicInteger eventsAfterTerminal = new AtomicInteger();
    private final AtomicInteger concurrentCalls = new AtomicInteger();
    private final AtomicInteger overlaps = new AtomicInteger();
    final List<String> threadNames = new CopyOnWriteArrayList<>();

    @Override
    public void onBinary(ByteBuffer data) {
        event(() -> binaries.add(data));
    }

    @Override
    public void onText(String text) {
        event(() -> texts.add(text));
    }

    @Override
    public void onPong(ByteBuffer payload) {
        event(() -> pongs.add(payload));
    }

    @Override
    public void onClosed(int code, String reason) {
        event(() -> {
            terminalCount.incrementAndGet();
            terminal.complete(new Terminal(code, reason, null));
        });
    }

    @Override
    public void onFailure(Throwable cause) {
        event(() -> {
            terminalCount.incrementAndGet();
            terminal.complete(new Terminal(-1, "", cause));
        });
    }

    private void event(Runnable record) {
        if (concurrentCalls.incrementAndGet() != 1) {
            overlaps.incrementAndGet();
        }
        threadNames.add(Thread.currentThread().getName());
        if (terminal.isDone()) {
            eventsAfterTerminal.incrementAndGet();
        }
        record.run();
        concurrentCalls.decrementAndGet();
    }

    ByteBuffer nextBinary(Duration timeout) throws InterruptedException {
        return binaries.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    String nextText(Duration timeout) throws InterruptedException {
        return texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    ByteBuffer nextPong(Duration timeout) throws InterruptedException {
        return pongs.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    Terminal terminal(Duration timeout) throws Exception {
        return terminal.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean terminated() {
        return terminal.isDone();
    }

    int terminalCount() {
        return terminalCount.get();
    }

    int eventsAfterTerminal() {
        return eventsAfterTerminal.get();
    }

    int overlappingCalls() {
        return overlaps.get();
    }

    int eventCount() {
        return threadNames.size();
    }
}
