package dev.dfx.core.measurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** {@link RateLimiter}: the real-time rule of PROTOCOL.md §4.3, on a manual clock. */
class RateLimiterTest {
    private static final Duration FIVE = Duration.ofSeconds(5);

    /** A clock that moves only when told to. */
    static final class ManualClock implements InstantSource, dev.dfx.core.port.Ticker {
        private Instant now;

        ManualClock(Instant start) {
            this.now = start;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public long nanoTime() {
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));

    @Test
    void firstChunk_mayGoAtOnce_evenWithoutBurst() {
        RateLimiter limiter = new RateLimiter(clock, Duration.ZERO);

        assertThat(limiter.delayFor(FIVE)).isZero();
        assertThat(limiter.delayFor(Duration.ofHours(1))).isZero();
        assertThat(limiter.sent()).isZero();
    }

    @Test
    void secondChunk_withoutBurst_waitsUntilSentPlusChunkEqualsElapsed() {
        RateLimiter limiter = new RateLimiter(clock, Duration.ZERO);
        limiter.recordSent(FIVE);

        // sent 5 s + next 5 s <= elapsed: 10 s after the first chunk.
        assertThat(limiter.delayFor(FIVE)).isEqualTo(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(3));
        assertThat(limiter.delayFor(FIVE)).isEqualTo(Duration.ofSeconds(7));
        clock.advance(Duration.ofSeconds(7).minusNanos(1));
        assertThat(limiter.delayFor(FIVE)).isEqualTo(Duration.ofNanos(1));
        clock.advance(Duration.ofNanos(1));
        assertThat(limiter.delayFor(FIVE)).isZero();
        clock.advance(Duration.ofSeconds(30));
        assertThat(limiter.delayFor(FIVE)).as("never negative").isZero();
    }

    @Test
    void burst_letsChunksRunAheadOfRealTime() {
        RateLimiter limiter = new RateLimiter(clock, Duration.ofSeconds(4));
        limiter.recordSent(FIVE);

        assertThat(limiter.delayFor(FIVE)).isEqualTo(Duration.ofSeconds(6));
        assertThat(limiter.delayFor(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(2));
        assertThat(limiter.delayFor(Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void sixFiveSecondChunks_paceOneChunkPerFiveSeconds() {
        RateLimiter limiter = new RateLimiter(clock, Duration.ZERO);
        Instant start = clock.instant();
        limiter.recordSent(FIVE);
        for (int i = 1; i < 6; i++) {
            clock.advance(limiter.delayFor(FIVE));
            limiter.recordSent(FIVE);
            assertThat(Duration.between(start, clock.instant())).isEqualTo(FIVE.multipliedBy(i + 1L));
        }

        assertThat(limiter.sent()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void recordSent_firstCall_startsTheClock() {
        RateLimiter limiter = new RateLimiter(clock, Duration.ZERO);
        clock.advance(Duration.ofMinutes(10));

        limiter.recordSent(FIVE);

        // Idle time before the first chunk earns no credit.
        assertThat(limiter.delayFor(FIVE)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void constructor_badArguments_areRejectedNamingThem() {
        assertThatThrownBy(() -> new RateLimiter(null, Duration.ZERO)).isInstanceOf(NullPointerException.class)
                .hasMessage("ticker");
        assertThatThrownBy(() -> new RateLimiter(clock, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("burst");
        assertThatThrownBy(() -> new RateLimiter(clock, Duration.ofNanos(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("burst");
    }

    @Test
    void chunkDuration_nullOrNegative_isRejectedNamingIt() {
        RateLimiter limiter = new RateLimiter(clock, Duration.ZERO);

        assertThatThrownBy(() -> limiter.delayFor(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("chunkDuration");
        assertThatThrownBy(() -> limiter.recordSent(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("chunkDuration");
        assertThat(limiter.sent()).isZero();
        assertThat(limiter.delayFor(FIVE)).as("a refused record does not start the clock").isZero();
    }

    /**
     * A caller that always waits the returned delay (and maybe longer) before recording: at every send after the
     * first, {@code sent + d <= elapsed + burst} holds, and the delay was minimal: one nanosecond earlier the rule
     * would have been broken.
     */
    @Property(tries = 500)
    void callerWaitingTheDelay_alwaysKeepsTheRealTimeRule_andTheDelayIsMinimal(
            @ForAll @LongRange(min = 0, max = 10_000) long burstMillis,
            @ForAll @Size(min = 1, max = 30) List<@LongRange(min = 0, max = 10_000_000_000L) Long> chunkNanos,
            @ForAll @Size(min = 1, max = 30) List<@LongRange(min = 0, max = 3_000_000_000L) Long> extraWaitNanos,
            @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long startOffsetNanos) {
        ManualClock c = new ManualClock(Instant.parse("2030-01-01T00:00:00Z").plusNanos(startOffsetNanos));
        long burst = Duration.ofMillis(burstMillis).toNanos();
        RateLimiter limiter = new RateLimiter(c, Duration.ofMillis(burstMillis));
        Instant start = null;
        long sent = 0;

        for (int i = 0; i < chunkNanos.size(); i++) {
            Duration d = Duration.ofNanos(chunkNanos.get(i));
            Duration delay = limiter.delayFor(d);
            assertThat(delay.isNegative()).as("delay is never negative").isFalse();
            if (start == null) {
                assertThat(delay).as("first chunk goes at once").isZero();
            } else if (!delay.isZero()) {
                c.advance(delay.minusNanos(1));
                long elapsedEarly = Duration.between(start, c.instant()).toNanos();
                assertThat(sent + d.toNanos()).as("1 ns earlier breaks the rule")
                        .isGreaterThan(elapsedEarly + burst);
                assertThat(limiter.delayFor(d)).isEqualTo(Duration.ofNanos(1));
                c.advance(Duration.ofNanos(1));
            }
            assertThat(limiter.delayFor(d)).isZero();
            c.advance(Duration.ofNanos(extraWaitNanos.get(i % extraWaitNanos.size())));

            if (start != null) {
                long elapsed = Duration.between(start, c.instant()).toNanos();
                assertThat(sent + d.toNanos()).as("sent + d <= elapsed + burst").isLessThanOrEqualTo(elapsed + burst);
            }
            limiter.recordSent(d);
            if (start == null) {
                start = c.instant();
            }
            sent += d.toNanos();
            assertThat(limiter.sent()).isEqualTo(Duration.ofNanos(sent));
        }
    }
}
