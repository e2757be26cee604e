package dev.dfx.core;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;

/**
 * One chunk of measurement data for {@link MeasurementStream#send(Chunk)}, as produced by the DFX Extraction
 * library (docs/protocol.md §4.1). Immutable: the buffers are read-only views, not copies, so the caller must not change
 * their bytes until the chunk's future completes. {@link #toString()} shows sizes, never bytes.
 *
 * @param payload the chunk bytes (sent as base64 {@code Payload}); a read-only view
 * @param meta the chunk metadata bytes (sent as base64 {@code Meta}), or null; a read-only view
 * @param duration the chunk's duration, positive; paces the stream (§4.3) and is sent as {@code Duration} seconds
 * @param startTime {@code StartTime} in seconds, or null
 * @param endTime {@code EndTime} in seconds, or null
 * @param mode PROCESS for a result for this chunk, IGNORE for none; null means PROCESS
 */
public record Chunk(ByteBuffer payload, ByteBuffer meta, Duration duration, Double startTime, Double endTime,
                    MeasurementAction.Mode mode) {

    /**
     * Validates and wraps the buffers read-only.
     *
     * @throws NullPointerException if payload or duration is null
     * @throws IllegalArgumentException if duration is not positive or a time is not finite
     */
    public Chunk {
        payload = Objects.requireNonNull(payload, "payload").asReadOnlyBuffer();
        meta = meta == null ? null : meta.asReadOnlyBuffer();
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
        if (startTime != null && !Double.isFinite(startTime)) {
            throw new IllegalArgumentException("startTime must be finite, got " + startTime);
        }
        if (endTime != null && !Double.isFinite(endTime)) {
            throw new IllegalArgumentException("endTime must be finite, got " + endTime);
        }
        mode = mode == null ? MeasurementAction.Mode.PROCESS : mode;
    }

    /**
     * A PROCESS chunk without meta or times.
     *
     * @param payload the chunk bytes; wrapped, not copied
     * @param duration positive
     * @return the chunk
     */
    public static Chunk of(byte[] payload, Duration duration) {
        return new Chunk(ByteBuffer.wrap(Objects.requireNonNull(payload, "payload")), null, duration, null, null,
                MeasurementAction.Mode.PROCESS);
    }

    /** @return a fresh read-only view of the payload */
    @Override
    public ByteBuffer payload() {
        return payload.duplicate();
    }

    /** @return a fresh read-only view of the meta, or null */
    @Override
    public ByteBuffer meta() {
        return meta == null ? null : meta.duplicate();
    }

    /**
     * @param value the metadata bytes (wrapped, not copied), or null
     * @return a copy of this chunk with that meta
     */
    public Chunk withMeta(byte[] value) {
        return new Chunk(payload, value == null ? null : ByteBuffer.wrap(value), duration, startTime, endTime, mode);
    }

    /**
     * @param start {@code StartTime} seconds, or null
     * @param end {@code EndTime} seconds, or null
     * @return a copy of this chunk with those times
     */
    public Chunk withTimes(Double start, Double end) {
        return new Chunk(payload, meta, duration, start, end, mode);
    }

    /**
     * @param value PROCESS or IGNORE
     * @return a copy of this chunk with that mode
     */
    public Chunk withMode(MeasurementAction.Mode value) {
        return new Chunk(payload, meta, duration, startTime, endTime, Objects.requireNonNull(value, "mode"));
    }

    @Override
    public String toString() {
        return "Chunk[payloadBytes=" + payload.remaining() + ", metaBytes=" + (meta == null ? "none" : meta.remaining())
                + ", duration=" + duration + ", startTime=" + startTime + ", endTime=" + endTime + ", mode=" + mode
                + "]";
    }
}
