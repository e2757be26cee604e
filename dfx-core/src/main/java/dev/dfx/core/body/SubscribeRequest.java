package dev.dfx.core.body;

import java.util.Objects;

/**
 * Body of {@code 0510} Measurements.Subscribe: {@code {"Params":{"ID":measurementId},"RequestID":requestId}}
 * (docs/protocol.md §5.1). Results come back on {@code requestId}.
 *
 * @param measurementId the measurement to follow
 * @param requestId where results go: 10 characters, or empty to mean the frame's own id
 */
public record SubscribeRequest(String measurementId, String requestId) {
    /** Validates. */
    public SubscribeRequest {
        Objects.requireNonNull(measurementId, "measurementId");
        Objects.requireNonNull(requestId, "requestId");
        if (measurementId.isBlank()) {
            throw new IllegalArgumentException("measurementId must not be blank");
        }
    }
}
