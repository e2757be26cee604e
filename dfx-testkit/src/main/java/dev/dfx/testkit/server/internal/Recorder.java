package dev.dfx.testkit.server.internal;

import dev.dfx.testkit.server.RecordedFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Everything the server received and sent: full histories plus queues for timed takes. Thread-safe. */
public final class Recorder {
    private final List<RecordedFrame> received = new ArrayList<>();
    private final List<RecordedFrame> sent = new ArrayList<>();
    private final LinkedBlockingQueue<RecordedFrame> toTake = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<RecordedFrame> sentToTake = new LinkedBlockingQueue<>();

    /** @param frame a frame from a client */
    public void received(RecordedFrame frame) {
        synchronized (received) {
            received.add(frame);
        }
        toTake.add(frame);
    }

    /** @param frame a frame to a client */
    public void sent(RecordedFrame frame) {
        synchronized (sent) {
            sent.add(frame);
        }
        sentToTake.add(frame);
    }

    /** @return every received frame so far, in arrival order */
    public List<RecordedFrame> receivedFrames() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** @return every sent frame so far, in send order */
    public List<RecordedFrame> sentFrames() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /**
     * @param timeout how long to wait
     * @return the next received frame not taken yet, or null on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public RecordedFrame takeReceived(Duration timeout) throws InterruptedException {
        return toTake.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * @param timeout how long to wait
     * @return the next sent frame not taken yet, or null on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public RecordedFrame takeSent(Duration timeout) throws InterruptedException {
        return sentToTake.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** @return frames of both kinds recorded so far (for size checks) */
    public List<RecordedFrame> all() {
        List<RecordedFrame> out = new ArrayList<>(receivedFrames());
        out.addAll(sentFrames());
        return out;
    }
}
