package dev.dfx.cli;

import dev.dfx.core.Chunk;
import java.time.Duration;
import java.util.Objects;

/**
 * One chunk read from disk or made up, before it becomes a {@code dev.dfx.core.Chunk}.
 *
 * @param number the chunk number (ChunkOrder), from 0
 * @param payload the chunk bytes
 * @param meta the metadata bytes, or null; an empty array is not sent (docs/protocol.md §9)
 * @param durationSeconds the chunk's duration in seconds, positive, exactly as stored ({@code duration_s})
 * @param startTime start in seconds as stored, or null
 * @param endTime end in seconds as stored, or null
 * @param source the file the chunk's timing came from (properties, else payload), for messages; or a label
 */
record SavedChunk(int number, byte[] payload, byte[] meta, double durationSeconds, Double startTime, Double endTime,
                  String source) {
    SavedChunk {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(source, "source");
        if (!(durationSeconds > 0) || Double.isInfinite(durationSeconds)) {
            throw new IllegalArgumentException("durationSeconds must be positive, got " + durationSeconds);
        }
    }

    /** @return the duration, rounded to the nanosecond (for pacing) */
    Duration duration() {
        return Duration.ofNanos(Math.round(durationSeconds * 1e9));
    }

    /**
     * @return the chunk to send: Duration exactly {@link #durationSeconds}, StartTime and EndTime as stored, Meta
     *     only when non-empty (docs/protocol.md §9)
     */
    Chunk toChunk() {
        Chunk c = Chunk.of(payload, duration()).withDurationSeconds(durationSeconds).withTimes(startTime, endTime);
        return meta != null && meta.length > 0 ? c.withMeta(meta) : c;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "SavedChunk[" + number + ", " + payload.length + " bytes, " + durationSeconds + " s, " + source + "]";
    }
}
