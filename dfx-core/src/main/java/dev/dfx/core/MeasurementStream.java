package dev.dfx.core;

import dev.dfx.core.body.ChunkAck;
import dev.dfx.core.body.MeasurementResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * One measurement streamed over a {@link DfxClient}'s connection (docs/protocol.md §4-§5): a subscription
 * ({@code 0510}) whose results arrive on {@link #results()}, and chunks ({@code 0506}) sent with {@link #send}.
 * Created by {@link DfxClient#startMeasurement}; implemented by the client, not by users. Thread-safe.
 *
 * <p>Chunks go one at a time in call order, each only after the previous one's ack and, with real-time pacing,
 * only when real time allows (§4.3). The actions are chosen for you: {@code FIRST} for chunk 0, {@code LAST} for
 * the last, {@code CHUNK} between; a single-chunk measurement sends {@code LAST} alone (§4.2). A {@code RATE_LIMIT}
 * answer makes the stream wait one chunk duration and resend the same chunk. Any other error fails the stream.
 *
 * <p>The stream completes (§5.5) on a result with {@code StatusID} or on the LAST chunk's result, once the LAST
 * chunk is acked; on the LAST ack itself for {@code LAST::IGNORE}; or on a {@code WORKER_ERROR} result. If the
 * connection dropped under the stream after its LAST was accepted and the final result did not come, the stream
 * asks {@code 0500} Measurements.Retrieve for the server's stored record (right after the resume, and again when the
 * result timeout fires) and, if that record is {@code COMPLETE} or {@code ERROR}, completes with it as the final
 * result (§5.5 fallback; its channels have empty names and it has no {@code MeasurementResultID}). Otherwise the
 * result timeout fails the stream with a {@link dev.dfx.core.error.DfxTimeoutException}. All futures
 * complete and all {@link Flow.Subscriber} signals run on the client's executor, never on a transport I/O thread.
 */
public interface MeasurementStream {

    /** @return the measurement's id */
    String measurementId();

    /** @return the number of chunks this measurement takes */
    int chunkCount();

    /**
     * The subscription's current request id. After a reconnect the stream subscribes again with a new id
     * (docs/protocol.md §6.3), so this value may change over the stream's life; do not cache it.
     *
     * @return the {@code 0510} frame's own id, which is also its body's {@code RequestID}, so the ack and every
     *     result arrive on it (§5.1)
     */
    RequestId subscriptionId();

    /** @return completes when the server acks the subscription; fails with the subscribe error or a timeout */
    CompletableFuture<Void> subscribed();

    /**
     * Queues the next chunk. Chunks are numbered in call order (ChunkOrder 0, 1, ...).
     *
     * @param chunk the chunk
     * <p>If the connection drops, the stream survives when the client's {@link ReconnectPolicy} reconnects: it
     * resends the first unacknowledged chunk; if the server proves it already held it ({@code MISALIGNED_CHUNK}, or
     * {@code MEASUREMENT_CLOSED} for the LAST, docs/protocol.md §6.3), that chunk's future completes with an ack whose ID
     * is {@code "assumed"}, since the real one was lost with the connection. Each future completes exactly once.
     *
     * @return completes with the server's ack; fails with the chunk's server error (e.g.
     *     {@link dev.dfx.core.error.DfxMisalignedChunkException}), a timeout, the connection's close, or the
     *     stream's earlier failure
     * @throws NullPointerException if chunk is null
     * @throws IllegalStateException if {@link #chunkCount()} chunks were already queued
     */
    CompletableFuture<ChunkAck> send(Chunk chunk);

    /**
     * A replaying publisher of this measurement's results: every subscriber gets all results from the first, in
     * arrival order, within its demand; it completes when the measurement completes and fails with the stream's
     * failure. Signals follow the Reactive Streams rules ({@code request(n <= 0)} signals
     * {@link IllegalArgumentException}).
     *
     * @return the publisher (the same instance on every call)
     */
    Flow.Publisher<MeasurementResult> results();

    /** @return completes with the summary when the measurement completes; fails with the stream's failure */
    CompletableFuture<MeasurementSummary> completion();

    /**
     * Stops the stream: queued chunks are not sent, and every future and subscriber fails with a
     * {@link java.util.concurrent.CancellationException}. No-op once the stream ended. The server has no
     * unsubscribe action, so it is not told.
     */
    void cancel();
}
