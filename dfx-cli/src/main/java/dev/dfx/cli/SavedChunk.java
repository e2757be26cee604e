package dev.dfx.cli;

import java.time.Duration;
import java.util.Objects;

/**
 * One chunk read from disk or made up, before it becomes a {@code dev.dfx.core.Chunk}.
 *
 * @param payload the chunk bytes
 * @param meta the metadata bytes, or null
 * @param duration the chunk's duration
 * @param startTime start in seconds, or null
 * @param endTime end in seconds, or null
 */
record SavedChunk(byte[] payload, byte[] meta, Duration duration, Double startTime, Double endTime) {
    SavedChunk {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(duration, "duration");
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
        return "SavedChunk[" + payload.length + " bytes, " + duration + "]";
    }
}
