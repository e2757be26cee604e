package dev.dfx.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {
    private static final ReconnectPolicy P = new ReconnectPolicy(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1),
            0.0, 8);

    @Test
    void baseDelay_growsByTheMultiplier_andStopsAtTheCap() {
        assertThat(java.util.stream.IntStream.rangeClosed(1, 7).mapToObj(P::baseDelay).map(Duration::toMillis))
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L);
        assertThat(P.baseDelay(10_000)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void defaults_areHalfASecondTimesTwoCappedAtTenSecondsWithTwentyPercentJitterAndEightAttempts() {
        ReconnectPolicy d = ReconnectPolicy.defaults();
        assertThat(d).isEqualTo(new ReconnectPolicy(Duration.ofMillis(500), 2.0, Duration.ofSeconds(10), 0.2, 8));
        assertThat(d.enabled()).isTrue();
        assertThat(ReconnectPolicy.none().enabled()).isFalse();
        assertThat(DfxClientConfig.builder().deviceToken("t").build().reconnectPolicy()).isEqualTo(d);
        assertThat(DfxClientConfig.builder().deviceToken("t").reconnect(ReconnectPolicy.none()).build()
                .toBuilder().build().reconnectPolicy()).isEqualTo(ReconnectPolicy.none());
    }

    @Property(tries = 2000)
    void jitteredDelay_staysWithinTheRatioOfTheBase_andNeverPassesTheCap(
            @ForAll @IntRange(min = 1, max = 12) int attempt, @ForAll @DoubleRange(min = 0, max = 1) double u,
            @ForAll @DoubleRange(min = 0, max = 1) double jitter) {
        ReconnectPolicy p = new ReconnectPolicy(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), jitter, 8);
        long base = p.baseDelay(attempt).toNanos();
        long d = p.delay(attempt, u).toNanos();
        assertThat(d).isBetween((long) Math.floor(base * (1 - jitter)) - 1, (long) Math.ceil(base * (1 + jitter)) + 1);
        assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void jitter_spansBothSidesOfTheBase() {
        ReconnectPolicy p = new ReconnectPolicy(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10), 0.2, 8);
        assertThat(p.delay(1, 0.0)).isEqualTo(Duration.ofMillis(80));
        assertThat(p.delay(1, 0.5)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.delay(1, 1.0)).isEqualTo(Duration.ofMillis(120));
    }

    @Test
    void badValues_failNamingTheField() {
        Duration s = Duration.ofSeconds(1);
        assertThatNullPointerException().isThrownBy(() -> new ReconnectPolicy(null, 2, s, 0, 1))
                .withMessage("initialDelay");
        assertThatNullPointerException().isThrownBy(() -> new ReconnectPolicy(s, 2, null, 0, 1))
                .withMessage("maxDelay");
        assertThatIllegalArgumentException().isThrownBy(() -> new ReconnectPolicy(Duration.ZERO, 2, s, 0, 1))
                .withMessageContaining("initialDelay");
        assertThatIllegalArgumentException().isThrownBy(() -> new ReconnectPolicy(s, 0.5, s, 0, 1))
                .withMessageContaining("multiplier");
        assertThatIllegalArgumentException().isThrownBy(() -> new ReconnectPolicy(s, Double.NaN, s, 0, 1))
                .withMessageContaining("multiplier");
        assertThatIllegalArgumentException().isThrownBy(() -> new ReconnectPolicy(s, 2, Duration.ofMillis(1), 0, 1))
                .withMessageContaining("maxDelay");
        assertThatIllegalArgumentException().isThrownBy(() -> new ReconnectPolicy(s, 2, s, 1.5, 1))
                .withMessageContaining("jitter");
        assertThatIllegalArgumentException().isThrownBy(() -> new ReconnectPolicy(s, 2, s, 0, -1))
                .withMessageContaining("maxAttempts");
        assertThatIllegalArgumentException().isThrownBy(() -> P.baseDelay(0)).withMessageContaining("attempt");
        assertThatIllegalArgumentException().isThrownBy(() -> P.delay(1, 2.0)).withMessageContaining("uniform");
        assertThatNullPointerException().isThrownBy(() -> DfxClientConfig.builder().deviceToken("t").reconnect(null)
                .build()).withMessage("reconnectPolicy");
    }
}
