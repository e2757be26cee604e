package dev.dfx.core.measurement;

import dev.dfx.core.MeasurementAction;
import dev.dfx.core.body.ChunkAck;
import dev.dfx.core.error.DfxProtocolException;
import java.util.Objects;

/**
 * The chunk order of one measurement as a pure state machine (docs/protocol.md §4.2-4.4). Not thread-safe: the engine
 * drives it from its serial executor.
 *
 * <p>It decides the action of chunk {@code i} of {@code n} ({@link #actionFor}): {@code FIRST} for index 0 of
 * {@code n > 1}, {@code LAST} for index {@code n-1}, {@code CHUNK} between; a single-chunk measurement is
 * {@code LAST} alone (§4.2). At most one chunk is in flight: the next may go only after the previous one's ack
 * (§4.3, the documented rule). Each ack is validated against the chunk in flight; after the LAST chunk's ack the
 * sequencer is closed. Any illegal transition raises {@link IllegalStateException}.
 */
public final class ChunkSequencer {
    private final int chunkCount;
    private int next;
    private int inFlight = -1;
    private MeasurementAction inFlightAction;
    private boolean closed;

    /**
     * @param chunkCount the number of chunks in the measurement, 1 or more
     * @throws IllegalArgumentException if chunkCount is less than 1
     */
    public ChunkSequencer(int chunkCount) {
        if (chunkCount < 1) {
            throw new IllegalArgumentException("chunkCount must be 1 or more, got " + chunkCount);
        }
        this.chunkCount = chunkCount;
    }

    /**
     * The action of chunk {@code index} of {@code count} (docs/protocol.md §4.2).
     *
     * @param index 0-based index, less than count
     * @param count the number of chunks, 1 or more
     * @param mode PROCESS for a result, IGNORE for none
     * @return the action
     * @throws IllegalArgumentException if index or count is out of range
     */
    public static MeasurementAction actionFor(int index, int count, MeasurementAction.Mode mode) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be 1 or more, got " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("index must be in [0, " + count + "), got " + index);
        }
        if (mode == null) {
            throw new NullPointerException("mode");
        }
        MeasurementAction.Stage stage = index == count - 1 ? MeasurementAction.Stage.LAST
                : index == 0 ? MeasurementAction.Stage.FIRST : MeasurementAction.Stage.CHUNK;
        return MeasurementAction.of(stage, mode);
    }

    /** @return the number of chunks */
    public int chunkCount() {
        return chunkCount;
    }

    /** @return the index of the next chunk to send; equals {@link #chunkCount()} once all are acked */
    public int nextIndex() {
        return next;
    }

    /** @return the index of the chunk in flight, or -1 if none */
    public int inFlightIndex() {
        return inFlight;
    }

    /** @return the number of chunks acknowledged */
    public int ackedCount() {
        return next;
    }

    /** @return true when no chunk is in flight and one is left to send */
    public boolean canSend() {
        return !closed && inFlight < 0 && next < chunkCount;
    }

    /** @return true after the LAST chunk's ack */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Marks the next chunk as in flight.
     *
     * @param mode PROCESS or IGNORE
     * @return the chunk's action
     * @throws NullPointerException if mode is null
     * @throws IllegalStateException if a chunk is in flight or the sequencer is closed
     */
    public MeasurementAction begin(MeasurementAction.Mode mode) {
        Objects.requireNonNull(mode, "mode");
        if (closed) {
            throw new IllegalStateException("measurement is closed: all " + chunkCount + " chunks were acked");
        }
        if (inFlight >= 0) {
            throw new IllegalStateException("chunk " + inFlight + " is still in flight; wait for its ack");
        }
        inFlightAction = actionFor(next, chunkCount, mode);
        inFlight = next;
        return inFlightAction;
    }

    /**
     * Accepts the server's ack of the chunk in flight.
     *
     * @param ack the ack
     * @return the acked chunk's action
     * @throws NullPointerException if ack is null
     * @throws IllegalStateException if no chunk is in flight
     * @throws DfxProtocolException if the ack's ChunkOrder is not the in-flight index or its ID is empty
     */
    public MeasurementAction acknowledge(ChunkAck ack) {
        Objects.requireNonNull(ack, "ack");
        if (inFlight < 0) {
            throw new IllegalStateException("no chunk in flight to acknowledge");
        }
        if (ack.chunkOrder() != inFlight) {
            throw new DfxProtocolException("ack for ChunkOrder " + ack.chunkOrder() + " but chunk " + inFlight
                    + " is in flight");
        }
        if (ack.id().isEmpty()) {
            throw new DfxProtocolException("ack for chunk " + inFlight + " has an empty ID");
        }
        MeasurementAction acked = inFlightAction;
        next = inFlight + 1;
        inFlight = -1;
        inFlightAction = null;
        if (acked.stage() == MeasurementAction.Stage.LAST) {
            closed = true;
        }
        return acked;
    }

    /**
     * The chunk in flight was refused or lost without an ack: it becomes the next chunk to send again, with the same
     * index (docs/protocol.md §4.5: after {@code RATE_LIMIT}, resend the same ChunkOrder).
     *
     * @throws IllegalStateException if no chunk is in flight
     */
    public void retry() {
        if (inFlight < 0) {
            throw new IllegalStateException("no chunk in flight to retry");
        }
        inFlight = -1;
        inFlightAction = null;
    }

    /**
     * Treats the chunk in flight as acknowledged without an ack frame. Used on resume, when the server's answer
     * proves it already holds the chunk (docs/protocol.md §6.3).
     *
     * @return the chunk's action
     * @throws IllegalStateException if no chunk is in flight
     */
    public MeasurementAction assumeAcknowledged() {
        if (inFlight < 0) {
            throw new IllegalStateException("no chunk in flight");
        }
        return acknowledge(new ChunkAck("assumed", inFlight));
    }
}
