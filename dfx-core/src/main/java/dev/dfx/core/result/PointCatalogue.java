package dev.dfx.core.result;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The known result points: id, name, unit, group, and when each first appears. Stateless and thread-safe.
 *
 * <p>Sources, for every entry: the point names, units and groups are those of the vendor's web sample app
 * ({@code nuralogix/wmea-sample-app}, {@code react/client/pages/Results/helpers.ts}, in docs/protocol.md Sources; its
 * {@code availableAfterSec} agrees with §5.3); the time a point first appears is docs/protocol.md §5.3: the early points
 * ({@code SNR, HR_BPM, AGE, HEIGHT, WEIGHT, BMI_CALC, ABSI, WAIST_CIRCUM, WAIST_TO_HEIGHT}) come in every 5 s
 * intermediate result, the rest first at 30 s. Short unit spellings ({@code bpm}, {@code breaths/min}, {@code s})
 * are ours. The sample app's survey points, which come from questionnaires rather than from a measurement, are not
 * listed.
 *
 * <p>A point that is not listed is not an error: {@link #lookup} returns empty and {@link ResultReadings} passes it
 * through with its id, channel, notes and values untouched. The server may add points at any time.
 */
public final class PointCatalogue {
    /** When the early points first appear: in the first intermediate result, after 5 s of data (§5.3). */
    public static final Duration EARLY = Duration.ofSeconds(5);
    /** When the other points first appear: in the final result of a 30 s measurement (§5.3). */
    public static final Duration FINAL = Duration.ofSeconds(30);

    private static final String SOURCE = "docs/protocol.md §5.3 (when it appears); nuralogix/wmea-sample-app "
            + "react/client/pages/Results/helpers.ts (name, unit, group)";

    private static final Map<String, PointInfo> POINTS = build();

    private PointCatalogue() {
    }

    /**
     * @param pointId a point id, e.g. {@code HR_BPM}
     * @return the catalogue entry, or empty if the point is not known
     * @throws NullPointerException if pointId is null
     */
    public static Optional<PointInfo> lookup(String pointId) {
        return Optional.ofNullable(POINTS.get(Objects.requireNonNull(pointId, "pointId")));
    }

    /** @return every known point, early points first, then by group; unmodifiable */
    public static List<PointInfo> all() {
        return List.copyOf(POINTS.values());
    }

    private static Map<String, PointInfo> build() {
        Map<String, PointInfo> m = new LinkedHashMap<>();
        // Early points (§5.3): every intermediate result carries them.
        early(m, "SNR", "Signal to Noise Ratio", "dB", PointGroup.METADATA);
        early(m, "HR_BPM", "Pulse Rate", "bpm", PointGroup.VITALS);
        early(m, "AGE", "Facial Skin Age", "years", PointGroup.PHYSICAL);
        early(m, "HEIGHT", "Estimated Height", "cm", PointGroup.PHYSICAL);
        early(m, "WEIGHT", "Estimated Weight", "kg", PointGroup.PHYSICAL);
        early(m, "BMI_CALC", "Body Mass Index", "kg/m\u00b2", PointGroup.PHYSICAL);
        early(m, "ABSI", "Body Shape Index", "", PointGroup.PHYSICAL);
        early(m, "WAIST_CIRCUM", "Waist Circumference", "cm", PointGroup.PHYSICAL);
        early(m, "WAIST_TO_HEIGHT", "Waist-to-Height Ratio", "%", PointGroup.PHYSICAL);
        // The rest first appear at 30 s (§5.3).
        late(m, "BR_BPM", "Breathing Rate", "breaths/min", PointGroup.VITALS);
        late(m, "BP_SYSTOLIC", "Systolic Blood Pressure", "mmHg", PointGroup.VITALS);
        late(m, "BP_DIASTOLIC", "Diastolic Blood Pressure", "mmHg", PointGroup.VITALS);
        late(m, "IHB_COUNT", "Irregular Heartbeat Count", "", PointGroup.VITALS);
        late(m, "HRV_SDNN", "Heart Rate Variability", "ms", PointGroup.PHYSIOLOGICAL);
        late(m, "BP_RPP", "Cardiac Workload", "dB", PointGroup.PHYSIOLOGICAL);
        late(m, "BP_TAU", "Vascular Capacity", "s", PointGroup.PHYSIOLOGICAL);
        late(m, "VITALITY", "NuraLogix Vitality Index", "", PointGroup.PHYSIOLOGICAL);
        late(m, "MSI", "NuraLogix Mental Stress Index", "", PointGroup.MENTAL);
        late(m, "ANXIETY_INDEX", "NuraLogix Anxiety Index", "", PointGroup.MENTAL);
        late(m, "SLEEP_QUALITY", "NuraLogix Sleep Quality Index", "", PointGroup.MENTAL);
        late(m, "AGE_CVM", "Cardiovascular Metabolic Age", "years", PointGroup.PHYSICAL);
        late(m, "BP_CVD", "Cardiovascular Disease Risk", "%", PointGroup.GENERAL_RISKS);
        late(m, "BP_HEART_ATTACK", "Heart Attack Risk", "%", PointGroup.GENERAL_RISKS);
        late(m, "BP_STROKE", "Stroke Risk", "%", PointGroup.GENERAL_RISKS);
        late(m, "CVD_MULTI_YEAR_RISK_PROBS", "Multi-year Cardiovascular Disease Risk", "%", PointGroup.GENERAL_RISKS);
        late(m, "CVD_MULTI_YEAR_RISK_YEARS", "Multi-year Cardiovascular Disease Risk (years)", "years",
                PointGroup.GENERAL_RISKS);
        late(m, "SMK_RISK_PROB", "Smoking Risk", "%", PointGroup.GENERAL_RISKS);
        late(m, "OVERALL_METABOLIC_RISK_PROB", "Overall Metabolic Health Risk", "%", PointGroup.METABOLIC_RISKS);
        late(m, "HPT_RISK_PROB", "Hypertension Risk", "%", PointGroup.METABOLIC_RISKS);
        late(m, "DBT_RISK_PROB", "Type 2 Diabetes Risk", "%", PointGroup.METABOLIC_RISKS);
        late(m, "HDLTC_RISK_PROB", "Hypercholesterolemia Risk", "%", PointGroup.METABOLIC_RISKS);
        late(m, "TG_RISK_PROB", "Hypertriglyceridemia Risk", "%", PointGroup.METABOLIC_RISKS);
        late(m, "FLD_RISK_PROB", "Fatty Liver Disease Risk", "%", PointGroup.METABOLIC_RISKS);
        late(m, "HBA1C_RISK_PROB", "Hemoglobin A1C Risk", "%", PointGroup.BLOOD_BIOMARKERS);
        late(m, "MFBG_RISK_PROB", "Fasting Blood Glucose Risk", "%", PointGroup.BLOOD_BIOMARKERS);
        late(m, "HEALTH_SCORE", "NuraLogix General Wellness Score", "", PointGroup.OVERALL);
        late(m, "VITAL_SCORE", "NuraLogix Vitals Score", "", PointGroup.OVERALL);
        late(m, "PHYSIO_SCORE", "NuraLogix Physiological Score", "", PointGroup.OVERALL);
        late(m, "MENTAL_SCORE", "NuraLogix Mental Score", "", PointGroup.OVERALL);
        late(m, "PHYSICAL_SCORE", "NuraLogix Physical Score", "", PointGroup.OVERALL);
        late(m, "RISKS_SCORE", "NuraLogix Risks Score", "", PointGroup.OVERALL);
        return Collections.unmodifiableMap(m);
    }

    private static void early(Map<String, PointInfo> m, String id, String name, String unit, PointGroup group) {
        m.put(id, new PointInfo(id, name, unit, group, EARLY, SOURCE));
    }

    private static void late(Map<String, PointInfo> m, String id, String name, String unit, PointGroup group) {
        m.put(id, new PointInfo(id, name, unit, group, FINAL, SOURCE));
    }
}
