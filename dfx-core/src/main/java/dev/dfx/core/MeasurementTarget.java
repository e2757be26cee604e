package dev.dfx.core;

import java.util.Objects;

/**
 * What {@link DfxClient#measure} streams into: a study, in which it creates a new measurement ({@code 0504}), or a
 * measurement created beforehand. Immutable.
 *
 * @param studyId the study, or null when {@code measurementId} is given
 * @param measurementId the existing measurement, or null when {@code studyId} is given
 */
public record MeasurementTarget(String studyId, String measurementId) {
    /** @throws IllegalArgumentException unless exactly one of the two is given, non-blank */
    public MeasurementTarget {
        if ((studyId == null) == (measurementId == null)) {
            throw new IllegalArgumentException("give exactly one of studyId and measurementId");
        }
        if (studyId != null && studyId.isBlank()) {
            throw new IllegalArgumentException("studyId must not be blank");
        }
        if (measurementId != null && measurementId.isBlank()) {
            throw new IllegalArgumentException("measurementId must not be blank");
        }
    }

    /**
     * @param studyId the study to create the measurement in
     * @return a target that creates a measurement
     */
    public static MeasurementTarget study(String studyId) {
        return new MeasurementTarget(Objects.requireNonNull(studyId, "studyId"), null);
    }

    /**
     * @param measurementId a measurement created beforehand
     * @return a target that streams into it
     */
    public static MeasurementTarget measurement(String measurementId) {
        return new MeasurementTarget(null, Objects.requireNonNull(measurementId, "measurementId"));
    }
}
