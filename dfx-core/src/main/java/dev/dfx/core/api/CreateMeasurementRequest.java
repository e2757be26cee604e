package dev.dfx.core.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code 0504} Measurements.Create (docs/protocol.md §3.3):
 * {@code {"StudyID","Resolution":0|100,"UserProfileID"?,"PartnerID"?}}.
 *
 * @param studyId {@code StudyID}; non-blank
 * @param resolution {@code Resolution}: 0 = one value per signal, 100 = full series
 * @param userProfileId {@code UserProfileID}, or null
 * @param partnerId {@code PartnerID}, or null
 */
public record CreateMeasurementRequest(String studyId, int resolution, String userProfileId, String partnerId) {
    /** @throws IllegalArgumentException if studyId is blank or resolution is not 0 or 100 */
    public CreateMeasurementRequest {
        Objects.requireNonNull(studyId, "studyId");
        if (studyId.isBlank()) {
            throw new IllegalArgumentException("studyId must not be blank");
        }
        if (resolution != 0 && resolution != 100) {
            throw new IllegalArgumentException("resolution must be 0 or 100, got " + resolution);
        }
    }

    /**
     * @param studyId the study
     * @return a request with resolution 0 and no profile or partner
     */
    public static CreateMeasurementRequest of(String studyId) {
        return new CreateMeasurementRequest(studyId, 0, null, null);
    }

    /** @return the body tree */
    public Map<String, Object> toBody() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("StudyID", studyId);
        m.put("Resolution", resolution);
        if (userProfileId != null) {
            m.put("UserProfileID", userProfileId);
        }
        if (partnerId != null) {
            m.put("PartnerID", partnerId);
        }
        return m;
    }
}
