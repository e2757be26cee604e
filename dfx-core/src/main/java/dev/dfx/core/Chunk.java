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
 * @param durationSeconds the {@code Duration} sent, in seconds, exactly as given (e.g. a saved chunk's
 *     {@code duration_s}, docs/protocol.md §9); null means {@code duration} in seconds. When given, it must be finite and
 *     within a microsecond of {@code duration}; {@link #withDurationSeconds} sets both. Never null after construction.
 */
public record Chunk(ByteBuffer payload, ByteBuffer meta, Duration duration, Double startTime, Double endTime,
                    MeasurementAction.Mode mode, Double durationSeconds) {

    /**
     * The constructor of the first releases: the {@code Duration} sent is {@code duration} in seconds.
     *
     * @param payload the chunk bytes; a read-only view is kept
     * @param meta the metadata bytes, or null
     * @param duration positive
     * @param startTime {@code StartTime} seconds, or null
     * @param endTime {@code EndTime} seconds, or null
     * @param mode PROCESS, IGNORE, or null for PROCESS
     * @throws NullPointerException if payload or duration is null
     * @throws IllegalArgumentException if duration is not positive or a time is not finite
     */
    public Chunk(ByteBuffer payload, ByteBuffer meta, Duration duration, Double startTime, Double endTime,
                 MeasurementAction.Mode mode) {
        this(payload, meta, duration, startTime, endTime, mode, null);
    }

    /**
     * Validates and wraps the buffers read-only.
     *
     * @throws NullPointerException if payload or duration is null
     * @throws IllegalArgumentException if duration is not positive, a time is not finite, or durationSeconds is not
     *     finite or differs from duration by more than a microsecond
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
        if (durationSeconds == null) {
            durationSeconds = duration.toNanos() / 1e9;
        } else if (!Double.isFinite(durationSeconds)
                || Math.abs(durationSeconds * 1e9 - duration.toNanos()) > 1_000) {
            throw new IllegalArgumentException("durationSeconds (" + durationSeconds + ") must be finite and match "
                    + "duration (" + duration + "); use withDurationSeconds to set both");
        }
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
        return new Chunk(payload, value == null ? null : ByteBuffer.wrap(value), duration, startTime, endTime, mode,
                durationSeconds);
    }

    /**
     * @param start {@code StartTime} seconds, or null
     * @param end {@code EndTime} seconds, or null
     * @return a copy of this chunk with those times
     */
    public Chunk withTimes(Double start, Double end) {
        return new Chunk(payload, meta, duration, start, end, mode, durationSeconds);
    }

    /**
     * @param value PROCESS or IGNORE
     * @return a copy of this chunk with that mode
     */
    public Chunk withMode(MeasurementAction.Mode value) {
        return new Chunk(payload, meta, duration, startTime, endTime, Objects.requireNonNull(value, "mode"),
                durationSeconds);
    }

    /**
     * A copy whose duration is {@code seconds}: the {@code Duration} field sent is exactly this number (as a saved
     * chunk's {@code duration_s} gives it, docs/protocol.md §9), and pacing uses it rounded to the nanosecond.
     *
     * @param seconds the duration in seconds, finite and positive
     * @return the copy
     * @throws IllegalArgumentException if seconds is not finite, or not positive after rounding to the nanosecond
     */
    public Chunk withDurationSeconds(double seconds) {
        if (!Double.isFinite(seconds) || Math.round(seconds * 1e9) <= 0) {
            throw new IllegalArgumentException("seconds must be finite and positive, got " + seconds);
        }
        return new Chunk(payload, meta, Duration.ofNanos(Math.round(seconds * 1e9)), startTime, endTime, mode,
                seconds);
    }

    @Override
    public String toString() {
        return "Chunk[payloadBytes=" + payload.remaining() + ", metaBytes=" + (meta == null ? "none" : meta.remaining())
                + ", duration=" + duration + ", durationSeconds=" + durationSeconds + ", startTime=" + startTime + ", endTime=" + endTime + ", mode=" + mode
                + "]";
    }
}
