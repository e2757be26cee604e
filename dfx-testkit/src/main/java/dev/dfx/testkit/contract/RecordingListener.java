package dev.dfx.testkit.contract;

import dev.dfx.core.port.ConnectionListener;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link ConnectionListener} that records every event in a queue, for tests, and checks the listener contract as
 * events arrive: events never overlap (serial delivery), at most one terminal event, nothing after it, and no event on
 * a thread that is inside {@code Transport.connect} at the time. Reads are timed only; a missing event fails with an
 * {@link AssertionError} naming what was awaited.
 *
 * <p>Thread-safe: the transport calls it on its threads while the test reads on its own.
 */
public final class RecordingListener implements ConnectionListener {

    /** One recorded event. */
    public sealed interface Event permits Binary, Text, Pong, Closed, Failure {
        /** @return true for {@link Closed} and {@link Failure} */
        default boolean terminal() {
            return false;
        }
    }

    /**
     * A binary frame.
     *
     * @param data the buffer the transport handed in (kept as given)
     */
    public record Binary(ByteBuffer data) implements Event {
        /** @return the frame's bytes, from position to limit */
        public byte[] bytes() {
            ByteBuffer d = data.duplicate();
            byte[] b = new byte[d.remaining()];
            d.get(b);
            return b;
        }
    }

    /**
     * A text frame.
     *
     * @param text the text
     */
    public record Text(String text) implements Event {
    }

    /**
     * A pong.
     *
     * @param payload the pong's payload
     */
    public record Pong(ByteBuffer payload) implements Event {
        /** @return the payload's bytes */
        public byte[] bytes() {
            ByteBuffer d = payload.duplicate();
            byte[] b = new byte[d.remaining()];
            d.get(b);
            return b;
        }
    }

    /**
     * Terminal: closed by a close frame.
     *
     * @param code the close code
     * @param reason the reason
     */
    public record Closed(int code, String reason) implements Event {
        @Override
        public boolean terminal() {
            return true;
        }
    }

    /**
     * Terminal: failed.
     *
     * @param cause the failure
     */
    public record Failure(Throwable cause) implements Event {
        @Override
        public boolean terminal() {
            return true;
        }
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger terminalCount = new AtomicInteger();
    private final AtomicInteger eventCount = new AtomicInteger();
    private final AtomicBoolean inCallback = new AtomicBoolean();
    private final AtomicReference<Thread> connectingThread = new AtomicReference<>();
    private volatile Event terminalEvent;

    /** Creates an empty recorder. */
    public RecordingListener() {
        // nothing recorded yet
    }

    @Override
    public void onBinary(ByteBuffer data) {
        if (data == null) {
            violations.add("onBinary(null)");
            return;
        }
        if (!data.isReadOnly()) {
            violations.add("onBinary got a writable buffer; the contract says read-only copy");
        }
        record(new Binary(data));
    }

    @Override
    public void onText(String text) {
        if (text == null) {
            violations.add("onText(null)");
        }
        record(new Text(text));
    }

    @Override
    public void onPong(ByteBuffer payload) {
        if (payload == null) {
            violations.add("onPong(null)");
            return;
        }
        record(new Pong(payload));
    }

    @Override
    public void onClosed(int code, String reason) {
        if (reason == null) {
            violations.add("onClosed with a null reason");
        }
        record(new Closed(code, reason));
    }

    @Override
    public void onFailure(Throwable cause) {
        if (cause == null) {
            violations.add("onFailure(null)");
        }
        record(new Failure(cause));
    }

    /**
     * Marks the thread that is inside {@code Transport.connect} (or null once it returned): an event on that thread
     * meanwhile is a contract violation.
     *
     * @param thread the caller of connect, or null
     */
    public void connecting(Thread thread) {
        connectingThread.set(thread);
    }

    /**
     * Takes the next event.
     *
     * @param timeout how long to wait
     * @return the event
     * @throws AssertionError if none arrives in time
     */
    public Event next(Duration timeout) {
        try {
            Event e = events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no event within " + timeout.toMillis() + " ms");
            }
            return e;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for an event", ex);
        }
    }

    /**
     * Takes the next event if one arrives in time.
     *
     * @param timeout how long to wait
     * @return the event, or null if none arrived in time
     */
    public Event poll(Duration timeout) {
        try {
            return events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for an event", ex);
        }
    }

    /**
     * Takes the next event and checks its type.
     *
     * @param type the expected type
     * @param timeout how long to wait
     * @param <T> the type
     * @return the event
     * @throws AssertionError if none arrives in time or it has another type
     */
    public <T extends Event> T next(Class<T> type, Duration timeout) {
        Event e = next(timeout);
        if (!type.isInstance(e)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + describe(e));
        }
        return type.cast(e);
    }

    /**
     * Skips data events until the terminal one.
     *
     * @param timeout overall bound
     * @return the terminal event
     * @throws AssertionError if it does not arrive in time
     */
    public Event nextTerminal(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no terminal event within " + timeout.toMillis() + " ms");
            }
            Event e = next(Duration.ofNanos(left));
            if (e.terminal()) {
                return e;
            }
        }
    }

    /**
     * Waits (timed, not a sleep) and checks that nothing arrives.
     *
     * @param quiet how long nothing may arrive
     * @throws AssertionError naming the event if one arrives
     */
    public void assertNoEvent(Duration quiet) {
        try {
            Event e = events.poll(quiet.toNanos(), TimeUnit.NANOSECONDS);
            if (e != null) {
                throw new AssertionError("expected no event but got " + describe(e));
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
    }

    /** @return how many terminal events arrived (the contract allows at most one) */
    public int terminalCount() {
        return terminalCount.get();
    }

    /** @return how many events arrived in all */
    public int eventCount() {
        return eventCount.get();
    }

    /** @return the terminal event, or null if none arrived yet */
    public Event terminalEvent() {
        return terminalEvent;
    }

    /** @return the contract violations seen so far, empty if none */
    public List<String> violations() {
        return new ArrayList<>(violations);
    }

    private void record(Event e) {
        Objects.requireNonNull(e);
        if (!inCallback.compareAndSet(false, true)) {
            violations.add("overlapping callbacks: " + describe(e) + " arrived while another callback ran");
        }
        try {
            if (Thread.currentThread() == connectingThread.get()) {
                violations.add(describe(e) + " delivered from inside Transport.connect");
            }
            if (terminalCount.get() > 0) {
                violations.add(describe(e) + " delivered after the terminal event " + describe(terminalEvent));
            }
            if (e.terminal()) {
                terminalCount.incrementAndGet();
                terminalEvent = e;
            }
            eventCount.incrementAndGet();
            events.add(e);
        } finally {
            inCallback.set(false);
        }
    }

    private static String describe(Event e) {
        if (e instanceof Binary) {
            return "Binary[" + ((Binary) e).data().remaining() + " bytes]";
        }
        if (e instanceof Pong) {
            return "Pong[" + ((Pong) e).payload().remaining() + " bytes]";
        }
        return String.valueOf(e);
    }
}
