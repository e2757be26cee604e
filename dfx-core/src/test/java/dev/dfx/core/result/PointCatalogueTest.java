package dev.dfx.core.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The catalogue of known points follows docs/protocol.md §5.3; issue 13. */
class PointCatalogueTest {

    @Test
    void earlyPoints_areExactlyThoseOfSection5_3() {
        assertThat(PointCatalogue.all().stream().filter(PointInfo::isEarly).map(PointInfo::id)
                .collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("SNR", "HR_BPM", "AGE", "HEIGHT", "WEIGHT", "BMI_CALC", "ABSI",
                        "WAIST_CIRCUM", "WAIST_TO_HEIGHT");
    }

    /** §5.3: "the rest (BP_*, BR_BPM, HRV_SDNN, risks, scores) first appear at 30 s". */
    @ParameterizedTest
    @ValueSource(strings = {"BP_SYSTOLIC", "BP_DIASTOLIC", "BP_CVD", "BR_BPM", "HRV_SDNN", "HPT_RISK_PROB",
            "HEALTH_SCORE", "MSI"})
    void laterPoints_firstAppearAt30s(String id) {
        PointInfo p = PointCatalogue.lookup(id).orElseThrow();

        assertThat(p.firstAppears()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.isEarly()).isFalse();
    }

    @Test
    void everyEntry_hasNameGroupAndAPublicSource() {
        assertThat(PointCatalogue.all()).hasSizeGreaterThan(30).allSatisfy(p -> {
            assertThat(p.name()).isNotBlank();
            assertThat(p.group()).isNotNull();
            assertThat(p.source()).contains("docs/protocol.md §5.3").contains("wmea-sample-app");
            assertThat(PointCatalogue.lookup(p.id())).contains(p);
        });
    }

    @Test
    void knownUnits() {
        assertThat(PointCatalogue.lookup("HR_BPM").orElseThrow().unit()).isEqualTo("bpm");
        assertThat(PointCatalogue.lookup("BP_SYSTOLIC").orElseThrow().unit()).isEqualTo("mmHg");
        assertThat(PointCatalogue.lookup("SNR").orElseThrow().group()).isEqualTo(PointGroup.METADATA);
        assertThat(PointCatalogue.lookup("MSI").orElseThrow().unit()).isEmpty();
    }

    @Test
    void unknownPoint_isEmpty_andNullFailsFast() {
        assertThat(PointCatalogue.lookup("NOT_A_POINT")).isEmpty();
        assertThatThrownBy(() -> PointCatalogue.lookup(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("pointId");
    }
}
