package dev.dfx.testkit.server.internal;

import dev.dfx.testkit.server.RecordedFrame;
import dev.dfx.testkit.server.Recording;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the server received and sent, as its {@link Recording} allows: histories plus queues for timed takes, both
 * holding at most {@link Recording#maxFrames()} frames per direction (the newest), with or without their bytes.
 * Thread-safe.
 */
public final class Recorder {
    private final Recording policy;
    private final Side received = new Side();
    private final Side sent = new Side();

    /** One direction; every field guarded by the object's monitor (the queue is also read without it). */
    private static final class Side {
        final ArrayDeque<RecordedFrame> history = new ArrayDeque<>();
        final LinkedBlockingQueue<RecordedFrame> toTake = new LinkedBlockingQueue<>();
    }

    /** A recorder that keeps everything ({@link Recording#everything()}). */
    public Recorder() {
        this(Recording.everything());
    }

    /** @param policy how much to keep */
    public Recorder(Recording policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** @return how much this recorder keeps */
    public Recording policy() {
        return policy;
    }

    /** @param frame a frame from a client */
    public void received(RecordedFrame frame) {
        record(received, frame);
    }

    /** @param frame a frame to a client */
    public void sent(RecordedFrame frame) {
        record(sent, frame);
    }

    private void record(Side side, RecordedFrame frame) {
        int max = policy.maxFrames();
        if (max == 0) {
            return;
        }
        RecordedFrame kept = policy.keepBytes() ? frame : frame.withoutBytes();
        synchronized (side) {
            side.history.addLast(kept);
            if (side.history.size() > max) {
                side.history.removeFirst();
            }
            side.toTake.add(kept);
            // takers only shrink the queue, so this leaves at most max untaken frames
            while (side.toTake.size() > max) {
                side.toTake.poll();
            }
        }
    }

    /** @return every received frame still kept, in arrival order */
    public List<RecordedFrame> receivedFrames() {
        return history(received);
    }

    /** @return every sent frame still kept, in send order */
    public List<RecordedFrame> sentFrames() {
        return history(sent);
    }

    private static List<RecordedFrame> history(Side side) {
        synchronized (side) {
            return List.copyOf(side.history);
        }
    }

    /**
     * @param timeout how long to wait
     * @return the next received frame not taken yet (and still kept), or null on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public RecordedFrame takeReceived(Duration timeout) throws InterruptedException {
        return received.toTake.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * @param timeout how long to wait
     * @return the next sent frame not taken yet (and still kept), or null on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public RecordedFrame takeSent(Duration timeout) throws InterruptedException {
        return sent.toTake.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** @return frames of both kinds still kept (for size checks) */
    public List<RecordedFrame> all() {
        List<RecordedFrame> out = new ArrayList<>(receivedFrames());
        out.addAll(sentFrames());
        return out;
    }
}
