package dev.dfx.testkit.server.internal;

import dev.dfx.core.RequestId;
import dev.dfx.testkit.server.MeasurementState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One measurement's server-side state (PROTOCOL.md §4). Every field is guarded by the object's monitor; the engine
 * holds it while it decides on a chunk and sends the ack and results, so results of one measurement go out in
 * chunk order.
 */
final class Measurement {
    /** Where results of this measurement go (PROTOCOL.md §5.2). */
    record Subscription(FakeConnection connection, RequestId target) {
    }

    final String id;
    /** The study of a measurement made by {@code 0504}, or null. */
    final String studyId;
    /** 0 (one value per point) or 100 (full series), PROTOCOL.md §3.3. */
    final int resolution;
    /** When the measurement became known, by the server's clock. */
    final Instant created;
    /** Its place in creation order, for {@code 0501}. */
    final long sequence;
    /** When a chunk was last accepted, or {@link #created}. */
    Instant updated;
    boolean started;
    boolean closed;
    int chunks;
    int nextOrder;
    long totalNanos;
    Instant start;
    long resultsSent;
    /** True once a LAST::PROCESS was accepted: the final result exists (served by 0500 once {@link #finalReady}). */
    boolean lastProcessed;
    /** True once the final result was produced (after the result delay), whether or not anyone was subscribed. */
    boolean finalReady;
    final List<Subscription> subscriptions = new ArrayList<>();

    Measurement(String id, String studyId, int resolution, Instant created, long sequence) {
        this.id = id;
        this.studyId = studyId;
        this.resolution = resolution;
        this.created = created;
        this.sequence = sequence;
        this.updated = created;
    }

    /** @return the REST {@code StatusID} (PROTOCOL.md §5.4): CAPTURING, PROCESSING or COMPLETE */
    String statusId() {
        if (!closed) {
            return "CAPTURING";
        }
        return lastProcessed && !finalReady ? "PROCESSING" : "COMPLETE";
    }

    /** Starts over with an opening chunk, discarding what was accepted before (PROTOCOL.md §4.2). */
    void restart(Instant now) {
        started = true;
        closed = false;
        chunks = 0;
        nextOrder = 0;
        totalNanos = 0;
        start = now;
        lastProcessed = false;
        finalReady = false;
    }

    void accept(int order, long durationNanos, boolean last) {
        chunks++;
        nextOrder = order + 1;
        totalNanos += durationNanos;
        if (last) {
            closed = true;
        }
    }

    synchronized MeasurementState snapshot() {
        return new MeasurementState(id, started, closed, chunks, nextOrder, Duration.ofNanos(totalNanos),
                subscriptions.size(), resultsSent);
    }
}
