package dev.dfx.core.result;

/**
 * The group a known point is shown under. The groups are those of the vendor's web sample app
 * ({@code nuralogix/wmea-sample-app}, {@code react/client/pages/Results/helpers.ts}, listed in docs/protocol.md Sources).
 */
public enum PointGroup {
    /** Measurement metadata, e.g. {@code SNR}. */
    METADATA,
    /** Vital signs, e.g. {@code HR_BPM}, {@code BR_BPM}, {@code BP_SYSTOLIC}. */
    VITALS,
    /** Physiological indices, e.g. {@code HRV_SDNN}, {@code BP_RPP}. */
    PHYSIOLOGICAL,
    /** Mental indices, e.g. {@code MSI}. */
    MENTAL,
    /** Physical estimates, e.g. {@code AGE}, {@code BMI_CALC}, {@code WAIST_TO_HEIGHT}. */
    PHYSICAL,
    /** General risks, e.g. {@code BP_CVD}, {@code BP_STROKE}. */
    GENERAL_RISKS,
    /** Metabolic risks, e.g. {@code HPT_RISK_PROB}. */
    METABOLIC_RISKS,
    /** Blood biomarker risks, e.g. {@code HBA1C_RISK_PROB}. */
    BLOOD_BIOMARKERS,
    /** Overall scores, e.g. {@code HEALTH_SCORE}. */
    OVERALL
}
