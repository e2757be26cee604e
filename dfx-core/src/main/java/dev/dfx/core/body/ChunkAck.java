package dev.dfx.core.body;

import java.util.Objects;

/**
 * The {@code 0506} ack: {@code {"ID":"<MeasurementDataID>","ChunkOrder":n}} (docs/protocol.md §4.4).
 *
 * @param id the stored chunk's id ({@code <measurementId>:<chunkOrder>} on the fake server)
 * @param chunkOrder the 0-based index the server assigned
 */
public record ChunkAck(String id, int chunkOrder) {
    /** Validates. */
    public ChunkAck {
        Objects.requireNonNull(id, "id");
        if (chunkOrder < 0) {
            throw new IllegalArgumentException("chunkOrder must be 0 or more, got " + chunkOrder);
        }
    }
}
