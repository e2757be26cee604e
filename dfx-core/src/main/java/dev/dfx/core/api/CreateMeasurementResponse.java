package dev.dfx.core.api;

import dev.dfx.core.internal.Tree;

/**
 * Answer to {@code 0504} Measurements.Create: {@code {"ID":measurementId}} (docs/protocol.md §3.3).
 *
 * @param id the new measurement's id; non-blank
 */
public record CreateMeasurementResponse(String id) {
    /** @throws IllegalArgumentException if id is blank */
    public CreateMeasurementResponse {
        java.util.Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
    }

    /**
     * @param body the decoded body
     * @return the response
     * @throws dev.dfx.core.error.DfxProtocolException if {@code ID} is missing
     */
    public static CreateMeasurementResponse fromBody(Object body) {
        String w = "CreateMeasurementResponse";
        return new CreateMeasurementResponse(Tree.reqStr(Tree.object(body, w), "ID", w));
    }
}
