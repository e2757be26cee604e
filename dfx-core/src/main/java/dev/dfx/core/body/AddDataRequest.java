package dev.dfx.core.body;

import dev.dfx.core.MeasurementAction;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Body of {@code 0506} Measurements.AddData (docs/protocol.md §4.1). The payload and meta are kept as read-only views,
 * not copies: the caller must not change their bytes until the request is sent. {@link #toString()} shows sizes,
 * never bytes.
 *
 * @param measurementId {@code Params.ID}
 * @param action {@code Action}
 * @param payload the chunk bytes; encoded as standard padded base64
 * @param chunkOrder {@code ChunkOrder}, 0-based, or null to let the server count
 * @param startTime {@code StartTime} in seconds (finite), or null
 * @param endTime {@code EndTime} in seconds (finite), or null
 * @param duration {@code Duration} in seconds (finite, 0 or more), or null
 * @param meta {@code Meta} bytes (base64 on the wire), or null
 */
public record AddDataRequest(String measurementId, MeasurementAction action, ByteBuffer payload, Integer chunkOrder,
                             Double startTime, Double endTime, Double duration, ByteBuffer meta) {
    /** Validates and wraps the buffers read-only. */
    public AddDataRequest {
        Objects.requireNonNull(measurementId, "measurementId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(payload, "payload");
        if (measurementId.isBlank()) {
            throw new IllegalArgumentException("measurementId must not be blank");
        }
        if (chunkOrder != null && chunkOrder < 0) {
            throw new IllegalArgumentException("chunkOrder must be 0 or more, got " + chunkOrder);
        }
        // JSON has no NaN or Infinity: such a number would make the body unencodable (docs/protocol.md §4.1).
        if (startTime != null && !Double.isFinite(startTime)) {
            throw new IllegalArgumentException("startTime must be a finite number of seconds, got " + startTime);
        }
        if (endTime != null && !Double.isFinite(endTime)) {
            throw new IllegalArgumentException("endTime must be a finite number of seconds, got " + endTime);
        }
        if (duration != null && (!Double.isFinite(duration) || duration < 0)) {
            throw new IllegalArgumentException("duration must be 0 or more seconds, got " + duration);
        }
        payload = payload.asReadOnlyBuffer();
        meta = meta == null ? null : meta.asReadOnlyBuffer();
    }

    /** @return a fresh read-only view of the payload (position 0 of the original view) */
    @Override
    public ByteBuffer payload() {
        return payload.duplicate();
    }

    /** @return a fresh read-only view of the meta, or null */
    @Override
    public ByteBuffer meta() {
        return meta == null ? null : meta.duplicate();
    }

    @Override
    public String toString() {
        return "AddDataRequest[measurementId=" + measurementId + ", action=" + action + ", payloadBytes="
                + payload.remaining() + ", chunkOrder=" + chunkOrder + ", startTime=" + startTime + ", endTime="
                + endTime + ", duration=" + duration + ", metaBytes=" + (meta == null ? "none" : meta.remaining())
                + "]";
    }
}
